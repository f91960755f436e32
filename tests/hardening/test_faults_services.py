"""Faults in the services behind a request: the search index (missing, corrupt, its writer
lock held by a stuck process) and the database (locked by another process's write).

Covered elsewhere: a missing or corrupt index answers 503 "being rebuilt" and comes back
with every page (tests/portal/search_ui/test_search_views.py,
`test_a_missing_or_corrupt_index_answers_503_and_comes_back`).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

import search
import search.index
import search.storage
from content import load_docs
from portal import app_state, create_app
from portal.accounts.roles import Role
from portal.models.capture import Submission
from tests.hardening.faults_support import deskbook, small_disk, state_of
from tests.helpers import REPO
from tests.portal.capture_kb import git, kb_settings, review_post, send_faq, submission_id
from tests.portal.fixtures import PG_URL
from tests.portal.helpers import Person, login, page_csrf, text


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return {**kb_settings(settings, kb), "DB_BUSY_TIMEOUT": 0.5}


@contextmanager
def holding(script: str) -> Iterator[subprocess.Popen[str]]:
    """Another process that takes a lock, says "locked", and holds it until killed (-9)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=REPO, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        if holder.poll() is None:
            os.kill(holder.pid, signal.SIGKILL)
        holder.wait()


# --- the search index's writer lock held by a stuck process -----------------------------------


def test_a_stuck_index_writer_lock_does_not_stop_searches_or_approvals_and_heals(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], kb: Path, settings: dict[str, Any],
) -> None:
    agent, lead = clients
    index = Path(settings["INDEX_DIR"])
    store = app_state.docstore(app)
    # Approvals wait at most this long for the index writer lock here (10 s in production).
    store.index_lock_timeout = 0.5
    ident = submission_id(send_faq(agent, "Do you deliver to Muscat?", "Yes, by courier.\n"))

    with holding(f"""
        import sys, time
        from pathlib import Path
        from search.storage import writer_lock
        with writer_lock(Path({str(index)!r})):
            print("locked", flush=True)
            time.sleep(3600)
    """) as holder:
        # Searching reads the index: no writer lock needed.
        answer = agent.get("/api/search?q=tracking+link")
        assert answer.status_code == 200 and answer.get_json()["hits"]

        # A direct update waits, then says the index is busy (a 503), not a Whoosh LockError.
        with pytest.raises(search.IndexUnavailable, match="try again"):
            search.update_index(kb, index, ["faq/orders.md"], lock_timeout=0.5)

        # An approval is applied and reported as applied: the page is committed; only the
        # index lags behind (it must not be approved — and appended — a second time).
        review_post(lead, ident, "approve")
        state, error, commit = state_of(app, ident)
        assert (state, error) == ("applied", None)
        assert commit == git(kb, "rev-parse", "HEAD").strip()
        assert agent.get("/api/search?q=tracking+link").status_code == 200
        assert store.keeper.rebuilding  # the docstore's keeper waits to catch the index up
        os.kill(holder.pid, signal.SIGKILL)  # the stuck process dies: its lock goes with it

    store.keeper.wait(120)  # …and the keeper brings the index in line, no command needed
    assert not store.keeper.rebuilding
    doctor = deskbook(settings, "doctor")  # run by `deskbook serve` on start
    assert doctor.returncode == 0, doctor.stderr
    assert "search index" not in doctor.stdout
    search.searchers.forget_searchers()
    hits = agent.get("/api/search?q=deliver+Muscat").get_json()["hits"]
    assert hits and hits[0]["path"] == "faq/orders.md"
    assert search.index_page_count(index) == len(load_docs(kb).pages)


# --- the database locked by another process --------------------------------------------------


def _sqlite_file(settings: dict[str, Any]) -> str:
    if PG_URL:
        pytest.skip("SQLite's write lock (BEGIN IMMEDIATE) is faulted here; PostgreSQL "
                    "row locks wait on lock_timeout the same way (portal.db.make_engine)")
    database = make_url(str(settings["DATABASE_URL"])).database
    assert database
    return database


