"""Publishing speed: approval → served, full site build, restart to serving, full index build.

Each knowledge base is a throw-away installation (its own git repository, database, site,
index and instance folder), driven only through the `deskbook` command and HTTP on 127.0.0.1,
as people use it:

1. **Full site build** and **full index build**, each in a fresh process (the code
   `deskbook build` runs; the site without the index, the index alone).
2. `deskbook serve` is started (the first start), an agent suggests a section edit through the
   real form with a word nobody used before, and a lead approves it. **Approval → served** runs
   from the approval's response to the first response for the page's URL that holds the word
   (polled every 25 ms by a signed-in reader over HTTP). Repeated `--approvals` times, after
   the build `deskbook serve` starts with (the site was built without a commit) has served the
   docs' head, so each approval is measured on its own; each build's kind (only the changed
   pages, or in full) is read from the build status file.
3. **Restart to serving, nothing changed**: the server is stopped and `deskbook serve` started
   again; the clock runs from the command to the first page of the site served to a signed-in
   reader. Then the same for `make run` (its second start: what `make run` does, with the
   installation's settings in the environment).

    .venv/bin/python -m benchmarks.publish --starter --pages 77 1000
    nice -n 10 .venv/bin/python -m benchmarks.publish --pages 10000 --approvals 2

Each knowledge base's figures go to benchmarks/results/publish-<size>.md.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.corpus import generate, write
from benchmarks.load.harness import HOST, PASSWORD, Client, deskbook_bin, free_port

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
POLL = 0.025  # seconds between two requests for the page while waiting for the new text
LEAD, AGENT = "lead@bench.example", "agent@bench.example"

_TEXTAREA = re.compile(r'<textarea[^>]*name="markdown"[^>]*>(.*?)</textarea>', re.DOTALL)
_SEEN = re.compile(r'name="seen" value="([^"]*)"')
_SUBMISSION = re.compile(r"/portal/capture/mine/(\d+)")

_SITE_CHILD = """
import json, sys, time
from pathlib import Path
from portal.site.build import build_site
docs, site, config = map(Path, sys.argv[1:4])
started = time.perf_counter()
result = build_site(docs, site, config, strict=True)
print(json.dumps({"seconds": time.perf_counter() - started, "pages": result.pages}))
"""

_INDEX_CHILD = """
import json, sys, time
from pathlib import Path
from search import build_index
started = time.perf_counter()
report = build_index(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"seconds": time.perf_counter() - started, "pages": report.pages,
                  "sections": report.sections}))
