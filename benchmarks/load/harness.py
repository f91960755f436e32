"""The load harness: a throw-away Deskbook installation served by gunicorn on 127.0.0.1, and
HTTP clients that behave like people (real login form, real CSRF, their own cookies).

Nothing here talks to anything but 127.0.0.1. Every run is bounded: scenarios stop at their
deadline and at a request cap, and the server is stopped (SIGTERM, then SIGKILL of its own
process group) when the run ends, also on errors.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # the only address this harness ever talks to
PASSWORD = "load test password 42"
REQUEST_TIMEOUT = 30.0
LOGS = Path(tempfile.gettempdir()) / "deskbook-load-logs"
_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def deskbook_bin() -> str:
    candidate = Path(sys.executable).parent / "deskbook"
    return str(candidate) if candidate.exists() else "deskbook"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


# --- measurements -------------------------------------------------------------------------


@dataclass
class Stats:
    """Thread-safe counters: status codes and latencies per kind of request."""

    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, status: int, seconds: float) -> None:
        with self._lock:
            self.statuses.setdefault(kind, Counter())[status] += 1
            self.latencies.setdefault(kind, []).append(seconds)

    def reset(self) -> None:
        """Forget what was counted so far (the sign-ins before the measured load)."""
        with self._lock:
            self.statuses.clear()
            self.latencies.clear()

    def error(self, kind: str, what: str) -> None:
        with self._lock:
            self.errors[f"{kind}: {what}"] += 1

    def note(self, text: str) -> None:
        with self._lock:
            if len(self.notes) < 200:
                self.notes.append(text)

    def count(self, kind: str | None = None, *, low: int = 0, high: int = 999) -> int:
        kinds = [kind] if kind else list(self.statuses)
        return sum(
            n for k in kinds for s, n in self.statuses.get(k, Counter()).items() if low <= s <= high
        )

    def total(self) -> int:
        return self.count()

    def server_errors(self) -> int:
        return self.count(low=500, high=599)

    def percentile(self, kind: str, q: float) -> float | None:
        values = sorted(self.latencies.get(kind, []))
        if not values:
            return None
        index = min(len(values) - 1, max(0, round(q / 100 * len(values) + 0.5) - 1))
        return values[index]

    def table(self) -> list[str]:
        rows = [
            "| request | count | statuses | p50 ms | p95 ms | max ms |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for kind in sorted(self.statuses):
            codes = ", ".join(f"{s}×{n}" for s, n in sorted(self.statuses[kind].items()))
            values = self.latencies[kind]
            p50, p95 = self.percentile(kind, 50), self.percentile(kind, 95)
            rows.append(
                f"| {kind} | {len(values)} | {codes} | {_ms(p50)} | {_ms(p95)} | "
                f"{_ms(max(values) if values else None)} |"
            )
        return rows


def _ms(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f}"


# --- the installation ---------------------------------------------------------------------


@dataclass
class Deployment:
    """A copy of docs/ (its own git repository), a built site and index, a fresh database,
    and — once started — `deskbook serve --workers N` on a free port of 127.0.0.1."""

    name: str
    root: Path
    docs: Path
    site: Path
    index: Path
    instance: Path
    onboarding: Path
    database_url: str
    port: int = 0
    workers: int = 4
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    keep: bool = False

    @classmethod
    def prepare(cls, name: str, *, database_url: str | None = None) -> Deployment:
        root = Path(tempfile.mkdtemp(prefix=f"deskbook-load-{name}-"))
        kb = root / "kb"
        docs = kb / "docs"
        shutil.copytree(REPO / "docs", docs)
        onboarding = root / "onboarding"
        onboarding.mkdir()
        for track in (REPO / "onboarding").glob("*.yml"):
            shutil.copy2(track, onboarding / track.name)
        git_env = {
            **os.environ, "GIT_AUTHOR_NAME": "load", "GIT_AUTHOR_EMAIL": "load@example.com",
            "GIT_COMMITTER_NAME": "load", "GIT_COMMITTER_EMAIL": "load@example.com",
        }
        for args in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "copy"]):
            subprocess.run(["git", "-C", str(kb), *args], check=True, env=git_env, timeout=60)
        instance = root / "instance"
        instance.mkdir()
        site, index = root / "site", root / "index"
        subprocess.run(
            [deskbook_bin(), "build", "--docs", str(docs), "--site", str(site),
             "--index", str(index)],
            check=True, timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = database_url or f"sqlite:///{instance / 'deskbook.sqlite3'}"
        if POSTGRES_SERVER and not database_url:
            url = _create_postgres_database(POSTGRES_SERVER, name)
        deployment = cls(name, root, docs, site, index, instance, onboarding, url)
        from portal.db import Database, upgrade

        database = Database.connect(url)
        upgrade(database)
        database.dispose()
        return deployment

    # database access for arranging and checking (never during a measurement's hot path)
    @contextmanager
    def session(self) -> Iterator[Any]:
        from portal.db import Database

        database = Database.connect(self.database_url, busy_timeout=30.0)
        try:
            with database.session() as session:
                yield session
        finally:
            database.dispose()

    def add_users(self, role: str, count: int, prefix: str) -> list[str]:
        """Accounts `<prefix>-<n>@example.com`; one scrypt hash shared (it is the same password)."""
        from portal.accounts import users
        from portal.accounts.roles import Role
        from portal.db import write
        from portal.models import User

        emails = [f"{prefix}-{n}@example.com" for n in range(count)]
        with self.session() as session:
            first = users.add_user(session, emails[0], Role(role), PASSWORD).user
            with write(session):
                for email in emails[1:]:
                    user = User(email=email, password_hash=first.password_hash, active=True)
                    user.role = Role(role)
                    session.add(user)
        return emails

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DESKBOOK_INSTANCE_PATH": str(self.instance),
            "DESKBOOK_DATABASE_URL": self.database_url,
            "DESKBOOK_SITE_DIR": str(self.site),
            "DESKBOOK_DOCS_DIR": str(self.docs),
            "DESKBOOK_INDEX_DIR": str(self.index),
            "DESKBOOK_ONBOARDING_DIR": str(self.onboarding),
            "DESKBOOK_SECRET_KEY": "load-" + os.urandom(8).hex(),
            "DESKBOOK_ROOT": str(REPO),
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def start(self, workers: int = 4) -> None:
        self.port = free_port()
        self.workers = workers
        self.log_path = self.root / "server.log"
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [deskbook_bin(), "serve", "--workers", str(workers), "--host", HOST,
             "--port", str(self.port)],
            env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited; see {self.log_path}")
            try:
                ready = Client(self.port).get("/portal/login").status == 200
                if ready and len(self.worker_pids()) >= workers:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within 60 s; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        return _children(self.process.pid)

    def rss_kb(self) -> dict[int, int]:
        """Resident memory (KB) of the gunicorn master and each worker."""
        return self._memory_kb(_rss_kb)

    def pss_kb(self) -> dict[int, int]:
        """Proportional memory (KB): like RSS, but a page shared by n processes counts 1/n."""
        return self._memory_kb(_pss_kb)

    def _memory_kb(self, measure: Callable[[int], int | None]) -> dict[int, int]:
        pids = ([self.process.pid] if self.process else []) + self.worker_pids()
        return {pid: kb for pid in pids if (kb := measure(pid)) is not None}

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # the group we started for it
                process.wait(timeout=10)
        self.process = None

    def cleanup(self) -> None:
        self.stop()
        if self.log_path is not None and self.log_path.exists():
            LOGS.mkdir(parents=True, exist_ok=True)  # kept for reading tracebacks after a run
            shutil.copy2(self.log_path, LOGS / f"{self.name}-{time.strftime('%H%M%S')}.log")
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)
            if self.database_url.startswith("postgresql") and POSTGRES_SERVER:
                _drop_postgres_database(POSTGRES_SERVER, self.database_url)

    def server_log_count(self, needle: str) -> int:
        if self.log_path is None or not self.log_path.exists():
            return 0
        return self.log_path.read_text(encoding="utf-8", errors="replace").count(needle)

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.docs.parent), *args], capture_output=True, text=True,
            timeout=120, check=False,
        )
        return done.stdout + done.stderr

    def commit_count(self) -> int:
        return int(self.git("rev-list", "--count", "HEAD").strip())

    def site_pages(self) -> list[str]:
        """URL paths of every page of the current build."""
        root = self.site.resolve()
        urls = []
        for html in sorted(root.rglob("*.html")):
            relative = html.relative_to(root).as_posix()
            if relative == "404.html":
                continue
            urls.append("/" + (relative[: -len("index.html")] if relative.endswith(
                "index.html") else relative))
        return urls

    def docs_pages(self) -> int:
        return sum(
            1 for p in self.docs.rglob("*.md")
            if not any(part.startswith(".") for part in p.relative_to(self.docs).parts)
        )


# A PostgreSQL server URL (scripts/with-postgres.sh exports DESKBOOK_TEST_DATABASE_URL):
# set by `--database postgres`; each scenario then gets a database of its own on it.
POSTGRES_SERVER: str | None = None


def _admin_dsn(server: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(server).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def _create_postgres_database(server: str, name: str) -> str:
    import psycopg
    from sqlalchemy.engine import make_url

    database = f"deskbook_load_{name.replace('-', '_')}_{os.urandom(3).hex()}"
    with psycopg.connect(_admin_dsn(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    return make_url(server).set(database=database).render_as_string(hide_password=False)


def _drop_postgres_database(server: str, url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    with psycopg.connect(_admin_dsn(server), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _rss_kb(pid: int) -> int | None:
    return _proc_field(f"/proc/{pid}/status", "VmRSS:")


def _pss_kb(pid: int) -> int | None:
    return _proc_field(f"/proc/{pid}/smaps_rollup", "Pss:")


def _proc_field(path: str, name: str) -> int | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return int(line.split()[1])
    except OSError:
        return None
    return None


# --- a person with a browser --------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


class Client:
    """One person: their own cookies, one connection per request (no keep-alive ambiguity
    when a POST meets a closed connection: each request is sent exactly once)."""

    def __init__(self, port: int, stats: Stats | None = None) -> None:
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, *,
        kind: str | None = None,
    ) -> Response:
        headers = {"Connection": "close", "User-Agent": "deskbook-load"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            data = raw.read()
            seconds = time.perf_counter() - started
            for value in raw.headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value and "Max-Age=0" not in value and "1970" not in value:
                    self.cookies[name.strip()] = cookie_value
                else:
                    self.cookies.pop(name.strip(), None)
            response = Response(
                raw.status, {k.lower(): v for k, v in raw.getheaders()},
                data.decode("utf-8", errors="replace"), seconds,
            )
        except (OSError, http.client.HTTPException) as error:
            if self.stats is not None and kind:
                self.stats.error(kind, type(error).__name__)
            raise
        finally:
            connection.close()
        if self.stats is not None and kind:
            self.stats.record(kind, response.status, response.seconds)
        return response

    def get(self, path: str, *, kind: str | None = None) -> Response:
        return self.request("GET", path, kind=kind)

    def post(self, path: str, form: dict[str, str], *, kind: str | None = None) -> Response:
        return self.request("POST", path, {"csrf_token": self.csrf, **form}, kind=kind)

    def login(self, email: str, password: str = PASSWORD) -> None:
        page = self.get("/portal/login")
        token = _CSRF_FIELD.search(page.text)
        if page.status != 200 or token is None:
            raise RuntimeError(f"login page: {page.status}")
        done = self.request("POST", "/portal/login", {
            "csrf_token": token.group(1), "email": email, "password": password,
        })
        if done.status not in (302, 303):
            raise RuntimeError(f"login of {email} failed: {done.status}")
        self.refresh_csrf()

    def refresh_csrf(self, page: str = "/portal/capture/mine") -> None:
        answer = self.get(page)
        found = _CSRF_META.search(answer.text) or _CSRF_FIELD.search(answer.text)
        if answer.status != 200 or found is None:
            raise RuntimeError(f"no CSRF token on {page}: {answer.status}")
        self.csrf = found.group(1)


def signed_in(port: int, emails: list[str], stats: Stats) -> list[Client]:
    """Sign everyone in (a few at a time: scrypt is deliberately slow)."""
    clients = [Client(port, stats) for _ in emails]
    failures: list[str] = []

    def work(pairs: list[tuple[Client, str]]) -> None:
        for client, email in pairs:
            for attempt in range(3):
                try:
                    client.login(email)
                    break
                except (OSError, RuntimeError, http.client.HTTPException) as error:
                    if attempt == 2:
                        failures.append(f"{email}: {error}")
                    time.sleep(0.5)

    pairs = list(zip(clients, emails, strict=True))
    threads = [threading.Thread(target=work, args=(pairs[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError("sign-in failed: " + "; ".join(failures[:5]))
    return clients


# --- running people -----------------------------------------------------------------------


class Budget:
    """A deadline and a cap on requests; every loop asks it before each step."""

    def __init__(self, seconds: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.max_requests = max_requests
        self._used = 0
        self._lock = threading.Lock()
        self.stop_event = threading.Event()

    def take(self) -> bool:
        if self.stop_event.is_set() or time.monotonic() >= self.deadline:
            return False
        with self._lock:
            if self._used >= self.max_requests:
                return False
            self._used += 1
        return True

    def sleep(self, seconds: float) -> None:
        remaining = self.deadline - time.monotonic()
        self.stop_event.wait(max(0.0, min(seconds, remaining)))

    def stop(self) -> None:
        self.stop_event.set()


def run_threads(targets: list[tuple[Any, tuple[Any, ...]]], budget: Budget,
                grace: float = 60.0) -> None:
    threads = [threading.Thread(target=t, args=a, daemon=True) for t, a in targets]
    for thread in threads:
        thread.start()
    hard_stop = budget.deadline + grace
    for thread in threads:
        thread.join(max(0.1, hard_stop - time.monotonic()))
    budget.stop()
    for thread in threads:
        thread.join(5)


def think(budget: Budget, low: float, high: float) -> None:
    budget.sleep(random.uniform(low, high))


def paced(budget: Budget, rate: float) -> Iterator[None]:
    """Yield at `rate` per second (open loop: late steps do not shift later ones)."""
    interval = 1.0 / rate
    next_at = time.monotonic() + random.uniform(0, interval)
    while True:
        budget.sleep(next_at - time.monotonic())
        if not budget.take():
            return
        yield
        next_at += interval
        if next_at < time.monotonic() - 5 * interval:  # far behind: do not burst
            next_at = time.monotonic()


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
