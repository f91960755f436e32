"""Story: a lead starts a new page and an Indonesian translation in the editor. Both are drafts:
after the site is rebuilt neither is on it (the Indonesian reader still gets the English page)
nor in search. The lead publishes the page; after the next build it is on the site."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ConsoleWatch, NewPage, Person, Portal, screenshot
from tests.browser.test_editor import _committed, _git

pytestmark = pytest.mark.browser

TITLE = "Ship to Zanzibar by dhow"
PAGE = "howtos/ship-to-zanzibar-by-dhow.md"
ENGLISH = "howtos/escalate-a-ticket.md"
HIT = '[data-hit] a[data-url^="/howtos/ship-to-zanzibar-by-dhow/"]'


def _site_caught_up(portal: Portal, timeout: float = 240.0) -> None:
    """Wait until the portal's background site build has built the docs' newest commit (every
    change asks for one), as a reader waits for a change to be on the site."""
    status = Path(portal.env["DESKBOOK_INSTANCE_PATH"]) / "site-build.json"
    head = _git(portal.docs, "rev-parse", "HEAD").strip()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            built = json.loads(status.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            built = {}
        if built.get("state") == "ok" and built.get("commit") == head:
            return
        assert not (built.get("state") == "failed" and built.get("commit") == head), built
        time.sleep(0.5)
    raise AssertionError(f"the site did not build {head} within {timeout} s")


def test_a_new_page_is_a_draft_until_the_lead_publishes_it(
    new_page: NewPage, portal: Portal, people: dict[str, Person], console: ConsoleWatch
) -> None:
    console.allow("status of 404")  # the draft's address, asked for on purpose
    _committed(portal.docs, ENGLISH)
    page = new_page(people["lead"])

    page.goto(portal.url("/portal/editor/new?type=howto"))
    page.get_by_label("Title").fill(TITLE)
    page.get_by_role("button", name="Create and edit").click()
    expect(page.locator("[data-draft]")).to_contain_text("This page is a draft")
    expect(page.get_by_role("link", name="View on the site")).to_have_count(0)
    screenshot(page, "editor-draft")

    page.goto(portal.url("/portal/editor/new?type=howto"))
    page.get_by_label("Title").fill("Mengeskalasi tiket")
    page.locator("main").get_by_label("Language").select_option("id")  # not the header's switch
    page.get_by_label("Translation of").select_option(ENGLISH)
    page.get_by_role("button", name="Create and edit").click()
    expect(page.locator("[data-draft]")).to_contain_text("still see the English page")

    _site_caught_up(portal)
    missing = page.goto(portal.url("/howtos/ship-to-zanzibar-by-dhow/"))
    assert missing is not None and missing.status == 404
    page.goto(portal.url("/id/howtos/escalate-a-ticket/"))
    expect(page.locator("article h1")).to_contain_text("Escalate a ticket")  # the English page
    expect(page.locator("nav.md-nav--primary")).not_to_contain_text("Mengeskalasi")
    page.goto(portal.url("/portal/search?q=zanzibar+dhow"))
    expect(page.locator(HIT)).to_have_count(0)

    page.goto(portal.url(f"/portal/editor/edit?page={PAGE}"))
    page.get_by_role("button", name="Publish to the site").click()
    expect(page.locator("[data-saved]")).to_contain_text("Published as commit")
    assert _git(portal.docs, "log", "-1", "--format=%ae %s").strip() == (
        f"{people['lead'].email} Publish {PAGE}")
    assert "draft:" not in (portal.docs / PAGE).read_text(encoding="utf-8")

    _site_caught_up(portal)
    served = page.goto(portal.url("/howtos/ship-to-zanzibar-by-dhow/"))
    assert served is not None and served.status == 200
    expect(page.locator("article h1")).to_contain_text(TITLE)
    page.goto(portal.url("/portal/search?q=zanzibar+dhow"))
    expect(page.locator(HIT).first).to_contain_text(TITLE)
