"""Work in progress on a live page: saved (in git, in `.deskbook/drafts/`) without touching the
live version, nowhere on the site or in search, picked up again, and published later through
the editor's save — a live page changed meanwhile is a conflict, never an overwrite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.accounts.roles import Role
from portal.audit import AuditAction
from portal.docstore import Change, DocStore, Identity
from portal.site.build import build_site
from tests.helpers import REPO
from tests.portal.audit.test_audit_log import entries
from tests.portal.capture_kb import found_in_search, git, kb_settings
from tests.portal.editor.test_editor import edit_form, form_fields, save
from tests.portal.helpers import Person, login, page_csrf, text

PAGE = "policies/refunds.md"
WORK = ".deskbook/drafts/policies/refunds.md"
NEW_WORDS = "Refunds for quetzal orders follow the quetzal rules."


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _work_form(lead: FlaskClient) -> dict[str, str]:
    """The edit form of the work in progress, as the browser would send it."""
    fields = edit_form(lead, f"{PAGE}&work=1")
    assert fields.get("wip_hash"), "the form should be the work in progress's"
    return fields


def _keep(lead: FlaskClient, body: str) -> Any:
    """Change the body of whatever the form holds and save it as work in progress."""
    fields = edit_form(lead, f"{PAGE}&work=1")
    return save(lead, fields, body=body, keep_in_progress="1")


def test_work_in_progress_leaves_the_live_page_alone_until_it_is_published(
    lead: FlaskClient, kb: Path, db: Any,
) -> None:
    live = (kb / PAGE).read_text("utf-8")
    fields = edit_form(lead, PAGE)
    body = fields["body"] + f"\n## Marketplaces\n\n{NEW_WORDS}\n"

    kept = save(lead, fields, body=body, keep_in_progress="1")

    assert kept.status_code == 303 and "work=1" in kept.headers["Location"]
    assert (kb / PAGE).read_text("utf-8") == live  # the live page is as it was
    assert NEW_WORDS in (kb / WORK).read_text("utf-8")
    assert git(kb, "log", "-1", "--format=%s", "--", WORK).strip() == (
        f"Work in progress on {PAGE}")
    assert git(kb, "status", "--porcelain").strip() == ""  # committed, in the docs repository
    assert found_in_search(kb, "quetzal") == []
    live_editor = text(lead.get(f"/portal/editor/edit?page={PAGE}"))
    assert "data-work-waiting" in live_editor and NEW_WORDS not in live_editor
    assert "data-in-progress" in text(lead.get("/portal/editor/?q=refunds"))

    # Picked up again: the form holds the work in progress; saving more of it is one more commit.
    opened = text(lead.get(f"/portal/editor/edit?page={PAGE}&work=1"))
    assert "data-work-in-progress" in opened and NEW_WORDS in opened
    assert _keep(lead, body + "\nAsk the lead when unsure.\n").status_code == 303
    assert len(git(kb, "log", "--format=%H", "--", WORK).split()) == 2
    assert (kb / PAGE).read_text("utf-8") == live

    published = save(lead, _work_form(lead))  # "Publish to the site": the plain save button

    assert published.status_code == 303 and "published=1" in published.headers["Location"]
    now = (kb / PAGE).read_text("utf-8")
    assert NEW_WORDS in now and "Ask the lead when unsure." in now
    assert not (kb / WORK).exists()
    subjects = git(kb, "log", "-2", "--format=%s").split("\n")
    assert subjects[:2] == [f"Published the work in progress on {PAGE}", f"Edit {PAGE}"]
    # the live page's diff is the added lines, nothing else of it rewritten
    assert "deletion" not in git(kb, "diff", "HEAD~2", "HEAD", "--stat", "--", PAGE)
    assert found_in_search(kb, "quetzal") == [PAGE]
    assert "data-work-waiting" not in text(lead.get(f"/portal/editor/edit?page={PAGE}"))
    assert [e.target for e in entries(db, AuditAction.WORK_IN_PROGRESS_SAVED)] == [PAGE, PAGE]
    assert [e.target for e in entries(db, AuditAction.WORK_IN_PROGRESS_PUBLISHED)] == [PAGE]


def test_publishing_work_in_progress_over_a_live_page_changed_since_is_a_conflict(
    lead: FlaskClient, kb: Path, store: DocStore,
) -> None:
    fields = edit_form(lead, PAGE)
    assert save(lead, fields, body=fields["body"] + f"\n{NEW_WORDS}\n",
                keep_in_progress="1").status_code == 303
    current, digest = store.read(PAGE)
    colleague = current.replace("30 days", "45 days")
    store.publish(Change(PAGE, colleague, digest, Identity("Colleague", "c@example.com"),
                         "Longer window"))

    conflict = save(lead, _work_form(lead))

    assert conflict.status_code == 409
    assert "changed since you opened it" in text(conflict)
    assert (kb / PAGE).read_text("utf-8") == colleague  # not overwritten
    assert (kb / WORK).exists()  # the work in progress is still there to finish
    # The form now holds both (they do not overlap); saving it publishes both.
    merged = form_fields(text(conflict))
    assert save(lead, merged).status_code == 303
    now = (kb / PAGE).read_text("utf-8")
    assert "45 days" in now and NEW_WORDS in now
    assert not (kb / WORK).exists()


def test_a_stale_work_in_progress_form_saves_nothing(
    lead: FlaskClient, kb: Path, people: dict[Role, Person], app: Any,
) -> None:
    fields = edit_form(lead, PAGE)
    assert save(lead, fields, body=fields["body"] + "\nMine.\n",
                keep_in_progress="1").status_code == 303
    stale = _work_form(lead)
    assert _keep(lead, stale["body"] + "\nA second save.\n").status_code == 303

    refused = save(lead, stale, body=stale["body"] + "\nOverwrites?\n", keep_in_progress="1")

    assert refused.status_code == 409 and "Nothing was saved" in text(refused)
    assert "Overwrites?" not in (kb / WORK).read_text("utf-8")
    # A second lead who starts from the live page does not replace it either.
    other = app.test_client()
    login(other, people[Role.ADMIN].email)
    theirs = edit_form(other, PAGE)
    assert "data-open-work" in text(other.get(f"/portal/editor/edit?page={PAGE}"))
    assert save(other, theirs, body="# Refunds\n\nGone.\n",
                keep_in_progress="1").status_code == 409
    assert "A second save." in (kb / WORK).read_text("utf-8")


def test_discarding_work_in_progress_asks_first_and_leaves_the_live_page(
    lead: FlaskClient, kb: Path, db: Any,
) -> None:
    live = (kb / PAGE).read_text("utf-8")
    fields = edit_form(lead, PAGE)
    assert save(lead, fields, body=fields["body"] + "\nScrap.\n",
                keep_in_progress="1").status_code == 303
    work = _work_form(lead)
    token = page_csrf(lead, f"/portal/editor/edit?page={PAGE}&work=1")
    data = {"csrf_token": token, "page": PAGE, "wip_hash": work["wip_hash"]}

    assert lead.post("/portal/editor/discard", data=data).status_code == 400  # not confirmed
    assert (kb / WORK).exists()
    discarded = lead.post("/portal/editor/discard", data={**data, "confirm": "1"})

    assert discarded.status_code == 303
    assert not (kb / WORK).exists() and (kb / PAGE).read_text("utf-8") == live
    assert git(kb, "log", "-1", "--format=%s").strip() == (
        f"Discarded the work in progress on {PAGE}")
    assert "Scrap." in git(kb, "show", f"HEAD~1:{WORK}")  # its history stays in git
    assert len(entries(db, AuditAction.WORK_IN_PROGRESS_DISCARDED)) == 1


@pytest.mark.slow
def test_work_in_progress_is_on_no_site_page(lead: FlaskClient, kb: Path, tmp_path: Path) -> None:
    fields = edit_form(lead, PAGE)
    assert save(lead, fields, body=fields["body"] + f"\n{NEW_WORDS}\n",
                keep_in_progress="1").status_code == 303
    site = tmp_path / "site"
    build_site(kb, site, REPO / "mkdocs.yml")
    built = list(site.resolve().rglob("*"))
    assert not [p for p in built if "drafts" in p.as_posix()]
    assert not [p for p in built if p.suffix == ".html" and NEW_WORDS in p.read_text("utf-8")]
