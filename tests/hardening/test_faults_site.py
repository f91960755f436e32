"""Faults in the site build: a page that breaks the strict build, a build killed midway, a
disk that fills up during a build. The served site never changes to a broken one, and the
leads see which approval the failed build followed.

Covered elsewhere: a broken build keeps the old site (tests/portal/docstore/test_docstore.py,
`test_the_background_rebuild_coalesces_and_a_broken_build_keeps_the_old_site`).
"""
# ruff: noqa: F811 (pytest fixtures are imported, then named as arguments)

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

import search
from portal import app_state
from portal.accounts.roles import Role
from portal.docstore import Change, Identity
from portal.site.build import builds_folder
from portal.site.rebuild import BuildStatus, SiteRebuilder
from tests.hardening.faults_support import SmallDisk, small_disk, state_of
from tests.helpers import REPO
from tests.portal.capture_kb import git, review_post
from tests.portal.helpers import Person, login, text
from tests.portal.site_kb import (  # noqa: F401 (the fixtures these tests share)
    clients,
    kb,
    rebuilder,
    send_faq_entry,
    settings,
    site,
)

pytestmark = pytest.mark.slow  # real mkdocs builds


def _served(site: Path) -> tuple[Path, bytes]:
    """Which build the site link points at, and its FAQ page."""
    return site.resolve(), (site / "faq" / "orders" / "index.html").read_bytes()


def test_an_approval_that_breaks_the_strict_build_is_flagged_and_the_old_site_is_served(
    app: Flask, rebuilder: SiteRebuilder, clients: tuple[FlaskClient, FlaskClient], kb: Path,
    site: Path,
) -> None:
    agent, lead = clients
    served = _served(site)
    ident = send_faq_entry(agent, "Where are the return labels?", "See [the labels page](labels.md).\n")

    review_post(lead, ident, "approve")
    assert rebuilder.wait_idle(180)

    state, _, commit = state_of(app, ident)
    assert state == "applied" and commit == git(kb, "rev-parse", "HEAD").strip()
    status = BuildStatus.read(rebuilder.status_file)
    assert status.state == "failed" and "labels.md" in (status.error or "")
    assert status.commit == commit and status.broken_by(commit)
    queue = text(lead.get("/portal/review/"))
    assert "data-build-failed" in queue and "the previous site is still served" in queue
    assert f'data-broken-by="{ident}"' in queue and commit[:10] in queue
    detail = text(lead.get(f"/portal/review/{ident}"))
    assert "the site build failed — the previous version is still served" in detail
    assert "labels.md" in detail and "What to do" in detail and commit[:10] in detail

    assert _served(site) == served
    page = lead.get("/faq/orders/")
    assert page.status_code == 200 and "Where are the return labels?" not in text(page)

    # An approval before the failure is not blamed for it.
    assert not status.broken_by(git(kb, "rev-parse", "HEAD~1").strip())


