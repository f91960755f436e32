"""Issue 6, end to end in a browser: an agent's search finds nothing, they write the answer,
a lead approves it, git has the commit, search finds it and the rebuilt site page shows it."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import NewPage, Person, Portal, screenshot

pytestmark = pytest.mark.browser

QUERY = "quokka adoption"
QUESTION = "Can customers adopt a quokka with their order?"
ANSWER = "No. Quokkas are a protected species; point them to the **gift cards** instead."
FAQ_PAGE = "faq/orders-and-shipping.md"
SITE_PAGE = "/faq/orders-and-shipping/"


def _git(docs: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(docs), *args], capture_output=True, text=True,
                          check=True).stdout


def ensure_docs_repository(docs: Path) -> None:
    """The browser portal's docs are a plain copy: make them a repository with a first commit
    (the docstore commits every approved change there)."""
    if not (docs / ".git").exists():
        _git(docs, "init", "--quiet")
    if subprocess.run(["git", "-C", str(docs), "rev-parse", "--verify", "--quiet", "HEAD"],
                      capture_output=True, check=False).returncode != 0:
        _git(docs, "add", "--all")
        _git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit",
             "--quiet", "-m", "Starter knowledge base")


def _wait_for_site(page: Page, portal: Portal, needle: str, timeout: float = 10.0) -> float:
    """Poll the site page until it shows `needle`; returns the seconds it took."""
    start = time.monotonic()
    while True:
        response = page.request.get(portal.url(SITE_PAGE))
        if response.ok and needle in response.text():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise AssertionError(f"the site did not show {needle!r} within {timeout} s")
        time.sleep(0.25)


def test_an_agent_answers_a_lead_approves_and_search_and_site_show_it(
    new_page: NewPage, portal: Portal, people: dict[str, Person]
) -> None:
    ensure_docs_repository(portal.docs)
    head_before = _git(portal.docs, "rev-parse", "HEAD").strip()

    # The agent searches mid-ticket and nobody has written this yet.
    agent = new_page(people["agent"])
    agent.goto(portal.url("/portal/search"))
    agent.get_by_role("searchbox", name="Search the knowledge base").press_sequentially(
        QUERY, delay=15
    )
    add = agent.get_by_role("link", name="Nobody has written this yet — add the answer")
    expect(add).to_be_visible()
    add.click()
    expect(agent).to_have_url(re.compile(r"/portal/capture/answer\?q=quokka\+adoption"))
    title = agent.get_by_label("Question or title")
    expect(title).to_have_value(QUERY)
    title.fill(QUESTION)
    agent.get_by_label("Answer").fill(ANSWER)
    expect(agent.locator("[data-capture-preview] strong")).to_have_text("gift cards")
    agent.get_by_label("Where it goes").select_option(FAQ_PAGE)
    screenshot(agent, "06-capture-answer")
    agent.get_by_role("button", name="Send for review").click()
    expect(agent).to_have_url(re.compile(r"/portal/capture/mine/\d+$"))
    expect(agent.locator("[data-state]")).to_have_text("waiting for review")
    submission = agent.url.rsplit("/", 1)[1]

    # A lead finds it in the queue, reads the diff and approves it.
    lead = new_page(people["lead"])
    lead.goto(portal.url("/portal/review/"))
    row = lead.locator(f'[data-queue-item="{submission}"]')
    expect(row).to_contain_text(people["agent"].email)
    expect(row).to_contain_text(FAQ_PAGE)
    row.get_by_role("link").first.click()
    expect(lead.locator("[data-after] strong")).to_have_text("gift cards")
    expect(lead.locator("[data-source-diff]")).to_contain_text(f"## {QUESTION}")
    screenshot(lead, "06-review-detail", full_page=True)
    lead.locator("[data-approve]").click()
    expect(lead.locator("[data-applied]")).to_contain_text("Published in commit")

    # The git commit: the agent is the author, the lead is named in the message.
    log = _git(portal.docs, "log", "-1", "--format=%H%n%ae%n%B", "--", FAQ_PAGE)
    commit, author, message = log.split("\n", 2)
    assert commit != head_before
    assert author == people["agent"].email
    assert f"Submitted-by: {people['agent'].email}" in message
    assert f"Approved-by: {people['lead'].email}" in message
    assert f"Answers the search “{QUERY}”." in message
    expect(lead.locator("[data-applied] code")).to_have_text(commit[:10])

    # Search finds the new answer at once.
    agent.goto(portal.url(f"/portal/search?q={quote_plus('quokka')}"))
    first = agent.locator("[data-hit]").first
    expect(first).to_contain_text(QUESTION)
    expect(first.locator(".hit-path")).to_contain_text(FAQ_PAGE)

    # The rebuilt site page shows it within 10 s, with the capture links on its heading.
    seconds = _wait_for_site(agent, portal, QUESTION)
    agent.goto(portal.url(SITE_PAGE))
    heading = agent.get_by_role("heading", name=re.compile(re.escape(QUESTION)))
    expect(heading).to_be_visible()
    suggest = heading.get_by_role("link", name="Suggest an edit")
    expect(suggest).to_have_attribute("href", re.compile(
        r"^/portal/capture/edit\?page=faq%2Forders-and-shipping\.md&anchor=can-customers-adopt"
    ))
    expect(agent.get_by_role("link", name="Add a question")).to_be_visible()
    screenshot(agent, "06-site-after-approval")
    assert seconds <= 10

    # And from the site, "Suggest an edit" opens that section's Markdown.
    suggest.click()
    expect(agent.get_by_label("Section (Markdown)")).to_have_value(re.compile(
        re.escape(f"## {QUESTION}") + r"\n\nNo\. Quokkas"
    ))
    expect(agent.locator("[data-state]")).to_have_count(0)
