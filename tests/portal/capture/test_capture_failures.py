"""Approving never loses a submission: stored first, `failed` with the error, retried later."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from portal import app_state, capture
from portal.accounts.roles import Role
from portal.db import Database
from portal.docstore import Change, DocStore, DocStoreError, Published
from portal.errors import Conflict
from portal.i18n.stored import shown
from portal.models import User
from portal.models.capture import Submission
from tests.portal.capture_kb import git, kb_settings, review_post, send, submission_id, submit_faq
from tests.portal.helpers import Person, login, speaking, text


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _state(app: Flask, ident: int) -> tuple[str, str | None]:
    """(state, error as an English reader sees it) of a submission."""
    with app_state.database(app).session() as session, app.test_request_context():
        row = session.get(Submission, ident)
        assert row is not None
        return row.state, shown(row.error) if row.error else None


@pytest.mark.parametrize("blocker", ["MERGE_HEAD", "index.lock"])
def test_a_busy_repository_leaves_the_submission_failed_with_the_reason_then_retry_works(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], kb: Path, blocker: str
) -> None:
    agent, lead = clients
    ident = submit_faq(agent)
    head = git(kb, "rev-parse", "HEAD")
    before = (kb / "faq/orders.md").read_text()
    marker = kb / ".git" / blocker
    marker.write_text(head)

    review_post(lead, ident, "approve")
    state, error = _state(app, ident)
    assert state == "failed"
    assert error and ("merge" in error if blocker == "MERGE_HEAD" else "index.lock" in error)
    assert (kb / "faq/orders.md").read_text() == before and git(kb, "rev-parse", "HEAD") == head
    detail = text(lead.get(f"/portal/review/{ident}"))
    assert "Approving failed" in detail and "Approve again" in detail
    assert f'data-queue-item="{ident}"' in text(lead.get("/portal/review/"))
    assert "approval failed" in text(agent.get(f"/portal/capture/mine/{ident}"))

    marker.unlink()
    review_post(lead, ident, "approve")
    assert _state(app, ident) == ("applied", None)
    assert "Do you ship to Oman?" in (kb / "faq/orders.md").read_text()


def test_a_docstore_error_is_kept_on_the_submission_which_was_committed_before_applying(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], store: DocStore, kb: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent, lead = clients
    ident = submit_faq(agent)
    database: Database = app_state.database(app)
    seen: list[str] = []
    real_publish = store.publish

    def broken(change: Change) -> Published:
        # At this moment the submission must already be stored, by another connection's view.
        with database.session() as other:
            row = other.get(Submission, ident)
            seen.append(row.state if row else "missing")
        raise DocStoreError("another change to the docs is still being applied; try again")

    monkeypatch.setattr(store, "publish", broken)
    review_post(lead, ident, "approve")
    assert seen == ["pending"]
    assert _state(app, ident) == (
        "failed", "another change to the docs is still being applied; try again"
    )

    monkeypatch.setattr(store, "publish", real_publish)
    review_post(lead, ident, "approve")
    assert _state(app, ident)[0] == "applied"


def test_two_leads_cannot_apply_the_same_submission_twice(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], store: DocStore, kb: Path, db: Any,
    people: dict[Role, Person],
) -> None:
    agent, _ = clients
    ident = submit_faq(agent, "Only once?")
    first = db.query(User).filter_by(email=people[Role.LEAD].email).one()
    second = db.query(User).filter_by(email=people[Role.ADMIN].email).one()
    stale = db.get(Submission, ident)  # both leads opened the page before either approved
    assert stale is not None
    capture.approve(db, first, ident, store)
    with pytest.raises(Conflict):
        capture.approve(db, second, ident, store)
    assert (kb / "faq/orders.md").read_text().count("## Only once?") == 1


def test_flags_are_grouped_by_section_with_counts_and_comments_and_resolved_with_a_note(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], people: dict[Role, Person], db: Any,
) -> None:
    agent, lead = clients
    newhire = app.test_client()
    login(newhire, people[Role.NEW_HIRE].email)
    url = "/portal/capture/flag?page=policies/refunds.md&anchor=window"
    one = submission_id(send(agent, url, reason="outdated", comment="It is 45 days now."))
    submission_id(send(newhire, url, reason="unclear", comment="Calendar days?"))
    submission_id(send(agent, "/portal/capture/flag?page=faq/orders.md&anchor=where-is-my-order",
                       reason="wrong", comment="Link is dead"))
    assert send(agent, url, reason="boring", comment="x").status_code == 400
    assert send(agent, url, reason="wrong", comment="").status_code == 400

    db.rollback()
    groups = capture.list_flags(db)
    assert [(g.page, g.anchor, g.count) for g in groups] == [
        ("policies/refunds.md", "window", 2), ("faq/orders.md", "where-is-my-order", 1)
    ]
    assert groups[0].reasons == {"outdated": 1, "unclear": 1}
    assert [f.comment for f in groups[0].flags] == ["It is 45 days now.", "Calendar days?"]
    queue = text(lead.get("/portal/review/"))
    assert "2 flags" in queue and 'href="/portal/living/flags"' in queue
    flags_page = text(lead.get("/portal/living/flags"))
    assert "It is 45 days now." in flags_page and "2 flags" in flags_page

    token = re.search(r'name="csrf_token" value="([^"]+)"', flags_page)
    assert token
    lead.post(f"/portal/living/flags/{one}/resolve", data={"csrf_token": token.group(1),
                                                           "note": "Updated to 45 days."})
    db.rollback()
    groups = capture.list_flags(db)
    assert [(g.page, g.count) for g in groups] == [("faq/orders.md", 1), ("policies/refunds.md", 1)]
    assert "Updated to 45 days." in text(agent.get(f"/portal/capture/mine/{one}"))


def test_why_approving_failed_reads_in_each_readers_language_old_plain_reasons_as_kept(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], kb: Path, people: dict[Role, Person],
    db: Any,
) -> None:
    agent, _ = clients
    ident = submit_faq(agent)
    indonesian = speaking(app, people[Role.LEAD], "id")
    (kb / ".git" / "MERGE_HEAD").write_text(git(kb, "rev-parse", "HEAD"))
    review_post(indonesian, ident, "approve")
    assert _state(app, ident)[0] == "failed"
    assert "repositori dokumen sedang di tengah merge" in text(
        indonesian.get(f"/portal/review/{ident}"))

    arabic = speaking(app, people[Role.ADMIN], "ar")
    detail = text(arabic.get(f"/portal/review/{ident}"))
    assert "فشلت الموافقة: مستودع المستندات في منتصف" in detail and "عملية دمج" in detail
    assert "repositori" not in detail and "the docs repository" not in detail
    assert "مستودع المستندات في منتصف" in text(arabic.get("/portal/review/"))

    # A reason kept as plain text (by an earlier version) still shows, as it was written.
    db.execute(update(Submission).where(Submission.id == ident).values(
        error="repositori dokumen sedang di tengah merge"))
    db.commit()
    assert "فشلت الموافقة: repositori dokumen sedang di tengah merge" in text(
        arabic.get(f"/portal/review/{ident}"))
