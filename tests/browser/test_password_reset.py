"""Story: someone forgot their password. In Chromium they follow "Forgot your password?" on the
sign-in page; `deskbook serve`'s mail worker sends the link through the test SMTP server; the
link, opened in the browser, sets a new password they then sign in with; opened again, it is
refused with a clear page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    ConsoleWatch,
    NewPage,
    Person,
    Portal,
    copy_knowledge_base,
    free_port,
    screenshot,
    serve_knowledge_base,
    stop_portal,
)
from tests.portal.mail_support import links, parts
from tests.servers.fixtures import MailServer, start_mail_server

pytestmark = pytest.mark.browser

FORGETFUL = Person("forgetful@browser.example", "agent")
NEW = "a brand new passphrase"


@pytest.fixture(scope="module")
def smtp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailServer]:
    server = start_mail_server(tmp_path_factory.mktemp("smtp"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def mail_portal(tmp_path_factory: pytest.TempPathFactory, smtp: MailServer) -> Iterator[Portal]:
    folder = tmp_path_factory.mktemp("mail")
    port = free_port()
    docs, onboarding = copy_knowledge_base(folder)
    running = serve_knowledge_base(folder, docs, onboarding, [FORGETFUL], port=port, settings={
        "DESKBOOK_BASE_URL": f"http://127.0.0.1:{port}",
        "DESKBOOK_SMTP_URL": smtp.url(),
        "DESKBOOK_MAIL_FROM": "Deskbook <deskbook@browser.example>",
    })
    try:
        yield running
    finally:
        stop_portal(running)


def reset_link(smtp: MailServer, timeout: float = 40.0) -> str:
    """The link in the mail the server's mail worker sends (it looks every 15 s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in smtp.messages():
            found = [url for url in links(parts(message)[0]) if "/password/reset/" in url]
            if found:
                return found[0]
        time.sleep(0.25)
    raise AssertionError("no password-reset mail arrived")


def test_a_forgotten_password_is_reset_through_the_mailed_link(
    new_page: NewPage, mail_portal: Portal, smtp: MailServer, console: ConsoleWatch,
) -> None:
    console.allow("status of 400")  # the used link, opened again, answers 400
    page = new_page()
    page.goto(mail_portal.url("/portal/login"))
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email").fill(FORGETFUL.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status")).to_contain_text("a link to choose a new one is on its way")
    screenshot(page, "password-reset-asked")

    link = reset_link(smtp)
    assert link.startswith(mail_portal.url("/portal/password/reset/"))
    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password (at least 12 characters)").fill(NEW)
    page.get_by_label("New password again").fill(NEW)
    page.get_by_role("button", name="Set the password").click()
    expect(page).to_have_url(re.compile(r"/portal/login\?reset=1$"))
    expect(page.get_by_role("status")).to_have_text("Your new password is set; sign in with it.")

    page.get_by_label("Email").fill(FORGETFUL.email)
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/portal/login"))

    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("expired or has been used")
    expect(page.get_by_role("link", name="Ask for a new link")).to_be_visible()
    screenshot(page, "password-reset-used-link")
