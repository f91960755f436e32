"""Story 5: a new hire works through My onboarding, and re-reads a section after it changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.helpers import NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser

READ_ITEM = "daily-stand-up"  # policies/communication.md#daily-stand-up in the new-agent track
TASK_ITEM = "enable-2fa"
OLD_LINE = "- **Length**: **15 minutes**, hard stop."
NEW_LINE = "- **Length**: **10 minutes**, hard stop."


def done_count(page: Page) -> tuple[int, int]:
    """The "n of m done" the person sees above the checklist."""
    text = page.locator(".progress-text strong").inner_text()
    found = re.fullmatch(r"(\d+) of (\d+) done", text.strip())
    assert found, text
    return int(found.group(1)), int(found.group(2))


def status_of(item: Locator) -> Locator:
    return item.locator(".badge.status")


def unfold(page: Page, item: Locator) -> None:
    """Open the day or week the item is in (only the current one and those behind are open)."""
    group = page.locator("details.item-group").filter(has=item)
    if group.get_attribute("open") is None:
        group.locator("> summary").click()


def test_acknowledge_tick_and_reread_after_the_page_changes(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    page = new_page(people["new_hire"])
    page.get_by_label("Your menu").click()  # the person's menu in the shared header
    page.get_by_role("link", name="My onboarding").click()
    expect(page.get_by_role("heading", name="My onboarding", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="New agent", level=2)).to_be_visible()
    # Task titles show in full (a `#channel` in a track's YAML once cut them short).
    expect(page.locator("#item-say-hello .item-title")).to_have_text(
        "Say hello in #support-watercooler and join your hub channel"
    )
    start, total = done_count(page)
    assert start == 0 and total > 2
    bar = page.locator("progress.progress")
    expect(bar).to_have_attribute("value", "0")

    # Acknowledge a reading item: it is done and the count goes up.
    reading = page.locator(f"#item-{READ_ITEM}")
    expect(status_of(reading)).to_have_text("To do")
    # It can be acknowledged once opened: the checklist's link notes it, then shows the section.
    unfold(page, reading)
    expect(reading.get_by_role("button", name="I have read this version")).to_have_count(0)
    checklist = page.url
    reading.get_by_role("link", name="Open and read it").click()
    expect(page).to_have_url(re.compile(rf"/policies/communication/#{READ_ITEM}$"))
    page.goto(checklist)
    unfold(page, reading)
    reading.get_by_role("button", name="I have read this version").click()
    expect(status_of(reading)).to_have_text("Done")  # in place, without a reload
    expect(page.locator(".progress-text strong")).to_have_text(f"1 of {total} done")
    expect(reading.get_by_role("button", name="I have read this version")).to_have_count(0)

    # Tick a task.
    task = page.locator(f"#item-{TASK_ITEM}")
    unfold(page, task)
    task.get_by_role("button", name="Mark done").click()
    expect(status_of(task)).to_have_text("Done")
    expect(task.get_by_role("button", name="Mark not done")).to_be_visible()
    expect(page.locator(".progress-text strong")).to_have_text(f"2 of {total} done")
    expect(page.locator("progress.progress")).not_to_have_attribute("value", "0")

    # The section changes in the docs; the site and index are rebuilt.
    policy = portal.docs / "policies" / "communication.md"
    source = policy.read_text(encoding="utf-8")
    assert OLD_LINE in source
    policy.write_text(source.replace(OLD_LINE, NEW_LINE), encoding="utf-8")
    portal.rebuild()

    page.reload()
    unfold(page, reading)
    expect(status_of(reading)).to_have_text("Re-read needed")
    expect(page.locator(".progress-text")).to_contain_text(f"1 of {total}")
    expect(page.locator(".progress-text")).to_contain_text("1 to re-read")
    changes = reading.locator("details.changes")
    expect(changes).to_have_attribute("open", "")
    expect(changes.locator("summary")).to_contain_text("What changed since you acknowledged it")
    # Rendered as on the site (the one renderer and diff module), not as Markdown lines.
    expect(changes.locator(".diff-del strong").filter(has_text="15 minutes")).to_have_count(1)
    expect(changes.locator(".diff-add strong").filter(has_text="10 minutes")).to_have_count(1)
    for changed in (changes.locator(".diff-del"), changes.locator(".diff-add")):
        expect(changed).not_to_have_css("background-color", "rgba(0, 0, 0, 0)")  # highlighted
    reading.scroll_into_view_if_needed()
    screenshot(page, "06-onboarding-reread-diff")

    # The item opens the changed section on the (rebuilt) site.
    reading.locator("a.item-title").click()
    expect(page).to_have_url(re.compile(rf"/policies/communication/#{READ_ITEM}$"))
    expect(page.locator(f"article [id='{READ_ITEM}']")).to_be_in_viewport()
    expect(page.locator("article")).to_contain_text("10 minutes, hard stop.")
    page.goto(checklist)
    unfold(page, reading)

    # Acknowledging the new version makes it done again.
    reading.get_by_role("button", name="I have read this version").click()
    expect(status_of(reading)).to_have_text("Done")
    expect(reading.locator("details.changes")).to_have_count(0)
    expect(page.locator(".progress-text strong")).to_have_text(f"2 of {total} done")
    expect(page.locator(".progress-text")).not_to_contain_text("re-read")
