"""Two leads approving the same submission at the same moment.

Found by the load test (benchmarks/load, scenario concurrent-approvals): a lead who opened the
submission after another lead had claimed it could claim it again while the first one was
applying it; the second apply failed (the page had moved on) and its `failed` overwrote the
first lead's `applied`, so a change that is in the docs showed up in the queue again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal import app_state, capture
from portal.accounts.roles import Role
from portal.capture import decide
from portal.errors import Conflict
from portal.models import User
from portal.models.capture import Submission
from tests.portal.capture_kb import git, kb_settings, without_site_rebuilds
from tests.portal.helpers import Person


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def test_a_second_lead_approving_while_the_first_applies_gets_a_conflict_not_a_second_apply(
    app: Flask, kb: Path, people: dict[Role, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = without_site_rebuilds(app)
    database = app_state.database(app)
    with database.session() as session:
        agent = session.query(User).filter_by(email=people[Role.AGENT].email).one()
        created = capture.submit_faq(
            session, agent, kb, "faq/orders.md", "Only once?", "Yes, only once.\n"
        )
        ident = created.id
    commits_before = int(git(kb, "rev-list", "--count", "HEAD"))
    real_apply = decide._apply
    second: list[object] = []
    clicked: list[bool] = []

    def apply_while_another_lead_clicks(*args: Any, **kwargs: Any) -> str:
        if not clicked:  # the first lead is applying: the second lead clicks Approve now
            clicked.append(True)
            with database.session() as other:
                admin = other.query(User).filter_by(email=people[Role.ADMIN].email).one()
                try:
                    second.append(capture.approve(other, admin, ident, store))
                except Conflict as conflict:
                    second.append(conflict)
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(decide, "_apply", apply_while_another_lead_clicks)
    with database.session() as session:
        lead = session.query(User).filter_by(email=people[Role.LEAD].email).one()
        capture.approve(session, lead, ident, store)

    assert len(second) == 1 and isinstance(second[0], Conflict)
    with database.session() as session:
        row = session.get(Submission, ident)
        assert row is not None and row.state == "applied" and row.commit
    assert int(git(kb, "rev-list", "--count", "HEAD")) == commits_before + 1
    assert (kb / "faq/orders.md").read_text().count("## Only once?") == 1
