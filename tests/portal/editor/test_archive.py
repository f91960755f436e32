"""Archiving from the editor: a confirmation that says what happens, why and where readers go
instead, then one commit that adds the archive keys and changes nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from content.drafts import is_archived
from portal.audit import AuditAction
from portal.docstore import Change, DocStore, Identity
from tests.portal.audit.test_audit_log import entries
from tests.portal.capture_kb import found_in_search, git, kb_settings
from tests.portal.helpers import page_csrf, text

PAGE = "policies/refunds.md"
CONFIRM = f"/portal/editor/archive?page={PAGE}"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _archive(lead: FlaskClient, **fields: str) -> Any:
    html = text(lead.get(CONFIRM))
    base = html.split('name="base_hash" value="', 1)[1].split('"', 1)[0]
    data = {"csrf_token": page_csrf(lead, CONFIRM), "page": PAGE, "base_hash": base, **fields}
    return lead.post("/portal/editor/archive", data=data)


def test_a_lead_archives_a_page_after_confirming_why_and_where_readers_go(
    lead: FlaskClient, kb: Path, db: Any,
) -> None:
    before = (kb / PAGE).read_text("utf-8")
    assert "data-archive-link" in text(lead.get(f"/portal/editor/edit?page={PAGE}"))
    asking = text(lead.get(CONFIRM))
    assert "leaves the navigation and search" in asking and "history stays in git" in asking
    assert found_in_search(kb, "refunds") == [PAGE]

    unconfirmed = _archive(lead, reason="Replaced by the FAQ.", replaced_by="faq/orders.md")
    no_reason = _archive(lead, confirm="1", reason="  ")
    nowhere = _archive(lead, confirm="1", reason="Old.", replaced_by="faq/nothing.md")
    itself = _archive(lead, confirm="1", reason="Old.", replaced_by=PAGE)

    assert unconfirmed.status_code == 400 and "confirm" in text(unconfirmed)
    assert no_reason.status_code == 400 and "Say why" in text(no_reason)
    assert nowhere.status_code == 400 and "There is no such page" in text(nowhere)
    assert itself.status_code == 400 and "cannot replace itself" in text(itself)
    assert (kb / PAGE).read_text("utf-8") == before  # nothing archived yet

    done = _archive(lead, confirm="1", reason="Replaced by the\nFAQ.",
                    replaced_by="faq/orders.md")

    assert done.status_code == 303 and "archived=1" in done.headers["Location"]
    after = (kb / PAGE).read_text("utf-8")
    assert is_archived(after)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    added = [line[1:] for line in git(kb, "diff", "HEAD~1", "HEAD", "--", PAGE).splitlines()
             if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert added == [f"archived: {today}", "archived_by: lead@example.com",
                     "archive_reason: Replaced by the FAQ.", "replaced_by: faq/orders.md"]
    assert git(kb, "log", "-1", "--format=%s").strip() == f"Archive {PAGE}"
    assert found_in_search(kb, "refunds") == []  # out of search at once
    page = text(lead.get(done.headers["Location"]))
    assert "data-archived" in page and "data-archive-link" not in page
    [entry] = entries(db, AuditAction.PAGE_ARCHIVED)
    assert (entry.actor, entry.target) == ("lead@example.com", PAGE)
    assert entry.commit == git(kb, "rev-parse", "HEAD").strip()

    assert lead.get(CONFIRM).status_code == 400  # archived already
    again = lead.post("/portal/editor/archive", data={
        "csrf_token": page_csrf(lead, f"/portal/editor/edit?page={PAGE}"), "page": PAGE,
        "reason": "Again.", "confirm": "1"})
    assert again.status_code == 400 and "archived already" in text(again)


def test_a_page_changed_since_the_confirmation_is_not_archived(
    lead: FlaskClient, kb: Path, store: DocStore,
) -> None:
    html = text(lead.get(CONFIRM))
    base = html.split('name="base_hash" value="', 1)[1].split('"', 1)[0]
    current, digest = store.read(PAGE)
    store.publish(Change(PAGE, current + "\nA new rule.\n", digest,
                         Identity("Colleague", "c@example.com"), "New rule"))

    stale = lead.post("/portal/editor/archive", data={
        "csrf_token": page_csrf(lead, CONFIRM), "page": PAGE, "base_hash": base,
        "reason": "Old.", "confirm": "1"})

    assert stale.status_code == 409
    assert not is_archived((kb / PAGE).read_text("utf-8"))
