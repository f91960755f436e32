"""Progress as people see it: one person's checklists, and the team's overview for leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.markdown import SiteMarkdown
from onboarding import Progress, Track, TrackItem, track_progress
from onboarding.progress import Completion, ItemState, ItemStatus
from portal.checklists.assignments import assignments_of, ensure_default_assignment, opened_since
from portal.checklists.minor_edits import minor_edits
from portal.checklists.reading import Reading, read_target
from portal.diffing import RenderedBlock, rendered_changes
from portal.models import User
from portal.models.onboarding import Assignment, ItemOpen


@dataclass(frozen=True)
class AssignmentView:
    assignment: Assignment
    progress: Progress
    readings: dict[str, Reading]  # by item target
    snapshots: dict[str, str]  # item id → text acknowledged
    opened: dict[str, dt.datetime] = field(default_factory=dict)  # item id → last opened

    def may_acknowledge(self, state: ItemState) -> bool:
        """A reading item can be acknowledged once opened since it was last acknowledged."""
        return opened_since(self.opened.get(state.item.id), state.completion)

    def state_of(self, item_id: str) -> ItemState | None:
        return next((s for s in self.progress.items if s.item.id == item_id), None)

    def title_of(self, item: TrackItem) -> str:
        reading = self.readings.get(item.target)
        return item.title or (reading.title if reading else item.target)

    def changes(self, item: TrackItem, renderer: SiteMarkdown) -> list[RenderedBlock]:
        """What changed since the acknowledged version: the changed blocks rendered as on
        the site, with a block of context around each."""
        reading = self.readings.get(item.target)
        before = self.snapshots.get(item.id)
        if reading is None or before is None:
            return []
        return rendered_changes(before, reading.text, renderer)


def view_assignment(
    session: Session,
    assignment: Assignment,
    docs: Path,
    tracks: dict[str, Track],
    today: dt.date,
    minor: dict[str, str] | None = None,
) -> AssignmentView | None:
    track = tracks.get(assignment.track_id)
    if track is None:
        return None
    readings: dict[str, Reading] = {}
    for item in track.items:
        if item.kind == "read" and item.target not in readings:
            reading = read_target(docs, item)
            if reading is not None:
                readings[item.target] = reading
    records = {r.item_id: r for r in assignment.records}
    completions = {
        item_id: Completion(record.done_at, record.version) for item_id, record in records.items()
    }
    versions: dict[str, str | None] = {t: r.version for t, r in readings.items()}
    progress = track_progress(
        track,
        assignment.start_date,
        today,
        completions,
        versions,
        minor if minor is not None else minor_edits(session),
    )
    snapshots = {i: r.snapshot for i, r in records.items() if r.snapshot is not None}
    opened = {o.item_id: o.opened_at for o in session.scalars(
        select(ItemOpen).where(ItemOpen.assignment_id == assignment.id))}
    return AssignmentView(assignment, progress, readings, snapshots, opened)


def my_onboarding(
    session: Session, user: User, docs: Path, tracks: dict[str, Track], today: dt.date
) -> list[AssignmentView]:
    ensure_default_assignment(session, user, tracks, today)
    return onboarding_views(session, user, docs, tracks, today)


def onboarding_views(
    session: Session, user: User, docs: Path, tracks: dict[str, Track], today: dt.date
) -> list[AssignmentView]:
    """The person's checklists as they stand, writing nothing (what every page's menu shows:
    a page must render while the database is locked for writing)."""
    minor = minor_edits(session)
    views = [view_assignment(session, a, docs, tracks, today, minor)
             for a in assignments_of(session, user)]
    return [v for v in views if v is not None]


@dataclass(frozen=True)
class PersonRow:
    user: User
    views: list[AssignmentView]

    @property
    def done(self) -> int:
        return sum(v.progress.done for v in self.views)

    @property
    def total(self) -> int:
        return sum(v.progress.total for v in self.views)

    @property
    def overdue(self) -> int:
        return sum(v.progress.overdue for v in self.views)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass(frozen=True)
class PolicyAcknowledgement:
    email: str
    item_title: str
    acknowledged_at: dt.datetime
    current: bool


def team_overview(
    session: Session, docs: Path, tracks: dict[str, Track], today: dt.date
) -> tuple[list[PersonRow], dict[str, list[PolicyAcknowledgement]]]:
    """Everyone's progress, and who acknowledged which version of each policy page."""
    minor = minor_edits(session)
    rows: dict[int, PersonRow] = {}
    by_policy: dict[str, list[PolicyAcknowledgement]] = {}
    assignments = session.scalars(select(Assignment).order_by(Assignment.start_date.desc()))
    for assignment in assignments:
        view = view_assignment(session, assignment, docs, tracks, today, minor)
        if view is None:
            continue
        rows.setdefault(assignment.user_id, PersonRow(assignment.user, [])).views.append(view)
        for state in view.progress.items:
            reading = view.readings.get(state.item.target)
            if state.completion is None or reading is None or reading.page.type != "policy":
                continue
            by_policy.setdefault(reading.page.title, []).append(
                PolicyAcknowledgement(
                    assignment.user.email,
                    view.title_of(state.item),
                    state.completion.done_at,
                    state.status is ItemStatus.DONE,
                )
            )
    return list(rows.values()), dict(sorted(by_policy.items()))
