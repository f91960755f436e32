"""The helpdesk sidebar in a real Chromium, inside an iframe on a helpdesk page served from
another origin on 127.0.0.1: the helpdesk's app passes the ticket and an API token by
postMessage, the agent copies a reply and opens the deciding section, and searches."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from portal.accounts import tokens, users
from portal.accounts.database_init import open_database
from portal.models.reuse import KnowledgeUse
from search.suggestions import MAX_MESSAGE_CHARS
from tests.browser.helpers import (
    VIEWPORT,
    NewPage,
    Person,
    Portal,
    StaticHost,
    screenshot,
    serve_folder,
)

MESSAGE = (
    "Hello, the lamp I ordered arrived broken, the glass shade is cracked. "
    "Order 123-1234567-1234567. Can you send a new one?\n\nThanks,\nAmira"
)


def _token(portal: Portal, person: Person) -> str:
    database = open_database({"DATABASE_URL": portal.env["DESKBOOK_DATABASE_URL"]})
    try:
        with database.session() as session:
            user = users.require_user(session, person.email)
            return tokens.create_token(session, user, "helpdesk app")[1]
    finally:
        database.dispose()


def _uses(portal: Portal, count: int) -> list[tuple[str, str, str, str | None]]:
    """(page, anchor, action, ticket) of the recorded uses, once there are `count` of them."""
    database = open_database({"DATABASE_URL": portal.env["DESKBOOK_DATABASE_URL"]})
    try:
        deadline = time.monotonic() + 10
        while True:
            with database.session() as session:
                rows = [(u.page, u.anchor, u.action, u.ticket)
                        for u in session.scalars(select(KnowledgeUse).order_by(KnowledgeUse.id))]
            if len(rows) >= count or time.monotonic() > deadline:
                return rows
            time.sleep(0.1)
    finally:
        database.dispose()


def _helpdesk_page(folder: Path, portal: Portal, token: str) -> str:
    """A ticket page as a helpdesk app would draw it: the sidebar in an iframe, and the ticket
    and token posted to it once it says it is ready."""
    ticket = {"type": "deskbook:ticket", "token": token, "text": MESSAGE, "ticket": "4711"}
    (folder / "ticket.html").write_text(
        f"""<!doctype html><html><head><meta charset="utf-8"><title>Ticket 4711</title>
<link rel="icon" href="data:,"></head>
<body><h1>Ticket 4711</h1>
<iframe id="deskbook" src="{portal.url('/portal/sidebar')}" width="400" height="760"
        allow="clipboard-write"></iframe>
<script>
const deskbook = {json.dumps(portal.base_url)};
window.addEventListener("message", (event) => {{
  if (event.origin !== deskbook || !event.data || event.data.type !== "deskbook:ready") return;
  document.getElementById("deskbook").contentWindow.postMessage({json.dumps(ticket)}, deskbook);
}});
</script></body></html>""",
        encoding="utf-8",
    )
    return "/ticket.html"


@pytest.fixture
def other_host(tmp_path: Path) -> Iterator[StaticHost]:
    """A second helpdesk origin, not on the allowlist."""
    with serve_folder(tmp_path / "other") as host:
        yield host


def test_the_helpdesk_passes_the_ticket_and_the_agent_copies_the_reply(
    new_page: NewPage, portal: Portal, helpdesk: StaticHost, people: dict[str, Person]
) -> None:
    path = _helpdesk_page(helpdesk.folder, portal, _token(portal, people["agent"]))
    page = new_page()  # no portal session: the token is the only way in
    page.goto(helpdesk.url(path))
    sidebar = page.frame_locator("#deskbook")

    reply = sidebar.locator("[data-reply]").first
    # A fresh server's first suggestion learns the replies' catalogue and the translations'
    # dictionary first: seconds on a busy machine, so more time than a click gets.
    expect(reply).to_contain_text("Damaged item", timeout=30_000)
    expect(reply).to_contain_text("Hi Amira")  # {customer_name}, from the sign-off
    expect(sidebar.locator("[data-field-list]")).to_contain_text("123-1234567-1234567")
    expect(sidebar.locator("[name=ticket]")).to_have_value("4711")
    deciding = sidebar.locator("[data-section] a").first
    expect(deciding).to_have_attribute("target", "_blank")
    assert deciding.get_attribute("href", timeout=5_000).startswith("/policies/")
    width = sidebar.locator("body").evaluate("body => body.getBoundingClientRect().width")
    assert width <= 400

    reply.get_by_role("button", name="Copy reply").click()
    expect(reply.get_by_role("button", name="Copied")).to_be_visible()
    with page.context.expect_page() as opened:
        deciding.click()
    opened.value.close()
    page_path, anchor = deciding.get_attribute("href", timeout=5_000).strip("/").split("/#")
    assert _uses(portal, 2)[-2:] == [
        ("templates/damaged-item.md", "", "copy", "4711"),
        (f"{page_path}.md", anchor, "open", "4711"),
    ]

    sidebar.get_by_placeholder("Search the knowledge base").fill("refund window")
    sidebar.get_by_role("button", name="Search", exact=True).click()
    expect(sidebar.locator("[data-search-list] [data-hit]").first).to_be_visible()
    screenshot(page, "sidebar-in-a-helpdesk")


def test_a_helpdesk_not_on_the_allowlist_cannot_frame_the_sidebar(
    new_page: NewPage, portal: Portal, other_host: StaticHost, people: dict[str, Person],
    console: object,
) -> None:
    path = _helpdesk_page(other_host.folder, portal, "dbk_not_a_real_token")
    console.allow("frame-ancestors")  # type: ignore[attr-defined]
    page = new_page()
    page.goto(other_host.url(path))
    page.wait_for_timeout(1_000)
    frame = page.frame(url=portal.url("/portal/sidebar"))
    assert frame is None or not frame.locator("[data-sidebar]").count()


def test_copying_a_reply_on_the_site_is_a_use_of_it(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    page = new_page(people["agent"], permissions=("clipboard-read", "clipboard-write"))
    before = len(_uses(portal, 0))
    page.goto(portal.url("/templates/wrong-item-received/"))

    page.get_by_title("Copy to clipboard").first.click()
    assert _uses(portal, before + 1)[before:] == [
        ("templates/wrong-item-received.md", "", "copy", None)]


def test_a_message_too_long_for_a_link_is_posted_by_the_form(
    browser: Browser, portal: Portal,
) -> None:
    # Over the limit the portal's own page says so in the reader's language (tests/portal).
    message = ("السلام عليكم، وصل المصباح مكسورًا والزجاج متشقق. " * 400)[:MAX_MESSAGE_CHARS]
    # As a link it is far past what the server reads of an address: its bare 400, not ours.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(portal.url("/portal/sidebar?text=" + quote(message)), timeout=10)
    assert refused.value.code == 400

    # The form without its script (as it submits before the script runs): posted, kept whole.
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT, locale="ar")
    try:
        page = context.new_page()
        page.goto(portal.url("/portal/sidebar?text=" + quote("أين طلبي؟") + "&ticket=12"))
        expect(page.locator("#sidebar-text")).to_have_value("أين طلبي؟")  # a short link works
        page.fill("#sidebar-text", message)
        page.locator("[data-suggest-form] button[type=submit]").click()
        expect(page.locator("#sidebar-text")).to_have_value(message)
        expect(page.locator("input[name=ticket]")).to_have_value("12")
    finally:
        context.close()
