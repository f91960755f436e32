"""Story: a lead keeps an edit of a live page as work in progress — readers still get the live
page — comes back to it, publishes it, and watches "Site: publishing… → on the site"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NewPage, Person, Portal
from tests.browser.test_editor import _committed

pytestmark = pytest.mark.browser

PAGE = "howtos/handle-a-pre-sales-question.md"
SITE_PAGE = "/howtos/handle-a-pre-sales-question/"
NEW = "Bring one question about a ticket you found hard this week."
# A bound against a hang while a loaded machine builds the starter site; not a speed claim.
SITE_BUILD_WAIT_MS = 180_000


def test_work_in_progress_stays_off_the_site_until_the_lead_publishes_it(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    _committed(portal.docs, PAGE)
    page = new_page(people["lead"])
    page.goto(portal.url(f"/portal/editor/edit?page={PAGE}"))
    body = page.locator("[data-editor-body]")
    body.fill(body.input_value() + f"\n{NEW}\n")
    page.get_by_role("button", name="Save as work in progress").click()

    expect(page.locator("[data-work-in-progress]")).to_contain_text("Readers still see")
    expect(page.locator("[data-saved]")).to_contain_text("Saved as work in progress")
    expect(page.locator("[data-editor-preview]")).to_contain_text(NEW)  # as the site will show
    reader = new_page(people["agent"])
    reader.goto(portal.url(SITE_PAGE))
    expect(reader.locator("article")).not_to_contain_text(NEW)

    # Later, from the page list, the lead picks it up again and publishes it.
    page.goto(portal.url("/portal/editor/?q=pre-sales-question"))
    page.locator("[data-in-progress]").click()
    expect(page).to_have_url(re.compile(r"work=1"))
    expect(body).to_have_value(re.compile(re.escape(NEW)))
    page.get_by_role("button", name="Publish to the site").click()

    expect(page.locator("[data-saved]")).to_contain_text("Published as commit")
    expect(page.locator("[data-work-waiting]")).to_have_count(0)
    status = page.locator("[data-page-site-status] [data-site-status]")
    expect(status).to_have_attribute("data-state", "on-site", timeout=SITE_BUILD_WAIT_MS)
    reader.goto(portal.url(SITE_PAGE))
    expect(reader.locator("article")).to_contain_text(NEW)