def test_a_build_killed_midway_leaves_the_site_as_it_was_and_the_next_build_cleans_up(
    app: Flask, rebuilder: SiteRebuilder, clients: tuple[FlaskClient, FlaskClient], kb: Path,
    site: Path, tmp_path: Path,
) -> None:
    _, lead = clients
    store = app_state.docstore(app)
    served = _served(site)
    (kb / "faq/orders.md").write_text(
        (kb / "faq/orders.md").read_text() + "\n## Can I change the address?\n\nYes.\n"
    )
    git(kb, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "--quiet",
        "-am", "address")
    midway = tmp_path / "midway"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from portal.docstore import DocStore
        from portal.site.build import SiteBuilder
        from portal.site.rebuild import SiteRebuilder

        def stall(count: int, page: str) -> None:
            if count == 2:  # some pages are written to the new build folder by now
                Path({str(midway)!r}).write_text(page)
                time.sleep(600)

        build = SiteBuilder.build
        SiteBuilder.build = lambda self, commit=None, **kw: build(self, commit, progress=stall)
        store = DocStore(Path({str(kb)!r}), Path({str(store.index)!r}), None,
                         Path({str(tmp_path / "docstore.lock")!r}))
        SiteRebuilder(Path({str(kb)!r}), Path({str(site)!r}), Path({str(REPO / "mkdocs.yml")!r}),
                      Path({str(rebuilder.status_file)!r}), store).build_now()
    """)
    builder = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    try:
        deadline = time.monotonic() + 180
        while not midway.exists() and builder.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert midway.exists(), "the build never got going"
        leftovers = {p for p in builds_folder(site).iterdir() if p.is_dir()} - {served[0]}
        assert leftovers, "the half-made build folder should exist while it builds"
    finally:
        os.kill(builder.pid, signal.SIGKILL)
        builder.wait()

    assert _served(site) == served
    assert all(p.exists() for p in leftovers)  # the kill left them behind…
    status = BuildStatus.read(rebuilder.status_file)
    assert status.state == "failed" and "interrupted" in (status.error or "")
    assert "interrupted" in text(lead.get("/portal/review/"))  # not "rebuilding…" for ever

    assert rebuilder.build_now().state == "ok"
    assert not any(p.exists() for p in leftovers)  # …and the next build removed them
    assert b"Can I change the address?" in _served(site)[1]
    assert {p for p in builds_folder(site).iterdir() if p.is_dir()} == {
        site.resolve(), served[0]
    }


def test_a_stuck_search_index_lock_keeps_a_published_page_neither_off_the_site_nor_unsearchable(
    app: Flask, rebuilder: SiteRebuilder, site: Path,
) -> None:
    store = app_state.docstore(app)
    store.index_lock_timeout = 0.5
    text, base = store.read("faq/orders.md")
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from search.storage import writer_lock
        with writer_lock(Path({str(store.index)!r})):
            print("locked", flush=True)
            time.sleep(3600)
    """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        published = store.publish(Change(
            "faq/orders.md", text + "\n## Can I change the address?\n\nYes, by zeppelin courier.\n",
            base, Identity("Lead", "lead@example.com"), "address",
        ))
        assert published.commit
        assert rebuilder.wait_idle(180)
        assert BuildStatus.read(rebuilder.status_file).state == "ok"
        assert b"Can I change the address?" in _served(site)[1]
        assert store.keeper.rebuilding  # waiting for the index behind the stuck lock
        assert not search.search(store.index, "zeppelin").hits
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()

    store.keeper.wait(120)
    assert not store.keeper.rebuilding
    (hit, *_) = search.search(store.index, "zeppelin").hits
    assert hit.path == "faq/orders.md"


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path / "small-disk", megabytes=16) as mounted:
        yield mounted


def test_a_disk_that_fills_up_during_the_build_keeps_the_site_and_says_so(
    settings: dict[str, Any], disk: SmallDisk, people: dict[Role, Person], kb: Path,
) -> None:
    from portal import create_app

    site = disk.mount / "site"
    app = create_app({**settings, "SITE_DIR": str(site)})
    try:
        store = app_state.docstore(app)
        assert isinstance(store.rebuilder, SiteRebuilder)
        assert store.rebuilder.build_now().state == "ok"
        agent, lead = app.test_client(), app.test_client()
        login(agent, people[Role.AGENT].email)
        login(lead, people[Role.LEAD].email)
        served = _served(site)
        ident = send_faq_entry(agent, "Do you ship to Oman?", "Yes.\n")

        disk.fill()
        review_post(lead, ident, "approve")
        assert store.rebuilder.wait_idle(180)

        assert state_of(app, ident)[0] == "applied"  # the docs are on another disk
        status = BuildStatus.read(store.rebuilder.status_file)
        assert status.state == "failed" and "No space left on device" in (status.error or "")
        assert _served(site) == served
        assert [p for p in builds_folder(site).iterdir() if p.is_dir()] == [served[0]]
        queue = text(lead.get("/portal/review/"))
        assert "No space left on device" in queue and f'data-broken-by="{ident}"' in queue

        disk.free_up()
        assert store.rebuilder.build_now().state == "ok"
        assert b"Do you ship to Oman?" in _served(site)[1]
    finally:
        app_state.database(app).dispose()
