"""A backup of a busy instance: a real `deskbook serve` on 127.0.0.1 keeps answering people who
submit, approve and acknowledge while `deskbook backup` runs beside it (no stop needed). The
archive taken mid-traffic restores into a consistent instance; one taken once things are
quiet restores into a fresh folder (SQLite) and into PostgreSQL with every row and the whole
docs history the same, and the restored portal serves its people and their tokens."""

from __future__ import annotations

import http.cookiejar
import json
import queue
import re
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from portal.accounts import tokens, users
from portal.accounts.database_init import init_db, open_database
from portal.accounts.roles import Role
from tests.browser.helpers import (
    PASSWORD,
    Portal,
    copy_knowledge_base,
    deskbook,
    free_port,
    portal_env,
    start_portal,
    stop_portal,
)
from tests.portal.backup_support import (
    every_row,
    git,
    history,
    instance_env,
    members,
    postgres_database,
)
from tests.portal.fixtures import PG_URL
from tests.portal.helpers import ACKNOWLEDGE_FORM, csrf_from

pytestmark = pytest.mark.slow

FAQ_FORM = "/portal/capture/faq?page=faq/orders-and-shipping.md"
PEOPLE = {"agent@busy.example": "agent", "lead@busy.example": "lead",
          "newhire@busy.example": "new_hire"}
MAX_SUBMISSIONS = 30  # the traffic stops by itself, whatever happens
_ACKNOWLEDGE = re.compile(ACKNOWLEDGE_FORM.format(item="[a-z0-9-]+"))
_OPEN_TO_READ = re.compile(r'class="button" href="(/portal/onboarding/\d+/items/[a-z0-9-]+/open)"')


class Visitor:
    """Someone with a browser (cookies, CSRF tokens, redirects followed) on the real server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base_url + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, form: dict[str, str]) -> tuple[str, str]:
        data = urllib.parse.urlencode(form).encode()
        with self.opener.open(self.base_url + path, data=data, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def submit(self, form_page: str, action: str, **fields: str) -> tuple[str, str]:
        return self.post(action, {"csrf_token": csrf_from(self.get(form_page)[1]), **fields})

    def sign_in(self, email: str) -> None:
        landed, _ = self.submit("/portal/login", "/portal/login", email=email, password=PASSWORD)
        assert "/portal/login" not in landed, f"{email} could not sign in"


class Traffic:
    """An agent submitting FAQ entries, a lead approving each, a new hire acknowledging the
    reading items of their track: one thread each, until stopped (or out of work)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.stop = threading.Event()
        self.submitted: queue.Queue[int] = queue.Queue()
        self.errors: list[str] = []
        self.counts = {"submitted": 0, "approved": 0, "acknowledged": 0}
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(work,), daemon=True)
                         for work in (self._agent, self._lead, self._new_hire)]

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def done(self) -> int:
        with self._lock:
            return sum(self.counts.values())

    def wait_for(self, kind: str, at_least: int, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while self.counts[kind] < at_least:
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, f"only {self.counts} after {timeout} s"
            time.sleep(0.1)

    def _count(self, kind: str) -> None:
        with self._lock:
            self.counts[kind] += 1

    def _run(self, work: Callable[[Visitor], None]) -> None:
        try:
            work(Visitor(self.base_url))
        except Exception as error:  # any failure of a request fails the test
            self.errors.append(f"{work.__name__}: {error!r}")

    def _agent(self, visitor: Visitor) -> None:
        visitor.sign_in("agent@busy.example")
        for number in range(MAX_SUBMISSIONS):
            if self.stop.is_set():
                return
            landed, _ = visitor.submit(FAQ_FORM, FAQ_FORM, page="faq/orders-and-shipping.md",
                                       question=f"Can order {number} ship on a Sunday?",
                                       answer=f"Yes: order {number} ships on Sundays too.\n")
            found = re.search(r"/portal/capture/mine/(\d+)$", landed)
            assert found, landed
            self.submitted.put(int(found.group(1)))
            self._count("submitted")

    def _lead(self, visitor: Visitor) -> None:
        visitor.sign_in("lead@busy.example")
        while not (self.stop.is_set() and self.submitted.empty()):
            try:
                ident = self.submitted.get(timeout=0.2)
            except queue.Empty:
                continue
            landed, _ = visitor.submit(f"/portal/review/{ident}",
                                       f"/portal/review/{ident}/approve")
            assert "/portal/review" in landed, landed
            self._count("approved")

    def _new_hire(self, visitor: Visitor) -> None:
        visitor.sign_in("newhire@busy.example")
        while not self.stop.is_set():
            _, page = visitor.get("/portal/onboarding/")
            unread = _OPEN_TO_READ.search(page)
            if unread is not None:  # opening an item is what lets it be acknowledged
                visitor.get(unread.group(1))
                _, page = visitor.get("/portal/onboarding/")
            form = _ACKNOWLEDGE.search(page)
            if form is None:
                return  # every reading item acknowledged
            action, token, version = form.groups()
            visitor.post(action, {"csrf_token": token, "version": version})
            self._count("acknowledged")


@pytest.fixture
def busy_portal(tmp_path: Path) -> Iterator[tuple[Portal, str]]:
    """The starter knowledge base in git, served by `deskbook serve`; and an API token."""
    folder = tmp_path / "live"
    folder.mkdir()
    docs, onboarding = copy_knowledge_base(folder)
    git(docs, "init", "--quiet")
    git(docs, "add", "--all")
    git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@busy.example", "commit", "--quiet",
        "-m", "The starter knowledge base")
    env = portal_env(folder, docs, folder / "site", folder / "index", onboarding)
    port = free_port()
    live = Portal(f"http://127.0.0.1:{port}", docs, folder / "site", folder / "index", env,
                  folder / "serve.log")
    live.rebuild()
    database = open_database({"DATABASE_URL": env["DESKBOOK_DATABASE_URL"]})
    try:
        init_db(database, seed=False)
        with database.session() as session:
            for email, role in PEOPLE.items():
                users.add_user(session, email, Role.parse(role), PASSWORD)
            agent = users.require_user(session, "agent@busy.example")
            secret = tokens.create_token(session, agent, "helpdesk sidebar")[1]
    finally:
        database.dispose()
    start_portal(live, port)
    try:
        yield live, secret
    finally:
        stop_portal(live)


