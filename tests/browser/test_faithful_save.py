"""Story: a lead saves a page without changing it (no commit), then changes one word: the
commit is a one-line diff — the front matter, the blank line after it and the last newline
as they were."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import NewPage, Person, Portal
from tests.browser.test_editor import _committed, _git

pytestmark = pytest.mark.browser

PAGE = "howtos/run-a-one-on-one.md"


def test_one_word_changed_in_the_editor_is_a_one_line_commit(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    _committed(portal.docs, PAGE)
    before = _git(portal.docs, "rev-parse", "HEAD").strip()
    page = new_page(people["lead"])
    page.goto(portal.url(f"/portal/editor/edit?page={PAGE}"))

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("Nothing changed, so nothing was saved.")
    assert _git(portal.docs, "rev-parse", "HEAD").strip() == before

    body = page.locator("[data-editor-body]")
    text = body.input_value()
    word = next(w for w in text.split() if w.isalpha() and len(w) > 6)
    body.fill(text.replace(word, word.upper(), 1))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("[data-saved]")).to_contain_text("Saved as commit")

    diff = _git(portal.docs, "show", "--format=", "--unified=0", "HEAD", "--", PAGE)
    changed = [line for line in diff.splitlines()
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert len(changed) == 2, diff
    assert changed[0].startswith("-") and changed[1] == "+" + changed[0][1:].replace(
        word, word.upper(), 1)
