"""Drafts in the portal: a new page (from the editor, a template, a translation or an approved
answer) starts as a draft nobody finds, stays one while it is edited, and goes live only when
a lead publishes it — a commit of its own that changes nothing but the draft mark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from content.drafts import is_draft
from portal.audit import AuditAction
from tests.portal.audit.test_audit_log import entries
from tests.portal.capture_kb import (
    found_in_search,
    git,
    kb_settings,
    review_post,
    send,
    submission_id,
)
from tests.portal.editor.test_editor import edit_form
from tests.portal.helpers import page_csrf, text

PAGE = "howtos/ship-to-zanzibar.md"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _create(lead: FlaskClient, **fields: str) -> Any:
    token = page_csrf(lead, "/portal/editor/new?type=howto")
    return lead.post("/portal/editor/new", data={"csrf_token": token, "type": "howto",
                                                 "title": "Ship to Zanzibar", **fields})


def _publish(lead: FlaskClient, page: str) -> Any:
    html = text(lead.get(f"/portal/editor/edit?page={page}"))
    token = page_csrf(lead, f"/portal/editor/edit?page={page}")
    base = html.split('name="base_hash" value="', 1)[1].split('"', 1)[0]
    return lead.post("/portal/editor/publish",
                     data={"csrf_token": token, "page": page, "base_hash": base})


def test_a_page_made_in_the_editor_is_a_draft_nobody_finds_until_a_lead_publishes_it(
    lead: FlaskClient, kb: Path, db: Any,
) -> None:
    assert _create(lead).status_code == 303
    draft = (kb / PAGE).read_text("utf-8")
    assert is_draft(draft)
    assert git(kb, "log", "-1", "--format=%s").strip() == (
        f"Create {PAGE} as a draft from the howto template")
    assert found_in_search(kb, "zanzibar") == []
    editing = text(lead.get(f"/portal/editor/edit?page={PAGE}"))
    assert "data-draft" in editing and "View on the site" not in editing
    assert "data-draft" in text(lead.get("/portal/editor/?q=zanzibar"))

    published = _publish(lead, PAGE)

    assert published.status_code == 303
    live = (kb / PAGE).read_text("utf-8")
    assert not is_draft(live)
    assert live == draft.replace("draft: true\n", "")
    assert git(kb, "log", "-1", "--format=%ae %s").strip() == f"lead@example.com Publish {PAGE}"
    assert found_in_search(kb, "zanzibar") == [PAGE]
    assert "Published as commit" in text(lead.get(published.headers["Location"]))
    [created] = entries(db, AuditAction.PAGE_CREATED)
    [publishing] = entries(db, AuditAction.PAGE_PUBLISHED)
    assert (created.target, created.details) == (PAGE, '{"draft": true}')
    assert (publishing.actor, publishing.target) == ("lead@example.com", PAGE)
    assert publishing.commit == git(kb, "rev-parse", "HEAD").strip()


def test_a_lead_can_publish_a_new_page_at_once(lead: FlaskClient, kb: Path) -> None:
    assert _create(lead, publish="1").status_code == 303

    assert not is_draft((kb / PAGE).read_text("utf-8"))
    assert found_in_search(kb, "zanzibar") == [PAGE]


def test_saving_a_draft_in_the_editor_keeps_it_a_draft(lead: FlaskClient, kb: Path) -> None:
    _create(lead)
    fields = edit_form(lead, PAGE)
    saved = lead.post("/portal/editor/edit", data={
        **fields, "body": fields["body"] + "\nBy sea, in ten days.\n"})

    assert saved.status_code == 303, text(saved)[:2000]
    assert is_draft((kb / PAGE).read_text("utf-8"))
    assert found_in_search(kb, "zanzibar") == []


def test_publishing_is_refused_for_a_live_page_and_for_a_draft_changed_since(
    lead: FlaskClient, kb: Path
) -> None:
    assert _publish(lead, "policies/refunds.md").status_code == 400
    _create(lead)
    token = page_csrf(lead, f"/portal/editor/edit?page={PAGE}")
    stale = lead.post("/portal/editor/publish",
                      data={"csrf_token": token, "page": PAGE, "base_hash": "0" * 64})
    assert stale.status_code == 409
    assert is_draft((kb / PAGE).read_text("utf-8"))


def test_an_approved_answer_makes_a_draft_unless_the_lead_publishes_it_in_the_same_step(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Any,
) -> None:
    first = submission_id(send(agent, "/portal/capture/answer", title="Ship to Zanzibar",
                               body="By sea, in ten days.\n", target="new:howtos"))
    assert "data-publish-now" in text(lead.get(f"/portal/review/{first}"))
    assert review_post(lead, first, "approve").status_code == 303
    assert is_draft((kb / PAGE).read_text("utf-8")) and found_in_search(kb, "zanzibar") == []
    review = text(lead.get(f"/portal/review/{first}"))
    assert "data-draft" in review and "data-publish" in review

    assert review_post(lead, first, "publish").status_code == 303
    assert not is_draft((kb / PAGE).read_text("utf-8")) and found_in_search(kb, "zanzibar") == [PAGE]
    assert review_post(lead, first, "publish").status_code == 400  # nothing left to publish

    second = submission_id(send(agent, "/portal/capture/answer", title="Ship to Pemba",
                                body="By ferry.\n", target="new:howtos"))
    assert review_post(lead, second, "approve", publish="1").status_code == 303
    assert not is_draft((kb / "howtos/ship-to-pemba.md").read_text("utf-8"))
    assert git(kb, "log", "-2", "--format=%s").splitlines()[0] == (
        "Publish howtos/ship-to-pemba.md")
    published = entries(db, AuditAction.PAGE_PUBLISHED)
    assert [(e.target, e.details) for e in published] == [
        (PAGE, f'{{"submission": {first}}}'),
        ("howtos/ship-to-pemba.md", f'{{"submission": {second}}}')]
