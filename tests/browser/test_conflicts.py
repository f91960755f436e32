"""Story: two leads change the same sentence. The second one's save shows both versions and
the place they both changed; pressing Save again as it is changes nothing; keeping mine saves,
and the commit says whose change it resolved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ConsoleWatch, NewPage, Person, Portal, screenshot
from tests.browser.test_editor import _committed, _git

pytestmark = pytest.mark.browser

PAGE = "howtos/hand-over-at-end-of-shift.md"
SENTENCE = "means the customer gets asked the same question twice."


def test_an_overlapping_edit_is_decided_never_overwritten(
    new_page: NewPage, portal: Portal, people: dict[str, Person], console: ConsoleWatch
) -> None:
    console.allow("status of 409")  # the conflict answers 409 Conflict, on purpose
    _committed(portal.docs, PAGE)
    page = new_page(people["lead"])
    page.goto(portal.url(f"/portal/editor/edit?page={PAGE}"))
    body = page.locator("[data-editor-body]")
    expect(body).to_contain_text(SENTENCE)

    # Meanwhile a colleague changes the same sentence and commits it.
    path = portal.docs / PAGE
    theirs = path.read_text(encoding="utf-8").replace(SENTENCE, "means a second, angry reply.")
    path.write_text(theirs, encoding="utf-8")
    _git(portal.docs, "-c", "user.name=Amira", "-c", "user.email=amira@lumen.example",
         "commit", "--quiet", "-am", "Colleague's edit")
    theirs_commit = _git(portal.docs, "rev-parse", "HEAD").strip()

    body.fill(body.input_value().replace(SENTENCE, "means the customer repeats themselves."))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("[data-conflict]")).to_be_visible()
    expect(page.locator("[data-region-theirs]")).to_contain_text("a second, angry reply")
    expect(page.locator("[data-region-mine]")).to_contain_text("repeats themselves")
    screenshot(page, "editor-conflict-regions")

    page.get_by_role("button", name="Save", exact=True).click()  # as it is: nothing decided
    expect(page.locator("[data-problem]")).to_contain_text("Nothing was saved")
    assert path.read_text(encoding="utf-8") == theirs
    assert _git(portal.docs, "rev-parse", "HEAD").strip() == theirs_commit

    page.get_by_label("Keep mine").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("[data-saved]")).to_contain_text("Saved as commit")
    saved = path.read_text(encoding="utf-8")
    assert "repeats themselves" in saved and "angry reply" not in saved
    message = _git(portal.docs, "log", "-1", "--format=%ae%n%B")
    assert message.startswith(people["lead"].email)
    assert f"Resolves-conflict-with: {theirs_commit[:12]} by amira@lumen.example" in message
