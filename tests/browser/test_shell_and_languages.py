"""The keyboard-first search page, and every main page of the site and the portal (and pages
about one submission, person or page) on a phone (360–420 px) in English, Arabic and
Indonesian: nothing wider than the screen; the new hire's and the agent's own pages too, as
they see them, right to left in Arabic. Also takes the README's screenshots (desktop and
phone, in each language)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser.helpers import ConsoleWatch, Person, Portal, screenshot, sign_in

pytestmark = pytest.mark.browser

LAPTOP: ViewportSize = {"width": 1366, "height": 850}
PHONES = (360, 420)
LANGUAGES = ("en", "ar", "id")
SITE_PAGES = ("/", "/policies/refunds-and-returns/", "/faq/working-remotely/")
SITE_HOME = {"en": "/", "ar": "/ar/", "id": "/id/"}
PORTAL_PAGES = (
    "/portal/", "/portal/search?q=refund", "/portal/onboarding/", "/portal/onboarding/team",
    "/portal/capture/mine", "/portal/capture/faq?page=faq/working-remotely.md",
    "/portal/review/", "/portal/living/review", "/portal/living/flags", "/portal/living/stale",
    "/portal/insights/health", "/portal/insights/search", "/portal/insights/reuse",
    "/portal/insights/synonyms/", "/portal/synonyms/", "/portal/editor/", "/portal/editor/new",
    "/portal/admin/users", "/portal/admin/audit/", "/portal/tokens/", "/portal/account/password",
    "/portal/account/two-factor", "/portal/admin/two-factor", "/portal/sidebar",
)
# What a new hire and an agent use every day: their home, their checklist, search, sending
# an answer back and what became of what they sent, the notifications.
OWN_PAGES = (
    "/portal/", "/portal/onboarding/", "/portal/search?q=refund",
    "/portal/capture/faq?page=faq/working-remotely.md", "/portal/capture/mine",
    "/portal/notifications",
)
HOME_BLOCK = {"new_hire": "onboarding", "agent": "agent"}  # what their home opens with
_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1) && getComputedStyle(el).position !== "fixed") {
      if (!el.closest("[hidden], details:not([open]) > :not(summary), .table-scroll, pre, .md-sidebar, .md-search, .md-select__inner, .visually-hidden, .md-nav")) {
        wide.push(el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""));
      }
    }
  }
  return { scroll: document.documentElement.scrollWidth, width: width, wide: wide.slice(0, 5) };
}"""


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()


def _page(browser: Browser, contexts: list[BrowserContext], console: ConsoleWatch,
          viewport: ViewportSize, locale: str, **options: object) -> Page:
    context = browser.new_context(viewport=viewport, locale=locale, **options)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    contexts.append(context)
    page = context.new_page()
    console.attach(page)
    return page


