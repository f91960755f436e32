"""Onboarding writes that race with themselves: a double click, two tabs on a first visit.

Found by the load test (benchmarks/load, scenario checklist-updates on PostgreSQL): the same
"done" sent twice at once gave one 303 and one 500 (unique violation on the item record).
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal import app_state, checklists
from portal.accounts import users
from portal.accounts.roles import Role
from portal.db import write
from portal.models.onboarding import Assignment, ItemRecord
from tests.portal.helpers import Person
from tests.portal.onboarding_kb import (
    READ_HOME,
    TASK_ENABLE_2FA,
    make_onboarding_kb,
    new_agent_track,
    onboarding_settings,
)

TODAY = dt.date(2025, 3, 3)
TRACK = new_agent_track(READ_HOME, TASK_ENABLE_2FA, summary="Your first month.")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return make_onboarding_kb(tmp_path, TRACK)


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return onboarding_settings(settings, kb)


def _assign(app: Flask, email: str) -> tuple[int, int]:
    with app_state.database(app).session() as session:
        user = users.find_user(session, email)
        assert user is not None
        with write(session):
            assignment = Assignment(user_id=user.id, track_id="new-agent", start_date=TODAY)
            session.add(assignment)
        return user.id, assignment.id


def test_the_same_task_ticked_twice_at_once_is_one_record_and_no_error(
    app: Flask, people: dict[Role, Person], kb: Path
) -> None:
    database = app_state.database(app)
    tracks = checklists.tracks_in(kb.parent / "tracks")
    user_id, assignment_id = _assign(app, people[Role.NEW_HIRE].email)
    failures: list[BaseException] = []

    def second_click() -> None:
        with database.session() as session:
            try:
                user = users.get_user(session, user_id)
                checklists.set_task_done(session, user, assignment_id, "enable-2fa", True, tracks)
            except BaseException as error:
                failures.append(error)

    # The first click has inserted its record but not committed yet when the second one runs.
    with database.session() as first, write(first):
        first.add(ItemRecord(assignment_id=assignment_id, item_id="enable-2fa",
                             done_at=dt.datetime.now(dt.UTC)))
        first.flush()
        other = threading.Thread(target=second_click)
        other.start()
        other.join(0.5)  # let it reach the database and wait on the first click's row
    other.join(30)
    assert not other.is_alive()
    assert failures == []
    with database.session() as session:
        count = session.scalar(select(func.count()).select_from(ItemRecord).where(
            ItemRecord.assignment_id == assignment_id, ItemRecord.item_id == "enable-2fa"))
    assert count == 1


def test_two_tabs_on_a_first_visit_get_one_default_track_and_no_error(
    app: Flask, people: dict[Role, Person], kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tracks = checklists.tracks_in(kb.parent / "tracks")
    _assign(app, people[Role.NEW_HIRE].email)  # the other tab got there first…
    real = checklists.assignments_of
    calls: list[Any] = []

    def stale_then_real(session: Any, user: Any) -> list[Assignment]:
        calls.append(user)
        return [] if len(calls) == 1 else real(session, user)  # …after this tab looked

    monkeypatch.setattr(checklists, "assignments_of", stale_then_real)
    with app_state.database(app).session() as session:
        user = users.find_user(session, people[Role.NEW_HIRE].email)
        assert user is not None
        checklists.ensure_default_assignment(session, user, tracks, TODAY)
        monkeypatch.setattr(checklists, "assignments_of", real)
        assert len(checklists.assignments_of(session, user)) == 1