"""


@dataclass
class Installation:
    """A knowledge base served from a scratch folder; `env()` points every setting at it."""

    label: str
    root: Path
    secret: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def docs(self) -> Path:
        return self.root / "kb" / "docs"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DESKBOOK_ROOT": str(REPO),
            "DESKBOOK_INSTANCE_PATH": str(self.root / "instance"),
            "DESKBOOK_DATABASE_URL": f"sqlite:///{self.root / 'instance' / 'deskbook.sqlite3'}",
            "DESKBOOK_DOCS_DIR": str(self.docs),
            "DESKBOOK_SITE_DIR": str(self.root / "site"),
            "DESKBOOK_INDEX_DIR": str(self.root / "index"),
            "DESKBOOK_ONBOARDING_DIR": str(self.root / "onboarding"),
            "DESKBOOK_SECRET_KEY": self.secret,  # sessions outlive a restart
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def run(self, *args: str, stdin: str | None = None) -> str:
        done = subprocess.run(
            [deskbook_bin(), *args], env=self.env(), input=stdin, capture_output=True,
            text=True, timeout=3600, check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"deskbook {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def child(self, program: str, *args: str) -> dict[str, float]:
        done = subprocess.run(
            [sys.executable, "-c", program, *args], env=self.env(), cwd=REPO,
            capture_output=True, text=True, timeout=7200, check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{self.label}: child failed\n{done.stderr[-3000:]}")
        measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
        return measured


def prepare(label: str, pages: int | None) -> Installation:
    """A git repository of generated pages (or a copy of the starter docs), a database with a
    lead and an agent, no site and no index yet."""
    place = Installation(label, Path(tempfile.mkdtemp(prefix=f"deskbook-publish-{label}-")))
    onboarding = place.root / "onboarding"
    onboarding.mkdir()
    if pages is None:
        shutil.copytree(REPO / "docs", place.docs)
        for track in (REPO / "onboarding").glob("*.yml"):
            shutil.copy2(track, onboarding / track.name)
    else:
        write(generate(pages), place.docs)
        (place.docs / "index.md").write_text("# Synthetic knowledge base\n", encoding="utf-8")
    (place.root / "instance").mkdir()
    git_env = {**place.env(), "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
               "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for args in (["init", "--quiet"], ["add", "-A"], ["commit", "--quiet", "-m", "knowledge"]):
        subprocess.run(["git", "-C", str(place.docs.parent), *args], check=True, env=git_env,
                       timeout=600, stdout=subprocess.DEVNULL)
    place.run("init")
    for email, role in ((LEAD, "lead"), (AGENT, "agent")):
        place.run("users", "add", email, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    return place


def edit_targets(docs: Path, count: int) -> list[tuple[str, str]]:
    """`count` English pages with a `##` section: (page, anchor of its first such section)."""
    from content import parse_page

    found = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if relative.count(".") > 1 or relative.startswith((".", "templates/")):
            continue
        page = parse_page(relative, path.read_text("utf-8"))
        anchors = [s.anchor for s in page.sections if s.anchor and s.level == 2]
        if anchors:
            found.append((relative, anchors[0]))
    step = max(1, len(found) // count)
    return found[::step][:count]


def page_url(page: str) -> str:
    stem = page[: -len(".md")]
    if stem == "index":
        return "/"
    return "/" + (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


class Server:
    """`deskbook serve` (or `make run`) in its own process group, stopped with SIGTERM."""

    def __init__(self, place: Installation, command: list[str], cwd: Path | None = None) -> None:
        self.log = (place.root / f"server-{time.time_ns()}.log").open("wb")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, env=place.env(), cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


def wait_until(check: Callable[[], bool], timeout: float, what: str) -> float:
    """Poll `check` every POLL seconds; the time it first held (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            if check():
                return time.perf_counter()
        except OSError:
            pass  # not listening yet, or restarting
        time.sleep(POLL)
    raise SystemExit(f"timed out after {timeout:.0f} s waiting for {what}")


def serve(place: Installation, reader: Client, url: str, command: list[str],
          cwd: Path | None = None) -> tuple[Server, float]:
    """Start the server; seconds from the command to the first page served to `reader`."""
    server = Server(place, command, cwd)

    def serving() -> bool:
        if server.process.poll() is not None:
            raise SystemExit(f"the server exited (status {server.process.returncode})")
        return reader.get(url).status == 200

    ready = wait_until(serving, 7200, f"{' '.join(command)} to serve {url}")
    return server, ready - server.started


def suggest_edit(agent: Client, page: str, anchor: str, word: str) -> int:
    """The agent opens a section's edit form, appends a sentence with `word` and sends it."""
    form_url = "/portal/capture/edit?" + urlencode({"page": page, "anchor": anchor})
    opened = agent.get(form_url)
    text, seen = _TEXTAREA.search(opened.text), _SEEN.search(opened.text)
    if opened.status != 200 or text is None or seen is None:
        raise SystemExit(f"edit form of {page}#{anchor}: {opened.status}")
    body = html.unescape(text.group(1)).lstrip("\n").rstrip() + f"\n\nChecked: {word}.\n"
    sent = agent.post(form_url, {"markdown": body, "seen": html.unescape(seen.group(1)),
                                 "comment": "publish benchmark"})
    created = _SUBMISSION.search(sent.headers.get("location", ""))
    if sent.status not in (302, 303) or created is None:
        raise SystemExit(f"suggesting an edit of {page}#{anchor}: {sent.status}")
    return int(created.group(1))


def approve_and_wait(lead: Client, reader: Client, submission: int, url: str, word: str,
                     timeout: float) -> tuple[float, float]:
    """(seconds the approval took to answer, seconds from that answer to the page served with
    `word`)."""
    started = time.perf_counter()
    answer = lead.post(f"/portal/review/{submission}/approve", {})
    answered = time.perf_counter()
    if answer.status not in (302, 303):
        raise SystemExit(f"approving #{submission}: {answer.status}")
    served = wait_until(lambda: word in reader.get(url).text, timeout, f"{word} on {url}")
    return answered - started, served - answered


def served_commit(site: Path) -> str | None:
    """The docs commit the site served says it was built from (its `.built-from.json`)."""
    try:
        return str(json.loads((site / ".built-from.json").read_text(encoding="utf-8"))["commit"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def last_build_kind(instance: Path) -> str:
    """Whether the last site build rendered only the changed pages ("pages") or all ("full"),
    from the build status file; "?" when it does not say."""
    deadline = time.perf_counter() + 30
    while time.perf_counter() < deadline:  # written just after the switch the reader noticed
        try:
            status = json.loads((instance / "site-build.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            status = {}
        if status.get("state") not in (None, "building"):
            full = status.get("full")
            return "?" if full is None else ("full" if full else "pages")
        time.sleep(POLL)
    return "?"


@dataclass
class Figures:
    label: str
    files: int = 0
    site: dict[str, float] = field(default_factory=dict)
    index: dict[str, float] = field(default_factory=dict)
    first_start: float = 0.0
    approval_answer: list[float] = field(default_factory=list)
    approval_served: list[float] = field(default_factory=list)
    approval_builds: list[str] = field(default_factory=list)  # "pages" | "full" | "?"
    restart_serve: float = 0.0
    restart_make_run: float | None = None
    load: list[float] = field(default_factory=list)


def measure(label: str, pages: int | None, approvals: int, make_run: bool) -> Figures:
    figures = Figures(label, load=[os.getloadavg()[0]])
    log(f"{label}: preparing the knowledge base …")
    place = prepare(label, pages)
    server: Server | None = None
    try:
        docs, site, index = place.docs, place.root / "site", place.root / "index"
        figures.files = sum(1 for _ in docs.rglob("*.md"))
        log(f"{label}: full site build of {figures.files} files …")
        figures.site = place.child(_SITE_CHILD, str(docs), str(site), str(REPO / "mkdocs.yml"))
        log(f"{label}: full index build …")
        figures.index = place.child(_INDEX_CHILD, str(docs), str(index))
        targets = edit_targets(docs, approvals)
        first_url = page_url(targets[0][0])
        lead, agent, reader = (Client(0), Client(0), Client(0))
        command = [deskbook_bin(), "serve", "--host", HOST]
        port = free_port()
        log(f"{label}: first start of deskbook serve …")
        server = Server(place, [*command, "--port", str(port)])
        for client in (lead, agent, reader):
            client.port = port
        wait_until(lambda: Client(port).get("/portal/login").status == 200, 7200, "the portal")
        figures.first_start = time.perf_counter() - server.started
        lead.login(LEAD)
        agent.login(AGENT)
        reader.login(AGENT)
        build_timeout = max(120.0, 4 * figures.site["seconds"])
        head = subprocess.run(["git", "-C", str(docs), "rev-parse", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        wait_until(lambda: served_commit(site) == head, build_timeout,
                   "the start-up build to serve the docs' head")
        word = ""
        for number, (page, anchor) in enumerate(targets):
            word = f"zqpublish{number}x{secrets.token_hex(3)}"
            submission = suggest_edit(agent, page, anchor, word)
            answer, served = approve_and_wait(lead, reader, submission, page_url(page), word,
                                              build_timeout)
            figures.approval_answer.append(answer)
            figures.approval_served.append(served)
            figures.approval_builds.append(last_build_kind(place.root / "instance"))
            log(f"{label}: approval {number + 1}: answered in {answer:.2f} s, served "
                f"{served:.2f} s later ({figures.approval_builds[-1]} build)")
        last_url = page_url(targets[-1][0])
        server.stop()
        log(f"{label}: restart of deskbook serve, nothing changed …")
        port = free_port()
        reader.port = port
        server, figures.restart_serve = serve(place, reader, last_url,
                                              [*command, "--port", str(port)])
        assert word in reader.get(last_url).text
        server.stop()
        if make_run:
            log(f"{label}: make run, second start …")
            port = free_port()
            reader.port = port
            server, figures.restart_make_run = serve(
                place, reader, first_url,
                ["make", "--no-print-directory", "run", f"HOST={HOST}", f"PORT={port}"], REPO)
            server.stop()
        server = None
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(place.root, ignore_errors=True)
    figures.load.append(os.getloadavg()[0])
    return figures


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _seconds(values: list[float]) -> str:
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} (max {max(values):.2f}, n={len(values)})"


def report(figures: Figures, command: str) -> str:
    revision = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=False).stdout.strip()
    rows = [
        ("Markdown files", f"{figures.files}"),
        ("full site build (s)", f"{figures.site['seconds']:.1f} ({figures.site['pages']:.0f} "
                                "rendered pages)"),
        ("full index build (s)", f"{figures.index['seconds']:.1f} ({figures.index['pages']:.0f} "
                                 f"pages, {figures.index['sections']:.0f} sections)"),
        ("approval: response (s)", _seconds(figures.approval_answer)),
        ("approval → served (s)", _seconds(figures.approval_served)),
        ("builds after the approvals", ", ".join(figures.approval_builds) or "–"),
        ("first start of `deskbook serve` → portal answering (s)", f"{figures.first_start:.1f}"),
        ("restart, nothing changed: `deskbook serve` → site page served (s)",
         f"{figures.restart_serve:.1f}"),
        ("restart, nothing changed: `make run` → site page served (s)",
         "–" if figures.restart_make_run is None else f"{figures.restart_make_run:.1f}"),
    ]
    lines = [
        f"# Publishing, {figures.label} ({time.strftime('%Y-%m-%d')}, code {revision})",
        "",
        f"Command: `{command}`; 1-minute load average {figures.load[0]:.1f} → "
        f"{figures.load[-1]:.1f} on {os.cpu_count()} cores.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        *(f"| {name} | {value} |" for name, value in rows),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, nargs="*", default=[],
                        help="sizes of generated knowledge bases (e.g. 77 1000 10000)")
    parser.add_argument("--starter", action="store_true", help="also the starter docs/")
    parser.add_argument("--approvals", type=int, default=3)
    parser.add_argument("--no-make-run", action="store_true",
                        help="skip the `make run` restart (it rebuilds everything today)")
    args = parser.parse_args(argv)
    command = "python -m benchmarks.publish " + " ".join(sys.argv[1:] if argv is None else argv)
    kinds: list[tuple[str, int | None]] = [("starter", None)] if args.starter else []
    kinds += [(f"{pages}-pages", pages) for pages in args.pages]
    if not kinds:
        parser.error("give --pages N… and/or --starter")
    RESULTS.mkdir(exist_ok=True)
    for label, pages in kinds:
        figures = measure(label, pages, args.approvals, not args.no_make_run)
        text = report(figures, command)
        (RESULTS / f"publish-{label}.md").write_text(text, encoding="utf-8")
        print(text, flush=True)


if __name__ == "__main__":
    main()
