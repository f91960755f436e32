"""Onboarding in the portal: assignments, acknowledgements and progress (plain functions).

Views and the CLI call these with an explicit session, user and paths. A reading item is done
when the person acknowledges the version of the page body or section they read; we keep
that text so we can show what changed when the page moves on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from content import ContentError, DocNotFound, Page, load_page
from content.dates import outside_range
from content.loader import resolve_page_path
from content.markdown import SiteMarkdown
from onboarding import Progress, Track, TrackItem, load_tracks, track_progress
from onboarding.progress import Completion, ItemState, ItemStatus
from onboarding.tracks import item_title
from portal.db import write
from portal.diffing import RenderedBlock, rendered_changes
from portal.errors import InvalidInput, NotAllowed, NotFound
from portal.filecache import LatestVersionCache
from portal.models import User
from portal.models.onboarding import Assignment, ItemOpen, ItemRecord, MinorEdit, Reminder
from portal.roles import Role


@dataclass(frozen=True)
class Reading:
    """The current text and version of one reading item's target."""

    page: Page
    version: str
    text: str
    title: str


@dataclass(frozen=True)
class AssignmentView:
    assignment: Assignment
    progress: Progress
    readings: dict[str, Reading]  # by item target
    snapshots: dict[str, str]  # item id → text acknowledged
    opened: dict[str, dt.datetime] = field(default_factory=dict)  # item id → last opened

    def may_acknowledge(self, state: ItemState) -> bool:
        """A reading item can be acknowledged once opened since it was last acknowledged."""
        return _opened_since(self.opened.get(state.item.id), state.completion)

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


def tracks_in(folder: Path) -> dict[str, Track]:
    return _tracks.get(folder, _mtimes(folder), lambda: load_tracks(folder))


_tracks: LatestVersionCache[dict[str, Track]] = LatestVersionCache(4)


