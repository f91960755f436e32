"""Stories 2–4: an agent searches mid-ticket from the portal and from the site, lands on the
right section, and copies a canned reply."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser

TRANSPARENT = "rgba(0, 0, 0, 0)"
_REPLY_BLOCK = re.compile(r"^## Reply\n.*?^```text\n(.*?)\n^```", re.MULTILINE | re.DOTALL)


def hit_target(href: str | None) -> str:
    """Where a hit link leads: its own href, or the `to` of a counted /portal/search/open link."""
    assert href, "a hit without a link"
    parts = urlsplit(href)
    if parts.path == "/portal/search/open":
        return parse_qs(parts.query)["to"][0]
    return href


def api_hits(page: Page, portal: Portal, query: str) -> list[dict[str, Any]]:
    """What `GET /api/search` answers for `query`, asked with the page's own session."""
    response = page.request.get(portal.url(f"/api/search?q={quote_plus(query)}"))
    assert response.ok, response.status
    hits: list[dict[str, Any]] = response.json()["hits"]
    assert hits, f"the API found nothing for {query!r}"
    return hits


def test_results_appear_as_you_type_and_enter_opens_the_section(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    page = new_page(people["agent"])
    page.goto(portal.url("/portal/search"))
    box = page.get_by_role("searchbox", name="Search the knowledge base")
    expect(box).to_be_focused()

    box.press_sequentially("return window", delay=20)  # typing, no submit
    hits = page.locator("[data-hit]")
    expect(hits.first).to_be_visible()
    expect(hits.first.locator(".hit-heading")).to_have_text("› Return window")
    expect(hits.first.locator(".hit-snippet mark").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/portal/search\?q=return\+window"))
    screenshot(page, "03-portal-search")

    href = hit_target(hits.first.locator("a.hit-link").get_attribute("href"))
    assert "#" in href, href
    anchor = href.split("#", 1)[1]

    page.keyboard.press("ArrowDown")
    expect(hits.first).to_have_class(re.compile(r"\bselected\b"))
    expect(hits.first).not_to_have_css("background-color", TRANSPARENT)  # the choice shows
    expect(hits.nth(1)).to_have_css("background-color", TRANSPARENT)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(rf"#{re.escape(anchor)}$"))
    assert page.url == portal.url(href)
    heading = page.locator(f"article [id='{anchor}']")
    expect(heading).to_have_text(re.compile("Return window"))
    expect(heading).to_be_in_viewport()
    screenshot(page, "04-site-section-from-search")


def test_the_sites_search_box_shows_the_portals_hits(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    query = "damaged item"
    page = new_page(people["agent"])
    page.goto(portal.url("/policies/refunds-and-returns/"))

    site_box = page.get_by_role("combobox", name="Search the knowledge base")
    expect(site_box).to_be_visible()  # the shared header, fetched from the portal
    page.keyboard.press("/")  # focuses its search box, which asks the portal
    expect(site_box).to_be_focused()
    site_box.press_sequentially(query, delay=20)
    instant = page.locator("#db-shell-hits [role=option]:not(.db-shell-all)")
    expect(instant.first).to_be_visible()  # hits as one types, from the portal's API
    top = ["/" + hit["url"] for hit in api_hits(page, portal, query)][: instant.count()]
    assert [instant.nth(i).get_attribute("data-href") for i in range(instant.count())] == top
    site_box.press("ArrowUp")  # from the box, ↑ reaches the last entry: all results
    site_box.press("Enter")

    expect(page).to_have_url(portal.url(f"/portal/search?q={quote_plus(query)}"))
    expect(page.get_by_role("searchbox", name="Search the knowledge base")).to_have_value(query)
    shown = page.locator("[data-hit] a.hit-link")
    expect(shown.first).to_be_visible()
    expected = ["/" + hit["url"] for hit in api_hits(page, portal, query)]
    assert [
        hit_target(shown.nth(i).get_attribute("href")) for i in range(shown.count())
    ] == expected

    # Each hit opens its section on the site.
    shown.first.click()
    anchor = expected[0].split("#", 1)[1] if "#" in expected[0] else None
    expect(page).to_have_url(portal.url(expected[0]))
    if anchor:
        expect(page.locator(f"article [id='{anchor}']")).to_be_in_viewport()


def test_copy_reply_puts_the_templates_reply_on_the_clipboard(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    source = (portal.docs / "templates" / "refund-confirmation.md").read_text(encoding="utf-8")
    found = _REPLY_BLOCK.search(source)
    assert found, "the refund confirmation template has no ```text reply block"
    reply = found.group(1)
    assert "{customer_name}" in reply and "{refund_amount}" in reply

    page = new_page(people["agent"], permissions=("clipboard-read", "clipboard-write"))
    page.goto(portal.url("/portal/search?type=template"))
    page.get_by_role("searchbox", name="Search the knowledge base").fill("refund confirmation")
    hit = (
        page.locator("[data-hit]")
        .filter(has=page.get_by_role("link", name=re.compile(r"^Refund confirmation")))
        .first
    )
    expect(hit).to_be_visible()
    screenshot(page, "05-template-hit")

    button = hit.locator("button[data-copy]")  # not by name: the label changes when clicked
    expect(button).to_have_text("Copy reply")
    button.click()
    expect(button).to_have_text("Copied ✓")
    assert page.evaluate("navigator.clipboard.readText()") == reply
    expect(button).to_have_text("Copy reply")  # it resets for the next ticket


def test_a_pause_records_the_search_on_screen_without_searching_again(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    page = new_page(people["agent"])
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlsplit(request.url).path))
    page.goto(portal.url("/portal/search"))
    page.get_by_role("searchbox", name="Search the knowledge base").press_sequentially(
        "return window", delay=20)
    link = page.locator("[data-hit] a.hit-link").first
    expect(link).to_be_visible()
    # After 1.5 s without typing the shown search is recorded; its hits then count clicks.
    expect(link).to_have_attribute("href", re.compile(r"^/portal/search/open\?qid=\d+&to="))
    assert asked.count("/portal/search/record") == 1
    assert "/api/search" not in asked  # the search box never runs a search twice
    searched = asked.count("/portal/search/results")
    link.click()
    expect(page).to_have_url(re.compile(r"#"))
    assert asked.count("/portal/search/results") == searched  # opening records nothing new
