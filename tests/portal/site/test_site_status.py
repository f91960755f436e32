"""The lead's "Site: publishing… → on the site": true when the build holding the page's commit
is served, worked out again from facts after a restart, and a failed build shown with its
commit and what to do."""
# ruff: noqa: F811 (pytest fixtures are imported, then named as arguments)

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import app_state, create_app
from portal.accounts.roles import Role
from portal.docstore import Change, Identity
from portal.site.rebuild import SiteRebuilder
from tests.portal.capture_kb import git, review_post
from tests.portal.helpers import Person, login, text
from tests.portal.site_kb import (  # noqa: F401 (the fixtures these tests share)
    clients,
    kb,
    rebuilder,
    send_faq_entry,
    settings,
    site,
)

pytestmark = pytest.mark.slow  # real mkdocs builds

FAQ = "faq/orders.md"
EDITOR = Identity("Lead", "lead@example.com")


def _status(lead: FlaskClient, page: str = FAQ) -> dict[str, Any]:
    answer = lead.get(f"/portal/site/status?page={page}")
    assert answer.status_code == 200
    found = answer.get_json()
    assert isinstance(found, dict)
    return found


def _served_faq(site: Path) -> str:
    return (site / "faq" / "orders" / "index.html").read_text(encoding="utf-8")


def _approve_without_building(app: Flask, agent: FlaskClient, lead: FlaskClient,
                              question: str, answer: str) -> int:
    """An approval whose site build has not happened yet (as while one is still running)."""
    store = app_state.docstore(app)
    building, store.rebuilder = store.rebuilder, None
    try:
        ident = send_faq_entry(agent, question, answer)
        assert review_post(lead, ident, "approve").status_code == 303
    finally:
        store.rebuilder = building
    return ident


def test_an_approval_reads_publishing_until_the_build_with_its_commit_is_served(
    app: Flask, rebuilder: SiteRebuilder, clients: tuple[FlaskClient, FlaskClient], kb: Path,
    site: Path,
) -> None:
    agent, lead = clients
    ident = _approve_without_building(app, agent, lead, "Can I pay by invoice?", "Yes.\n")
    commit = git(kb, "rev-parse", "HEAD").strip()

    detail = text(lead.get(f"/portal/review/{ident}"))
    assert 'data-state="publishing"' in detail and "publishing to the site…" in detail
    assert commit[:10] in detail
    assert _status(lead) == {"state": "publishing", "label": "publishing to the site…",
                             "commit": commit, "error": None}
    assert "Can I pay by invoice?" not in _served_faq(site)  # not a word too early
    listing = text(lead.get("/portal/editor/"))
    assert listing.count('data-state="publishing"') == 1 and listing.count(
        'data-state="on-site"') == 2  # the home page and the refunds policy are served

    built = rebuilder.build_now()
    assert built.state == "ok" and built.full is False  # only the FAQ page, in the warm child
    assert "Can I pay by invoice?" in _served_faq(site)
    assert _status(lead)["state"] == "on-site"
    detail = text(lead.get(f"/portal/review/{ident}"))
    assert 'data-state="on-site"' in detail and "on the site" in detail
    assert 'data-state="publishing"' not in text(lead.get("/portal/editor/"))


def test_a_failed_build_names_the_commit_and_what_to_do_until_a_fixed_one_is_served(
    app: Flask, rebuilder: SiteRebuilder, clients: tuple[FlaskClient, FlaskClient], kb: Path,
    site: Path,
) -> None:
    agent, lead = clients
    _approve_without_building(app, agent, lead, "Where are labels?",
                              "See [the labels page](labels.md).\n")
    broken = git(kb, "rev-parse", "HEAD").strip()
    assert rebuilder.build_now().state == "failed"

    status = _status(lead)
    assert status["state"] == "failed" and status["commit"] == broken
    assert "labels.md" in status["error"]
    page = text(lead.get(f"/portal/editor/edit?page={FAQ}"))
    assert 'data-state="failed"' in page and broken[:10] in page and "What to do" in page
    assert "Where are labels?" not in _served_faq(site)

    store = app_state.docstore(app)
    current, digest = store.read(FAQ)
    store.publish(Change(FAQ, current.replace("(labels.md)", "(../index.md)"), digest, EDITOR,
                         "Link the labels answer to the home page"))
    assert _status(lead)["state"] == "publishing"  # the fix is not served yet either
    assert rebuilder.wait_idle(180)
    assert _status(lead)["state"] == "on-site"
    assert "Where are labels?" in _served_faq(site)


def test_after_a_restart_the_status_is_worked_out_again_and_a_site_behind_is_caught_up(
    app: Flask, rebuilder: SiteRebuilder, clients: tuple[FlaskClient, FlaskClient],
    settings: dict[str, Any], people: dict[Role, Person], site: Path,
) -> None:
    agent, lead = clients
    _approve_without_building(app, agent, lead, "Do you ship to Oman?", "Yes.\n")

    restarted = create_app(settings)  # nothing carried over but the files
    try:
        again = restarted.test_client()
        login(again, people[Role.LEAD].email)
        assert _status(again)["state"] == "publishing"
        catching_up = app_state.docstore(restarted).rebuilder
        assert isinstance(catching_up, SiteRebuilder)
        assert catching_up.catch_up()
        assert catching_up.wait_idle(180)
        assert _status(again)["state"] == "on-site"
        assert "Do you ship to Oman?" in _served_faq(site)
        assert not catching_up.catch_up()  # the site is current: no build at start
    finally:
        app_state.database(restarted).dispose()


def test_the_status_of_a_page_that_is_not_there_is_a_404(
    app: Flask, clients: tuple[FlaskClient, FlaskClient],
) -> None:
    _, lead = clients
    assert lead.get("/portal/site/status?page=faq/nothing.md").status_code == 404
    assert lead.get("/portal/site/status?page=../../etc/passwd").status_code == 404
    assert lead.get("/portal/site/status").status_code == 400
    agent, _ = clients
    assert agent.get(f"/portal/site/status?page={FAQ}").status_code == 403
