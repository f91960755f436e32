"""Browser fixtures: the real portal (`deskbook serve`) over a copy of the starter knowledge
base, Debian's Chromium driven by Playwright, and a page per test that fails the test on any
console error, uncaught exception or CSP violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    ConsoleWatch,
    NewPage,
    Person,
    Portal,
    StaticHost,
    copy_knowledge_base,
    require_chromium,
    serve_folder,
    serve_knowledge_base,
    sign_in,
    stop_portal,
)

PEOPLE = {
    "new_hire": Person("new.hire@browser.example", "new_hire"),
    "agent": Person("agent@browser.example", "agent"),
    "lead": Person("lead@browser.example", "lead"),
    "admin": Person("admin@browser.example", "admin"),
    # Only for the sign-in story (a wrong password counts against the account).
    "signin": Person("sign.in@browser.example", "agent"),
    # Only for the two-factor story (it turns two-factor sign-in on for this account).
    "twofactor": Person("two.factor@browser.example", "agent"),
}


@pytest.fixture(scope="session")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticHost]:
    """A helpdesk's pages, on another origin of 127.0.0.1: the one allowed to frame the
    sidebar."""
    with serve_folder(tmp_path_factory.mktemp("helpdesk")) as host:
        yield host


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory, helpdesk: StaticHost) -> Iterator[Portal]:
    require_chromium()
    folder = tmp_path_factory.mktemp("browser")
    docs, onboarding = copy_knowledge_base(folder)
    running = serve_knowledge_base(
        folder, docs, onboarding, PEOPLE.values(),
        settings={"DESKBOOK_SIDEBAR_FRAME_ANCESTORS": helpdesk.base_url},
    )
    try:
        yield running
    finally:
        stop_portal(running)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, portal: Portal) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def console() -> ConsoleWatch:
    return ConsoleWatch()


@pytest.fixture
def new_page(browser: Browser, portal: Portal, console: ConsoleWatch) -> Iterator[NewPage]:
    """`new_page(person=None, permissions=())`: a fresh browser profile, signed in through the
    form when a person is given. Any console error on any of its pages fails the test."""
    contexts: list[BrowserContext] = []

    def make(person: Person | None = None, permissions: tuple[str, ...] = ()) -> Page:
        context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
        context.set_default_timeout(10_000)
        if permissions:
            context.grant_permissions(list(permissions), origin=portal.base_url)
        contexts.append(context)
        page = context.new_page()
        console.attach(page)
        if person is not None:
            sign_in(page, portal, person)
        return page

    yield make
    for context in contexts:
        context.close()
    assert not console.problems, "the browser reported problems:\n" + "\n".join(console.problems)


@pytest.fixture
def people() -> dict[str, Person]:
    return PEOPLE