def _sign_in_any_language(page: Page, portal: Portal, person: Person) -> None:
    """The login form by its fields, whatever language its labels are in."""
    page.goto(portal.url("/portal/login"))
    page.locator("input[name=email]").fill(person.email)
    page.locator("input[name=password]").fill(person.password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(lambda url: "/portal/login" not in url)


def test_search_is_keyboard_first(
    browser: Browser, contexts: list[BrowserContext], console: ConsoleWatch, portal: Portal,
    people: dict[str, Person],
) -> None:
    page = _page(browser, contexts, console, LAPTOP, "en-GB",
                 permissions=["clipboard-read", "clipboard-write"])
    sign_in(page, portal, people["agent"])
    posted: list[str] = []
    page.on("request", lambda r: posted.append(urlsplit(r.url).path) if r.method == "POST" else None)

    page.goto(portal.url("/portal/search?q=refund"))
    box = page.get_by_role("searchbox", name="Search the knowledge base")
    hits = page.locator("[data-hit]")
    expect(hits.first).to_be_visible()
    # Compact hits: at least six whole hits above the fold of a 1366×850 laptop screen.
    bottoms = [hits.nth(i).bounding_box() for i in range(hits.count())]
    assert sum(1 for b in bottoms if b and b["y"] + b["height"] <= LAPTOP["height"]) >= 6
    screenshot(page, "ux-search-en-desktop")

    # "/" focuses the box from anywhere but a text field, where it is just a slash.
    page.locator("h1, main").first.click()
    box.blur()
    page.keyboard.press("/")
    expect(box).to_be_focused()
    box.fill("")
    box.press_sequentially("a/b", delay=10)
    expect(box).to_have_value("a/b")

    # Tab from the box goes to its button and then to the hits, not into the filters.
    box.fill("refund confirmation")
    expect(page).to_have_url(re.compile(r"q=refund\+confirmation"))
    expect(hits.first).to_contain_text("Refund confirmation")
    page.wait_for_load_state("networkidle")  # these very results shown, not the last query's
    page.wait_for_timeout(300)
    box.press("Tab")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('[data-hit]') !== null")
    assert focused, "Tab after the search button should reach the first hit"

    # ↓ chooses a hit; "c" copies the chosen hit's reply, which counts as the search answering.
    box.focus()
    box.press("ArrowDown")
    expect(hits.first).to_have_class(re.compile(r"\bselected\b"))
    reply = hits.first.locator("button[data-copy]").get_attribute("data-copy")
    assert reply
    page.keyboard.press("c")
    expect(hits.first.locator("button[data-copy]")).to_have_text("Copied ✓")
    assert page.evaluate("navigator.clipboard.readText()") == reply
    page.wait_for_timeout(300)
    assert "/api/uses" in posted


def _pages_of_one_thing(page: Page, portal: Portal, people: dict[str, Person]) -> list[str]:
    """Pages about one thing, made here in any language by the forms' field names: a
    submission (as its author and its reviewer see it), a person's onboarding (a lead's view),
    a page in the editor."""
    page.goto(portal.url("/portal/capture/faq?page=faq/working-remotely.md"))
    page.locator("input[name=question]").fill("Can I work from a café in another country?")
    page.locator("textarea[name=answer]").fill("Ask your lead **first**; the VPN must be on.\n")
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(re.compile(r"/portal/capture/mine/\d+"))
    submission = urlsplit(page.url).path
    page.goto(portal.url("/portal/onboarding/team"))
    assign = page.locator("form[action$='/team/assign']")
    person_id = assign.locator("select[name=user_id] option",
                               has_text=people["new_hire"].email).get_attribute("value")
    assert person_id
    assign.locator("select[name=user_id]").select_option(person_id)
    assign.locator("button[type=submit]").click()
    person = page.locator("[data-assigned] a").get_attribute("href")
    assert person
    return [submission, submission.replace("/capture/mine/", "/review/"), person,
            "/portal/editor/edit?page=policies/refunds-and-returns.md"]


def _overflow(page: Page, path: str, width: int) -> str | None:
    found = page.evaluate(_OVERFLOW)
    if found["scroll"] <= found["width"]:
        return None
    return f"{path} at {width} px: {found['scroll']} px wide ({', '.join(found['wide'])})"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_a_phone(
    browser: Browser, contexts: list[BrowserContext], console: ConsoleWatch, portal: Portal,
    people: dict[str, Person], language: str,
) -> None:
    too_wide: list[str] = []
    one_thing: list[str] = []
    for width in PHONES:
        phone: ViewportSize = {"width": width, "height": 800}
        page = _page(browser, contexts, console, phone, language, is_mobile=True, has_touch=True)
        _sign_in_any_language(page, portal, people["admin"])
        site = [SITE_HOME[language], *(
            p if language == "en" else f"/{language}{p}" for p in SITE_PAGES[1:])]
        if not one_thing:
            one_thing = _pages_of_one_thing(page, portal, people)
        for path in (*site, *PORTAL_PAGES, *one_thing):
            response = page.goto(portal.url(path))
            if response is None or response.status == 404:
                continue  # a page the starter KB has in English only
            assert response.ok, (path, response.status)
            page.wait_for_load_state("networkidle")
            if path.startswith("/portal/"):
                expect(page.locator("html")).to_have_attribute("lang", language)
            problem = _overflow(page, path, width)
            if problem:
                too_wide.append(problem)
        if width == PHONES[0]:
            page.goto(portal.url("/portal/"))
            screenshot(page, f"ux-home-{language}-phone")
            page.goto(portal.url(SITE_HOME[language]))
            page.wait_for_load_state("networkidle")
            screenshot(page, f"ux-site-{language}-phone")
    assert not too_wide, "\n".join(too_wide)
    desktop = _page(browser, contexts, console, LAPTOP, language)
    _sign_in_any_language(desktop, portal, people["lead"])
    desktop.goto(portal.url("/portal/"))
    screenshot(desktop, f"ux-home-{language}-desktop")
    desktop.goto(portal.url("/portal/insights/health"))
    desktop.wait_for_load_state("networkidle")
    screenshot(desktop, f"ux-insights-{language}-desktop")
    desktop.goto(portal.url("/portal/insights/reuse"))
    reuse = desktop.locator("figure#chart-reuse")
    expect(reuse).to_have_attribute("data-drawn", "1")  # the weekly numbers, drawn
    expect(reuse.locator("canvas")).to_be_visible()
    expect(reuse.locator("details.chart-numbers table")).to_be_attached()  # and kept as a table
    reuse.scroll_into_view_if_needed()
    screenshot(desktop, f"ux-reuse-{language}-desktop")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ["new_hire", "agent"])
