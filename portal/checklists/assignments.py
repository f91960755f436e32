"""Who follows which track, and what they have done: assigning, acknowledging, ticking off.

A reading item is done when the person acknowledges the version of the page body or section
they read; its text is kept so what changed can be shown when the page moves on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from content.dates import outside_range
from onboarding import Track, TrackItem
from onboarding.progress import Completion
from portal.accounts.roles import Role
from portal.checklists.reading import read_target
from portal.db import write
from portal.errors import InvalidInput, NotAllowed, NotFound
from portal.i18n import N_
from portal.models import User
from portal.models.onboarding import Assignment, ItemOpen, ItemRecord


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


def check_start(start: dt.date) -> None:
    """Refuses a start date that is a slip of the keyboard (9999-12-31)."""
    problem = outside_range(start)
    if problem:
        raise InvalidInput(N_("start date: %(problem)s"), problem=problem)


def assign_track(
    session: Session,
    lead: User,
    person: User,
    track_id: str,
    start: dt.date,
    tracks: dict[str, Track],
) -> Assignment:
    if not lead.role.at_least(Role.LEAD):
        raise NotAllowed(N_("only a lead or an admin can assign onboarding tracks"))
    if track_id not in tracks:
        raise InvalidInput(N_("there is no onboarding track “%(track)s”"), track=track_id)
    check_start(start)
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
        raise NotFound(N_("no such onboarding checklist"))
    return assignment


def _item(tracks: dict[str, Track], assignment: Assignment, item_id: str) -> TrackItem:
    track = tracks.get(assignment.track_id)
    item = track.item(item_id) if track else None
    if item is None:
        raise NotFound(N_("no such onboarding item"))
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
        raise InvalidInput(N_("that item is a task: mark it done instead"))
    reading = read_target(docs, item)
    if reading is None:
        raise NotFound(N_("%(page)s no longer exists; tell your lead"), page=item.target)
    if seen_version is not None and seen_version != reading.version:
        raise InvalidInput(N_("the page changed while you were reading it; please read it again"))
    opened = session.scalar(select(ItemOpen.opened_at).where(
        ItemOpen.assignment_id == assignment.id, ItemOpen.item_id == item.id))
    record = _find_record(session, assignment.id, item.id)
    if record is not None and record.version == reading.version:
        return record  # acknowledged already, as it is now (a double click): nothing to do
    if not opened_since(opened, Completion(record.done_at) if record else None):
        raise InvalidInput(N_("open it from your checklist and read it first"))
    return _record(session, assignment, item, reading.version, reading.text)


def opened_since(opened: dt.datetime | None, completion: Completion | None) -> bool:
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
        raise InvalidInput(N_("that item is a reading item: acknowledge it instead"))
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
