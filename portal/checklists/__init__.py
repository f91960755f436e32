"""Onboarding in the portal: checklists of reading items and tasks, acknowledgements and
progress (the tracks themselves, as data and pure rules, are the top-level `onboarding`).

reading.py      — what a reading item points at now; the tracks folder, cached
assignments.py  — assigning tracks, acknowledging readings, ticking off tasks
minor_edits.py  — minor edits: acknowledgements carried over to the new version
overview.py     — one person's checklists and the team's overview
leads.py        — a lead's view of one person: reschedule, take a track away, remind
views.py        — /portal/onboarding/ (mine) and /portal/onboarding/team

Views and the CLI call these with an explicit session, user and paths.
"""

from portal.checklists.assignments import (
    acknowledge,
    assign_track,
    assignments_of,
    ensure_default_assignment,
    record_open,
    set_task_done,
)
from portal.checklists.leads import (
    dismiss_reminder,
    person_onboarding,
    reminders_for,
    reschedule,
    send_reminder,
    unassign,
)
from portal.checklists.minor_edits import minor_edits, record_minor_edit, record_minor_versions
from portal.checklists.overview import (
    AssignmentView,
    PersonRow,
    PolicyAcknowledgement,
    my_onboarding,
    onboarding_views,
    team_overview,
    view_assignment,
)
from portal.checklists.reading import Reading, read_target, tracks_in

__all__ = [
    "AssignmentView",
    "PersonRow",
    "PolicyAcknowledgement",
    "Reading",
    "acknowledge",
    "assign_track",
    "assignments_of",
    "dismiss_reminder",
    "ensure_default_assignment",
    "minor_edits",
    "my_onboarding",
    "onboarding_views",
    "person_onboarding",
    "read_target",
    "record_minor_edit",
    "record_minor_versions",
    "record_open",
    "reminders_for",
    "reschedule",
    "send_reminder",
    "set_task_done",
    "team_overview",
    "tracks_in",
    "unassign",
    "view_assignment",
]