def test_the_new_hires_and_the_agents_pages_fit_a_phone_in_their_language(
    browser: Browser, contexts: list[BrowserContext], console: ConsoleWatch, portal: Portal,
    people: dict[str, Person], role: str, language: str,
) -> None:
    width = PHONES[0]
    page = _page(browser, contexts, console, {"width": width, "height": 800}, language,
                 is_mobile=True, has_touch=True)
    _sign_in_any_language(page, portal, people[role])
    too_wide = []
    for path in OWN_PAGES:
        response = page.goto(portal.url(path))
        assert response is not None and response.ok, (path, response and response.status)
        page.wait_for_load_state("networkidle")
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        problem = _overflow(page, path, width)
        if problem:
            too_wide.append(problem)
    assert not too_wide, "\n".join(too_wide)
    page.goto(portal.url("/portal/"))
    expect(page.locator(f"[data-home={HOME_BLOCK[role]}]")).to_be_visible()
    direction = page.evaluate("getComputedStyle(document.querySelector('main')).direction")
    assert direction == ("rtl" if language == "ar" else "ltr")
    screenshot(page, f"ux-home-{role.replace('_', '')}-{language}-phone")


_WORDS_SPLIT = """() => {
  const split = [];
  const texts = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    const text = node.textContent.trim();
    if (!text || !node.parentElement.closest(".table-scroll td, .table-scroll th")
        || node.parentElement.closest(".visually-hidden")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const lines = new Set([...range.getClientRects()].map((box) => Math.round(box.top)));
    // a line may break at a space, a hyphen or a slash, never inside a word
    if (lines.size > text.split(/[\\s\\/-]+/).length) split.push(text.slice(0, 40));
  }
  return split;
}"""


@pytest.mark.parametrize("language", ["id", "ar"])
def test_a_wide_table_on_a_phone_scrolls_rather_than_splitting_its_words(
    browser: Browser, contexts: list[BrowserContext], console: ConsoleWatch, portal: Portal,
    people: dict[str, Person], language: str,
) -> None:
    page = _page(browser, contexts, console, {"width": PHONES[0], "height": 800}, language,
                 is_mobile=True, has_touch=True)
    _sign_in_any_language(page, portal, people["admin"])
    for path in ("/portal/living/review", "/portal/admin/audit/"):
        page.goto(portal.url(path))
        assert page.evaluate(_WORDS_SPLIT) == [], path
        scroller = page.locator(".table-scroll").first
        assert scroller.evaluate("(box) => box.scrollWidth > box.clientWidth"), path
        assert _overflow(page, path, PHONES[0]) is None
