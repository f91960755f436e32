"""Two-factor sign-in in a real browser: setting it up from the account menu (QR code, key,
first code, recovery codes shown once), then signing in with the password and the app's code;
the admin finds it in the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser


def test_a_person_sets_up_two_factor_sign_in_and_signs_in_with_the_apps_code(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    person = people["twofactor"]
    page = new_page(person)
    page.get_by_label("Your menu").click()  # the person's menu in the shared header
    page.get_by_role("banner").get_by_role("link", name="Two-factor", exact=True).click()
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.get_by_role("button", name="Set up").click()

    qr = page.get_by_alt_text("QR code for your authenticator app")
    expect(qr).to_be_visible()
    # drawn by the server; decode() fails for an image the browser cannot show
    assert qr.evaluate("image => image.decode().then(() => image.naturalWidth)") > 0
    app = pyotp.TOTP(page.locator("code.secret").inner_text().strip())
    page.get_by_label("Code from the app").fill(app.now())
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_text("Save these recovery codes now.")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    screenshot(page, "two-factor-recovery-codes")
    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text("Signing in asks for a code from your authenticator app.")) \
        .to_be_visible()
    page.get_by_label("Your menu").click()
    page.get_by_role("button", name="Sign out").click()

    page.goto(portal.url("/portal/login?next=/portal/tokens/"))
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your sign-in code")).to_be_visible()
    screenshot(page, "two-factor-code-step")
    # The next 30-second step: the current one was spent turning it on.
    page.get_by_label("Code").fill(app.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(portal.url("/portal/tokens/"))
    expect(page.locator(".db-shell-who")).to_contain_text(person.email)

    admin = new_page(people["admin"])
    admin.goto(portal.url(f"/portal/admin/audit/?actor={person.email}"))
    rows = admin.locator("table.audit tbody tr")
    expect(rows.filter(has_text="Two-factor sign-in turned on")).to_have_count(1)
    expect(rows.filter(has_text=re.compile("Signed in"))).to_have_count(2)
    screenshot(admin, "audit-log")
