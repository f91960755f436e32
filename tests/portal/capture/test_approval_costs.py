"""What one approval costs: one index write and a handful of git processes, counted on the
real path (view → capture → docstore.publish) with the real background site build."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import search.index
from portal import app_state
from portal.accounts.roles import Role
from portal.docstore import DocStore
from portal.site.rebuild import BuildStatus, SiteRebuilder
from tests.portal.capture_kb import kb_settings, review_post, submit_faq
from tests.portal.helpers import Person, signed_in

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
    """Counts, in this process, the git processes started and the index updates (each opens
    the index writer and reads what it holds, whether or not anything changed)."""
    counts: Counter[str] = Counter()
    real_run = subprocess.run
    real_apply = search.index._apply_changes

    def run(args: Any, *rest: Any, **options: Any) -> Any:
        if isinstance(args, list) and args and args[0] == "git":
            counts["git"] += 1
        return real_run(args, *rest, **options)

    def apply_changes(*args: Any, **options: Any) -> Any:
        counts["index updates"] += 1
        return real_apply(*args, **options)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.setattr(search.index, "_apply_changes", apply_changes)
    return counts


def _approve(lead: FlaskClient, agent: FlaskClient, rebuilder: SiteRebuilder,
             counts: Counter[str], question: str) -> tuple[int, int]:
    """(git processes, index updates) of approving one new FAQ entry, its site build included."""
    ident = submit_faq(agent, question)
    counts.clear()
    assert review_post(lead, ident, "approve").status_code == 303
    assert rebuilder.wait_idle(300)
    return counts["git"], counts["index updates"]


def test_an_approval_writes_the_index_once_and_runs_few_git_processes(
    app: Flask, store: DocStore, people: dict[Role, Person], counted: Counter[str],
) -> None:
    agent = signed_in(app, people[Role.AGENT])
    lead = signed_in(app, people[Role.LEAD])
    rebuilder = store.rebuilder
    assert isinstance(rebuilder, SiteRebuilder)

    _approve(lead, agent, rebuilder, counted, "Can I pay by invoice?")  # warms the store up
    git, index_updates = _approve(lead, agent, rebuilder, counted, "Can I pay in instalments?")

    assert BuildStatus.read(rebuilder.status_file).state == "ok"
    assert index_updates == 1  # the page, by the docstore; the site build does not reindex
    # log --grep (already published?), status, add, commit, rev-parse; the build's head
    assert git <= 6
    (hit, *_) = search.search(store.index, "instalments").hits
    assert hit.path == "faq/orders.md"
