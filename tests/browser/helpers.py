"""Helpers for the browser tests: the real portal in a subprocess, sign-in, console watching."""

from __future__ import annotations

import functools
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Error, Page, ViewportSize

from portal.accounts import users
from portal.accounts.database_init import init_db, open_database
from portal.accounts.roles import Role
from tests.helpers import REPO

CHROMIUM = Path(os.environ.get("DESKBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PASSWORD = "browser tests only 1"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}

# The `new_page` fixture: new_page(person=None, permissions=()) → a page in a fresh profile.
NewPage = Callable[..., Page]


@dataclass(frozen=True)
class Person:
    email: str
    role: str  # as `deskbook users add --role` takes it
    password: str = PASSWORD


@dataclass
class Portal:
    """A `deskbook serve` process on 127.0.0.1 over copies of the docs and tracks."""

    base_url: str
    docs: Path
    site: Path
    index: Path
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    def rebuild(self) -> None:
        """`deskbook build` again from the (edited) docs copy: the site switches atomically."""
        deskbook(
            "build",
            "--docs",
            str(self.docs),
            "--site",
            str(self.site),
            "--index",
            str(self.index),
            env=self.env,
        )


def deskbook_command() -> list[str]:
    """The installed `deskbook` script next to this Python, else `python -m portal`."""
    script = Path(sys.executable).with_name("deskbook")
    return [str(script)] if script.exists() else [sys.executable, "-m", "portal"]


def deskbook(*args: str, env: dict[str, str], stdin: str | None = None) -> str:
    result = subprocess.run(
        [*deskbook_command(), *args],
        input=stdin,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"deskbook {' '.join(args)} failed:\n{result.stderr}"
    return result.stdout


def portal_env(
    folder: Path, docs: Path, site: Path, index: Path, onboarding: Path
) -> dict[str, str]:
    """The environment for every `deskbook` call: no DESKBOOK_* leaking in from outside."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DESKBOOK_")}
    env.update(
        DESKBOOK_INSTANCE_PATH=str(folder / "instance"),
        DESKBOOK_DATABASE_URL=f"sqlite:///{folder / 'deskbook.sqlite3'}",
        DESKBOOK_SECRET_KEY="browser-tests-" + os.urandom(8).hex(),
        DESKBOOK_DOCS_DIR=str(docs),
        DESKBOOK_SITE_DIR=str(site),
        DESKBOOK_INDEX_DIR=str(index),
        DESKBOOK_ONBOARDING_DIR=str(onboarding),
        PYTHONUNBUFFERED="1",
    )
    return env


def copy_knowledge_base(folder: Path) -> tuple[Path, Path]:
    """The starter docs and onboarding tracks, copied so a test can edit pages freely."""
    docs = folder / "docs"
    shutil.copytree(REPO / "docs", docs)
    onboarding = folder / "onboarding"
    onboarding.mkdir()
    for track in sorted((REPO / "onboarding").glob("*.yml")):
        shutil.copy2(track, onboarding / track.name)
    return docs, onboarding


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def require_chromium() -> None:
    """Skip without Chromium, except in CI, which installs it (.ci/run): a skip there would
    hide a gap."""
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium (or set DESKBOOK_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def serve_knowledge_base(
    folder: Path, docs: Path, onboarding: Path, people: Iterable[Person], *,
    port: int | None = None, settings: Mapping[str, str] | None = None,
) -> Portal:
    """`deskbook build` of `docs`, a database with `people` in it, then `deskbook serve` on
    `port` (default: a free one) with `settings` (DESKBOOK_* variables) added; stop it with
    `stop_portal`."""
    site, index = folder / "site", folder / "index"
    env = {**portal_env(folder, docs, site, index, onboarding), **(settings or {})}
    port = port or free_port()
    running = Portal(f"http://127.0.0.1:{port}", docs, site, index, env, folder / "serve.log")
    running.rebuild()
    database = open_database({"DATABASE_URL": env["DESKBOOK_DATABASE_URL"]})
    try:
        init_db(database, seed=False)
        with database.session() as session:
            for person in people:
                users.add_user(session, person.email, Role.parse(person.role), person.password)
    finally:
        database.dispose()
    start_portal(running, port)
    return running


def start_portal(portal: Portal, port: int, timeout: float = 30.0, *,
                 with_site: bool = True) -> None:
    """`deskbook serve` in the background; returns once /portal/health answers (and says the
    site is built, unless `with_site` is False)."""
    log = portal.log.open("wb")
    portal.process = subprocess.Popen(
        [*deskbook_command(), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=portal.env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if portal.process.poll() is not None:
            raise AssertionError(f"deskbook serve exited early:\n{portal.log.read_text()}")
        try:
            with urllib.request.urlopen(portal.url("/portal/health"), timeout=2) as response:
                answer = json.load(response)
            if answer.get("status") == "ok" and (answer.get("site") or not with_site):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    stop_portal(portal)
    raise AssertionError(f"the portal did not answer in {timeout} s:\n{portal.log.read_text()}")


def stop_portal(portal: Portal) -> None:
    process = portal.process
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@dataclass(frozen=True)
class StaticHost:
    """Plain files served on 127.0.0.1 from `folder`: another origin than the portal's, as a
    helpdesk's page would be."""

    folder: Path
    base_url: str

    def url(self, path: str) -> str:
        return self.base_url + path


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve_folder(folder: Path) -> Iterator[StaticHost]:
    """Serve `folder` on a free port of 127.0.0.1 in a thread, until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietFiles, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield StaticHost(folder, f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class ConsoleWatch:
    """Collects console errors, uncaught exceptions and CSP violations of every page."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.allowed: list[str] = []

    def allow(self, text: str) -> None:
        """Expect a console error containing `text` (e.g. the 401 of a refused sign-in)."""
        self.allowed.append(text)

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type in ("error", "assert") and not any(a in message.text for a in self.allowed):
            where = message.location.get("url", "")
            self.problems.append(
                f"console {message.type}: {message.text} ({where}) on {message.page.url if message.page else '?'}"
            )

    def _page_error(self, error: Error) -> None:
        self.problems.append(f"uncaught {error.name}: {error.message}")


def sign_in(page: Page, portal: Portal, person: Person, path: str = "/portal/login") -> None:
    """Sign in through the login form (the person lands on `next`, or the portal home)."""
    page.goto(portal.url(path))
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/portal/login" not in url)


def screenshot(page: Page, name: str, *, full_page: bool = False) -> Path:
    """A PNG of the page under test-artifacts/screenshots/ (rewritten on every run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=full_page)
    return target