def _hold_the_write_lock(database: str, release_after: float | None = None) -> str:
    wait = f"time.sleep({release_after})" if release_after is not None else "time.sleep(3600)"
    return f"""
        import sqlite3, time
        connection = sqlite3.connect({database!r}, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE users SET email = email")  # a write in progress
        print("locked", flush=True)
        {wait}
        connection.execute("COMMIT")
        time.sleep(3600)
    """


def _count(database: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM submissions").fetchone()[0])


FAQ_URL = "/portal/capture/faq?page=faq/orders.md"
FAQ = {"page": "faq/orders.md", "question": "Do you deliver to Muscat?",
       "answer": "Yes, by courier.\n"}


def test_a_write_waits_for_a_locked_database_then_answers_503_and_writes_nothing(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], settings: dict[str, Any],
) -> None:
    agent, lead = clients
    database = _sqlite_file(settings)
    token = page_csrf(agent, FAQ_URL)
    before = _count(database)

    with holding(_hold_the_write_lock(database)):
        assert lead.get("/portal/review/").status_code == 200  # reading does not wait
        response = agent.post(FAQ_URL, data={"csrf_token": token, **FAQ},
                              headers={"Accept": "text/html"})
        assert response.status_code == 503
        assert "The database is busy" in text(response)
        assert response.headers["Retry-After"]
        api = agent.post(FAQ_URL, data={"csrf_token": token, **FAQ},
                         headers={"Accept": "application/json"})
        assert api.status_code == 503 and api.get_json()["status"] == 503

    assert _count(database) == before  # nothing half-written
    assert submission_id(agent.post(FAQ_URL, data={"csrf_token": token, **FAQ})) > 0
    assert _count(database) == before + 1


def test_a_write_succeeds_when_the_database_is_released_within_the_timeout(
    settings: dict[str, Any], people: dict[Role, Person],
) -> None:
    database = _sqlite_file(settings)
    patient = create_app({**settings, "DB_BUSY_TIMEOUT": 60.0})
    try:
        agent = patient.test_client()
        login(agent, people[Role.AGENT].email)
        token = page_csrf(agent, FAQ_URL)
        before = _count(database)
        with holding(_hold_the_write_lock(database, release_after=0.5)):
            ident = submission_id(agent.post(FAQ_URL, data={"csrf_token": token, **FAQ}))
        assert _count(database) == before + 1
        with app_state.database(patient).session() as session:
            assert session.scalar(select(func.count()).select_from(Submission)) == before + 1
            assert session.get(Submission, ident) is not None
    finally:
        app_state.database(patient).dispose()


# --- the database's disk full -----------------------------------------------------------------


def test_a_full_disk_under_the_database_says_so_not_that_the_database_is_busy(
    settings: dict[str, Any], people: dict[Role, Person], tmp_path: Path
) -> None:
    database = _sqlite_file(settings)
    with small_disk(tmp_path / "db-disk", megabytes=4) as disk:
        moved = disk.mount / "deskbook.sqlite3"
        with sqlite3.connect(database) as source, sqlite3.connect(moved) as copy:
            source.backup(copy)  # with what is still in the write-ahead log
        app = create_app({**settings, "DATABASE_URL": f"sqlite:///{moved}"})
        try:
            agent = app.test_client()
            login(agent, people[Role.AGENT].email)
            token = page_csrf(agent, FAQ_URL)
            disk.fill()
            answers = []
            for n in range(20):  # until the database has to grow
                answer = {**FAQ, "question": f"Question {n}?", "answer": "Yes.\n" * 1000}
                response = agent.post(FAQ_URL, data={"csrf_token": token, **answer})
                answers.append(response.status_code)
                if response.status_code != 303:
                    break
            assert response.status_code == 503, answers
            assert "The disk holding the database is full" in text(response)
            assert "Ask an admin to free some space" in text(response)
            assert "is busy" not in text(response)
        finally:
            app_state.database(app).dispose()