def _mtimes(folder: Path) -> tuple[tuple[str, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yml")))


def read_target(docs: Path, item: TrackItem) -> Reading | None:
    """The text a reading item points at now; None when the page or section is gone."""
    try:
        full = resolve_page_path(docs, str(item.page))
        page = _pages.get(
            (docs, str(item.page)), full.stat().st_mtime_ns, lambda: load_page(docs, str(item.page))
        )
    except (DocNotFound, ContentError, OSError):
        return None
    source = full.read_text(encoding="utf-8")
    if item.anchor:
        section = page.section(item.anchor)
        if section is None:
            return None
        text = section.source(source)
    else:
        lines = source.splitlines(keepends=True)
        text = "".join(lines[page.body_start_line - 1 :])
    version = page.version_of(item.anchor)
    assert version is not None
    return Reading(page, version, text, item_title(item, {page.path: page}))


_pages: LatestVersionCache[Page] = LatestVersionCache(512)


def assignments_of(session: Session, user: User) -> list[Assignment]:
    query = select(Assignment).where(Assignment.user_id == user.id).order_by(Assignment.id)
    return list(session.scalars(query))


def ensure_default_assignment(
    session: Session, user: User, tracks: dict[str, Track], today: dt.date
) -> None:
    """Give a person their role's default track the first time they look, if they have none."""
    if assignments_of(session, user):
        return
    for track in tracks.values():
        if user.role.value in track.default_for_roles:
            try:
                with write(session):
                    if not assignments_of(session, user):
                        session.add(
                            Assignment(user_id=user.id, track_id=track.id, start_date=today)
                        )
            except IntegrityError:
                pass  # a concurrent first visit (second tab) assigned the same track first
            return


def assign_track(
    session: Session,
    lead: User,
    person: User,
    track_id: str,
    start: dt.date,
    tracks: dict[str, Track],
) -> Assignment:
    if not lead.role.at_least(Role.LEAD):
        raise NotAllowed("only a lead or an admin can assign onboarding tracks")
    if track_id not in tracks:
        raise InvalidInput(f"there is no onboarding track {track_id!r}")
    problem = outside_range(start)
    if problem:
        raise InvalidInput(f"start date: {problem}")
    with write(session):
        existing = session.scalar(
            select(Assignment).where(
                Assignment.user_id == person.id, Assignment.track_id == track_id
            )
        )
        if existing is not None:
            existing.start_date = start
            existing.assigned_by_id = lead.id
            return existing
        assignment = Assignment(
            user_id=person.id, track_id=track_id, start_date=start, assigned_by_id=lead.id
        )
        session.add(assignment)
    return assignment


def _own_assignment(session: Session, user: User, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or assignment.user_id != user.id:
        # Someone else's checklist looks exactly like a missing one.
        raise NotFound("no such onboarding checklist")
    return assignment


def _item(tracks: dict[str, Track], assignment: Assignment, item_id: str) -> TrackItem:
    track = tracks.get(assignment.track_id)
    item = track.item(item_id) if track else None
    if item is None:
        raise NotFound("no such onboarding item")
    return item


def acknowledge(
    session: Session,
    user: User,
    assignment_id: int,
    item_id: str,
    docs: Path,
    tracks: dict[str, Track],
    seen_version: str | None = None,
) -> ItemRecord:
    """Record that `user` read the item's page or section as it is now.

    `seen_version` is the version shown on the page the person read; if the page changed
    since, they are asked to read it again rather than acknowledging text they never saw.
    """
    assignment = _own_assignment(session, user, assignment_id)
    item = _item(tracks, assignment, item_id)
    if item.kind != "read":
        raise InvalidInput("that item is a task: mark it done instead")
    reading = read_target(docs, item)
    if reading is None:
        raise NotFound(f"{item.target} no longer exists; tell your lead")
    if seen_version is not None and seen_version != reading.version:
        raise InvalidInput("the page changed while you were reading it; please read it again")
    opened = session.scalar(select(ItemOpen.opened_at).where(
        ItemOpen.assignment_id == assignment.id, ItemOpen.item_id == item.id))
    record = _find_record(session, assignment.id, item.id)
    if not _opened_since(opened, Completion(record.done_at) if record else None):
        raise InvalidInput("open it from your checklist and read it first")
    return _record(session, assignment, item, reading.version, reading.text)


def _opened_since(opened: dt.datetime | None, completion: Completion | None) -> bool:
    if opened is None:
        return False
    return completion is None or opened >= completion.done_at


def record_open(
    session: Session, user: User, assignment_id: int, item_id: str, tracks: dict[str, Track],
    *, now: dt.datetime,
) -> TrackItem:
    """Note that `user` opened one item of their checklist (the link they follow to read it);
    acknowledging a reading item needs it."""
    assignment = _own_assignment(session, user, assignment_id)
    item = _item(tracks, assignment, item_id)
    try:
        with write(session):
            opened = session.scalar(select(ItemOpen).where(
                ItemOpen.assignment_id == assignment.id, ItemOpen.item_id == item.id))
            if opened is None:
                session.add(ItemOpen(assignment_id=assignment.id, item_id=item.id,
                                     opened_at=now))
            else:
                opened.opened_at = now
    except IntegrityError:
        pass  # opened twice at once: the other request noted it
    return item


def set_task_done(
    session: Session,
    user: User,
    assignment_id: int,
    item_id: str,
    done: bool,
    tracks: dict[str, Track],
) -> None:
    assignment = _own_assignment(session, user, assignment_id)
    item = _item(tracks, assignment, item_id)
    if item.kind != "task":
        raise InvalidInput("that item is a reading item: acknowledge it instead")
    if done:
        _record(session, assignment, item, None, None)
        return
    with write(session):
        record = _find_record(session, assignment.id, item.id)
        if record is not None:
            session.delete(record)


def _find_record(session: Session, assignment_id: int, item_id: str) -> ItemRecord | None:
    return session.scalar(
        select(ItemRecord).where(
            ItemRecord.assignment_id == assignment_id, ItemRecord.item_id == item_id
        )
    )


def _record(
    session: Session,
    assignment: Assignment,
    item: TrackItem,
    version: str | None,
    text: str | None,
) -> ItemRecord:
    try:
        return _write_record(session, assignment, item, version, text)
    except IntegrityError:
        # The same item sent twice at once (a double click): the other request inserted the
        # row first (PostgreSQL lets both look before either inserts); update that row.
        return _write_record(session, assignment, item, version, text)


def _write_record(
    session: Session,
    assignment: Assignment,
    item: TrackItem,
    version: str | None,
    text: str | None,
) -> ItemRecord:
    with write(session):
        record = _find_record(session, assignment.id, item.id)
        if record is None:
            record = ItemRecord(assignment_id=assignment.id, item_id=item.id)
            session.add(record)
        record.target = item.target if item.kind == "read" else None
        record.version = version
        record.snapshot = text
        record.done_at = dt.datetime.now(dt.UTC)
    return record


def minor_edits(session: Session) -> dict[str, str]:
    return {e.old_version: e.new_version for e in session.scalars(select(MinorEdit))}


def record_minor_edit(session: Session, page: str, old_version: str, new_version: str) -> None:
    """Mark a change as typo-level: acknowledgements of `old_version` still count."""
    if old_version == new_version:
        return
    with write(session):
        session.add(MinorEdit(page=page, old_version=old_version, new_version=new_version))


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


# ----------------------------------------------------------------------------- leads


MAX_REMINDER_NOTE = 500


def _require_lead(lead: User) -> None:
    if not lead.role.at_least(Role.LEAD):
        raise NotAllowed("only a lead or an admin can manage onboarding tracks")


def _assignment(session: Session, assignment_id: int) -> Assignment:
    assignment = session.get(Assignment, assignment_id)
    if assignment is None:
        raise NotFound("no such onboarding assignment")
    return assignment


def person_onboarding(
    session: Session, lead: User, person: User, docs: Path, tracks: dict[str, Track],
    today: dt.date,
) -> list[AssignmentView]:
    """One person's checklists as a lead sees them (nothing is assigned by looking)."""
    _require_lead(lead)
    minor = minor_edits(session)
    views = [view_assignment(session, a, docs, tracks, today, minor)
             for a in assignments_of(session, person)]
    return [v for v in views if v is not None]


def unassign(session: Session, lead: User, assignment_id: int) -> Assignment:
    """Take a track away from someone, with what they recorded on it."""
    _require_lead(lead)
    assignment = _assignment(session, assignment_id)
    with write(session):
        session.delete(assignment)
    return assignment


def reschedule(
    session: Session, lead: User, assignment_id: int, start: dt.date
) -> Assignment:
    """Start the same track again from another day (what was done stays done)."""
    _require_lead(lead)
    problem = outside_range(start)
    if problem:
        raise InvalidInput(f"start date: {problem}")
    assignment = _assignment(session, assignment_id)
    with write(session):
        assignment.start_date = start
        assignment.assigned_by_id = lead.id
    return assignment


def send_reminder(
    session: Session, lead: User, assignment_id: int, note: str, *, now: dt.datetime
) -> Reminder:
    """A nudge the person sees in their portal (home, checklist, menu) until they dismiss it."""
    _require_lead(lead)
    text = " ".join(note.split())
    if len(text) > MAX_REMINDER_NOTE:
        raise InvalidInput(f"a reminder's note has at most {MAX_REMINDER_NOTE} characters")
    assignment = _assignment(session, assignment_id)
    with write(session):
        reminder = Reminder(assignment_id=assignment.id, sent_by_id=lead.id, note=text,
                            sent_at=now)
        session.add(reminder)
    return reminder


def reminders_for(session: Session, user: User) -> list[Reminder]:
    """The reminders `user` has not dismissed, newest first."""
    query = (
        select(Reminder)
        .join(Assignment, Reminder.assignment_id == Assignment.id)
        .where(Assignment.user_id == user.id, Reminder.dismissed_at.is_(None))
        .order_by(Reminder.sent_at.desc(), Reminder.id.desc())
    )
    return list(session.scalars(query))


def dismiss_reminder(
    session: Session, user: User, reminder_id: int, *, now: dt.datetime
) -> None:
    reminder = session.get(Reminder, reminder_id)
    if reminder is None or reminder.assignment.user_id != user.id:
        raise NotFound("no such reminder")
    with write(session):
        reminder.dismissed_at = now