def timed_backup(env: dict[str, str], out: Path, traffic: Traffic) -> tuple[Path, int]:
    """`deskbook backup` in its own process; the archive and the requests served meanwhile."""
    before = traffic.done()
    archive = Path(deskbook("backup", "--out", str(out), env=env).strip())
    return archive, traffic.done() - before


def restore(archive: Path, env: dict[str, str]) -> None:
    deskbook("restore", str(archive), env=env)


def quiet_backup(env: dict[str, str], out: Path) -> tuple[Path, dict[str, list[Any]]]:
    """A backup during which nothing changed, and the rows it must hold. The server's own
    scheduler may run its periodic jobs one after another (a sweep due since it started); a
    backup that overlapped a sweep is taken again."""
    for _ in range(5):
        before = every_row(env["DESKBOOK_DATABASE_URL"])
        archive = Path(deskbook("backup", "--out", str(out), env=env).strip())
        if every_row(env["DESKBOOK_DATABASE_URL"]) == before:
            return archive, before
        time.sleep(1)
    raise AssertionError("the instance never stayed still for the length of a backup")


def with_folders(base: dict[str, str], target: dict[str, str]) -> dict[str, str]:
    """`base` (PATH and the like, no DESKBOOK_*) pointed at the instance in `target`."""
    return {**{k: v for k, v in base.items() if not k.startswith("DESKBOOK_")}, **target}


