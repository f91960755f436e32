"""Story: a lead opens "Edit this page" on the site, sees a live (sanitised) preview while
typing in the portal's editor, saves, and finds the change in the page's history."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ConsoleWatch, NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser

PAGE = "faq/working-remotely.md"


def _git(docs: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(docs), *args], capture_output=True, text=True,
                          check=True).stdout


def _committed(docs: Path, page: str) -> None:
    """The editor writes through the docstore, which wants the page committed in git."""
    inside = subprocess.run(["git", "-C", str(docs), "rev-parse", "--show-toplevel"],
                            capture_output=True, text=True, check=False)
    if inside.returncode != 0:
        _git(docs, "init", "--quiet")
    if _git(docs, "status", "--porcelain", "--", page).strip():
        _git(docs, "add", "--", page)
        _git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@x", "commit", "--quiet",
             "-m", f"Seed {page}", "--", page)


def test_a_lead_edits_a_page_with_a_live_preview(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    _committed(portal.docs, PAGE)
    page = new_page(people["lead"])
    page.goto(portal.url("/faq/working-remotely/"))
    page.get_by_role("link", name="Edit this page").click()
    page.wait_for_url("**/portal/editor/edit?page=faq%2Fworking-remotely.md")
    expect(page.get_by_label("Title")).to_have_value("FAQ: Working remotely")

    preview = page.locator("[data-editor-preview]")
    # rendered as on the site: the heading has its id and permalink
    expect(preview.locator("h1#faq-working-remotely")).to_have_text(
        re.compile(r"^FAQ: Working remotely¶?$"))
    body = page.locator("[data-editor-body]")
    body.press("End")
    body.press("Control+End")
    body.type("\n\n## Can I work from a café?\n\nOnly on a **trusted** network. "
              "<img src=/portal/static/favicon.svg onerror=alert(1)> <script>alert(2)</script>\n")
    expect(preview.locator("h2", has_text="Can I work from a café?")).to_be_visible()
    expect(preview.locator("strong", has_text="trusted")).to_be_visible()
    assert preview.locator("script").count() == 0
    assert preview.locator("[onerror]").count() == 0
    screenshot(page, "editor-live-preview")

    page.get_by_label("Commit message").fill("Answer: working from a café")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-saved]")).to_contain_text("Saved as commit")
    assert "## Can I work from a café?" in (portal.docs / PAGE).read_text(encoding="utf-8")
    assert _git(portal.docs, "log", "-1", "--format=%ae %s").strip() == (
        f"{people['lead'].email} Answer: working from a café"
    )

    page.get_by_role("link", name="History").click()
    expect(page.locator("tr[data-revision]").first).to_contain_text("Answer: working from a café")
    page.get_by_role("button", name="Compare the two chosen versions").click()
    source = page.locator("section[aria-labelledby='source'] pre.diff")
    expect(source).to_contain_text("+ ## Can I work from a café?")


def test_an_agent_is_refused_the_editor(
    new_page: NewPage, portal: Portal, people: dict[str, Person], console: ConsoleWatch
) -> None:
    console.allow("403 (FORBIDDEN)")  # the refusal itself
    page = new_page(people["agent"])
    page.goto(portal.url("/faq/working-remotely/"))
    # The shared header came (the person's menu), with the controls an agent may use, and
    # without the editor's: a control the role cannot use is not shown.
    expect(page.get_by_role("link", name="Suggest an edit").first).to_be_visible()
    expect(page.get_by_role("link", name="Edit this page")).to_have_count(0)
    response = page.goto(portal.url(f"/portal/editor/edit?page={PAGE}"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Your role does not allow this")).to_be_visible()
