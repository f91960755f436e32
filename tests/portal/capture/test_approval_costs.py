"""What one approval costs: one index write, a handful of git processes and each page text
parsed once, counted on the real path (view → capture → docstore.publish) with the real
background site build."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import search.index
from content.parse import markdown_parser
from portal import app_state
from portal.accounts.roles import Role
from portal.docstore import DocStore
from portal.site.rebuild import BuildStatus, SiteRebuilder
from tests.portal.capture_kb import kb_settings, send, submission_id, submit_faq
from tests.portal.helpers import Person, page_csrf, signed_in

pytestmark = pytest.mark.slow  # a real mkdocs build in a child process


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


@pytest.fixture
def store(app: Flask) -> DocStore:
    """The app's docstore with its own background site rebuild (it is part of what is counted)."""
    return app_state.docstore(app)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts, in this process, the git processes started, the index updates (each opens
    the index writer and reads what it holds, whether or not anything changed) and the page
    parses (markdown-it reading a page's Markdown into tokens: `parsed <text>` per text)."""
    counts: Counter[str] = Counter()
    real_run = subprocess.run
    real_apply = search.index._apply_changes
    parser = markdown_parser()
    real_parse = parser.parse

    def parse(markdown: str, env: Any = None) -> Any:
        counts["parses"] += 1
        counts[f"parsed {markdown}"] += 1
        return real_parse(markdown, env)

    def run(args: Any, *rest: Any, **options: Any) -> Any:
        if isinstance(args, list) and args and args[0] == "git":
            counts["git"] += 1
        return real_run(args, *rest, **options)

    def apply_changes(*args: Any, **options: Any) -> Any:
        counts["index updates"] += 1
        return real_apply(*args, **options)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(search.index, "_apply_changes", apply_changes)
    monkeypatch.setattr(parser, "parse", parse)
    return counts


def _approve(lead: FlaskClient, agent: FlaskClient, rebuilder: SiteRebuilder,
             counts: Counter[str], question: str) -> tuple[int, int]:
    """(git processes, index updates) of approving one new FAQ entry, its site build included."""
    _approve_counted(lead, submit_faq(agent, question), rebuilder, counts)
    return counts["git"], counts["index updates"]


def _approve_counted(lead: FlaskClient, ident: int, rebuilder: SiteRebuilder,
                     counts: Counter[str]) -> None:
    """Approve from the review page; count from the click (not the page's own reading)."""
    token = page_csrf(lead, f"/portal/review/{ident}")
    counts.clear()
    approved = lead.post(f"/portal/review/{ident}/approve", data={"csrf_token": token})
    assert approved.status_code == 303
    assert rebuilder.wait_idle(300)


@pytest.fixture
def approving(
    app: Flask, store: DocStore, people: dict[Role, Person], counted: Counter[str],
) -> tuple[FlaskClient, FlaskClient, SiteRebuilder]:
    """(an agent, a lead, the site rebuilder), the store warmed up by one approval."""
    agent = signed_in(app, people[Role.AGENT])
    lead = signed_in(app, people[Role.LEAD])
    rebuilder = store.rebuilder
    assert isinstance(rebuilder, SiteRebuilder)
    _approve(lead, agent, rebuilder, counted, "Can I pay by invoice?")
    return agent, lead, rebuilder


def test_an_approval_writes_the_index_once_and_runs_few_git_processes(
    store: DocStore, approving: tuple[FlaskClient, FlaskClient, SiteRebuilder],
    counted: Counter[str],
) -> None:
    agent, lead, rebuilder = approving
    git, index_updates = _approve(lead, agent, rebuilder, counted, "Can I pay in instalments?")

    assert BuildStatus.read(rebuilder.status_file).state == "ok"
    assert index_updates == 1  # the page, by the docstore; the site build does not reindex
    # log --grep (already published?), status, add, commit, rev-parse; the build's head
    assert git <= 6
    (hit, *_) = search.search(store.index, "instalments").hits
    assert hit.path == "faq/orders.md"


def test_an_approval_parses_each_page_text_once(
    store: DocStore, approving: tuple[FlaskClient, FlaskClient, SiteRebuilder],
    counted: Counter[str],
) -> None:
    agent, lead, rebuilder = approving
    _approve(lead, agent, rebuilder, counted, "Can I pay in instalments?")
    # the new page: validated, checked for heading ids and indexed from one parse
    assert counted["parses"] == 1

    url = "/portal/capture/edit?page=policies/refunds.md&anchor=window"
    edit = submission_id(send(agent, url, comment="Longer window",
                              markdown="## Window\n\nCustomers have 45 days to return an item.\n"))
    _approve_counted(lead, edit, rebuilder, counted)
    # the page as it was (to find the section) and the page as approved
    assert counted["parses"] == 2
    assert [key for key, times in counted.items() if key.startswith("parsed") and times > 1] == []
    assert "45 days" in (store.docs / "policies/refunds.md").read_text("utf-8")