def test_a_busy_instance_is_backed_up_while_serving_and_restored_anywhere(
    busy_portal: tuple[Portal, str], tmp_path: Path
) -> None:
    live, secret = busy_portal
    with Traffic(live.base_url) as traffic:
        traffic.wait_for("approved", 3)
        traffic.wait_for("acknowledged", 2)
        mid_traffic, served_meanwhile = timed_backup(live.env, tmp_path / "busy.tar.gz", traffic)
        _, served_during_second = timed_backup(live.env, tmp_path / "busy-2.tar.gz", traffic)
        traffic.wait_for("approved", traffic.counts["approved"] + 2)
    assert not traffic.errors, traffic.errors
    assert served_meanwhile + served_during_second > 0, "no request ran during the backups"

    # The archive taken mid-traffic: a consistent instance, a moment of the live one.
    during = tmp_path / "restored-during"
    during_env = with_folders(live.env, instance_env(during))
    restore(mid_traffic, during_env)
    manifest = json.loads(members(mid_traffic)["manifest.json"])
    restored_rows = every_row(during_env["DESKBOOK_DATABASE_URL"])
    live_rows = every_row(live.env["DESKBOOK_DATABASE_URL"])
    assert {name: len(rows) for name, rows in restored_rows.items()} == \
        manifest["database"]["rows"]
    assert restored_rows["users"] == live_rows["users"]
    assert restored_rows["api_tokens"][0].token_hash == live_rows["api_tokens"][0].token_hash
    assert {r.id for r in restored_rows["submissions"]} <= {r.id for r in live_rows["submissions"]}
    assert set(restored_rows["onboarding_records"]) <= set(live_rows["onboarding_records"])
    restored_docs = during / "docs"
    for row in restored_rows["submissions"]:
        if row.state == "applied":  # its commit made it into the bundle taken after the rows
            git(restored_docs, "cat-file", "-e", f"{row.commit}^{{commit}}")
    git(live.docs, "merge-base", "--is-ancestor", git(restored_docs, "rev-parse", "HEAD").strip(),
        "HEAD")

    # Once quiet: the same everything, in a fresh folder and in PostgreSQL.
    quiet, quiet_rows = quiet_backup(live.env, tmp_path / "quiet.tar.gz")
    fresh = tmp_path / "restored"
    fresh_env = with_folders(live.env, instance_env(fresh))
    restore(quiet, fresh_env)
    restored_quiet = every_row(fresh_env["DESKBOOK_DATABASE_URL"])
    assert restored_quiet == quiet_rows
    assert live_rows["onboarding_records"]
    # Nothing the backups did got in the way of an approval (a git lock, a database lock).
    assert [(row.state, row.error) for row in live_rows["submissions"]] == \
        [("applied", None)] * len(live_rows["submissions"])
    assert history(fresh / "docs") == history(live.docs)
    assert git(fresh / "docs", "log", "-p") == git(live.docs, "log", "-p")
    if PG_URL:
        with postgres_database(PG_URL) as url:
            restore(quiet, with_folders(live.env, instance_env(tmp_path / "in-postgres", url)))
            assert every_row(url) == restored_quiet  # the same archive, restored into SQLite
            assert history(tmp_path / "in-postgres" / "docs") == history(live.docs)

    # The restored portal serves the same people, their progress and their tokens.
    port = free_port()
    served = Portal(f"http://127.0.0.1:{port}", fresh / "docs", fresh / "site", fresh / "index",
                    fresh_env, tmp_path / "restored-serve.log")
    start_portal(served, port)
    try:
        newcomer = Visitor(served.base_url)
        newcomer.sign_in("newhire@busy.example")
        acknowledged = len(live_rows["onboarding_records"])
        assert len(re.findall(r'data-status="done"', newcomer.get("/portal/onboarding/")[1])) \
            == acknowledged
        question = urllib.parse.quote("Sunday order ship")
        request = urllib.request.Request(f"{served.base_url}/api/search?q={question}",
                                         headers={"Authorization": f"Bearer {secret}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            hits: dict[str, Any] = json.load(response)
        assert any(hit["path"] == "faq/orders-and-shipping.md" for hit in hits["hits"])
    finally:
        stop_portal(served)
    assert subprocess.run(["git", "-C", str(fresh / "docs"), "status", "--porcelain"],
                          capture_output=True, text=True, check=True).stdout == ""
