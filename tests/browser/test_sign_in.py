"""Story 1: the knowledge base is behind sign-in, and the login form lets people in."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ConsoleWatch, NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser


def test_a_site_page_asks_for_sign_in_and_the_form_lets_the_person_in(
    new_page: NewPage, portal: Portal, people: dict[str, Person], console: ConsoleWatch
) -> None:
    person = people["signin"]
    console.allow("status of 401")  # the refused sign-in below answers 401 Unauthorized
    page = new_page()

    page.goto(portal.url("/policies/remote-work/"))
    expect(page).to_have_url(re.compile(r"/portal/login\?next=/policies/remote-work/$"))
    expect(page.get_by_role("heading", name="Sign in to Deskbook")).to_be_visible()
    screenshot(page, "01-sign-in")

    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/portal/login"))

    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(portal.url("/policies/remote-work/"))
    expect(page.locator("article h1")).to_have_text(re.compile("Remote work policy"))
    screenshot(page, "02-site-page")

    # Signed in, the portal knows who this is; another fresh profile is still asked to sign in.
    page.goto(portal.url("/portal/"))
    expect(page.get_by_role("heading", name=f"Hello, {person.email}")).to_be_visible()
    stranger = new_page()
    stranger.goto(portal.url("/policies/remote-work/"))
    expect(stranger).to_have_url(re.compile(r"/portal/login"))
