"""The six load scenarios of issue 7 item 5. Each prepares its own installation, runs people
against it for a bounded time, checks the outcome (HTTP and the database / git / index) and
returns a Result with pass/fail per criterion."""

from __future__ import annotations

import datetime as dt
import html
import http.client
import json
import os
import random
import re
import secrets
import signal
import string
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load.harness import (
    REPO,
    Budget,
    Client,
    Deployment,
    Response,
    Stats,
    paced,
    run_threads,
    signed_in,
    think,
)
from tests.search.relevance.queryset import load_queries

_BUILD_META = re.compile(r'<meta name="deskbook-build" content="([^"]*)"')
_ASSETS = re.compile(r'(?:href|src)="((?:\.\./)*assets/[^"#?]+)"')
_SUBMISSION = re.compile(r"/portal/capture/mine/(\d+)")


@dataclass
class Criterion:
    name: str
    passed: bool
    detail: str


@dataclass
class Result:
    scenario: str
    duration: float
    setup: str
    stats: Stats
    criteria: list[Criterion] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria)

    def check(self, name: str, passed: bool, detail: str) -> None:
        self.criteria.append(Criterion(name, passed, detail))


def queries() -> list[str]:
    return [query.q for query in load_queries()]


def _search_path(query: str) -> str:
    from urllib.parse import quote

    return f"/api/search?q={quote(query)}"


def _word() -> str:
    """A made-up word no page contains (letters only, so every analyser keeps it whole)."""
    return "zq" + "".join(random.choices(string.ascii_lowercase, k=10))


def _safe(step: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one person's step; a transport error is already counted in Stats (no 2xx)."""
    try:
        return step(*args, **kwargs)
    except http.client.HTTPException:  # e.g. a response cut off by a killed worker
        return None
    except (OSError, RuntimeError) as error:
        if isinstance(error, RuntimeError) and "CSRF" not in str(error):
            raise
        return None


def _searcher(client: Client, budget: Budget, pause: tuple[float, float], words: list[str]) -> None:
    while budget.take():
        _safe(client.get, _search_path(random.choice(words)), kind="search")
        think(budget, *pause)


def _submitted_titles(deployment: Deployment, prefix: str) -> Counter[str]:
    from sqlalchemy import select

    from portal.models.capture import Submission

    with deployment.session() as session:
        query = select(Submission.title).where(Submission.title.like(f"{prefix}%"))
        titles = session.scalars(query)
        return Counter(titles)


def _answer_step(
    client: Client, title: str, accepted: list[str], lock: threading.Lock, query: str
) -> None:
    """One answer sent through the real form: 303 to the new submission = accepted."""
    form = {
        "q": query, "title": title, "target": "new:faq", "comment": "load test",
        "body": f"Answer for {title}.\n\n1. Check the order.\n2. Reply to the customer.\n",
    }
    response = client.post("/portal/capture/answer", form, kind="submit answer")
    if response.status in (302, 303) and _SUBMISSION.search(response.headers.get("location", "")):
        with lock:
            accepted.append(title)


def _lost_check(result: Result, deployment: Deployment, prefix: str, accepted: list[str]) -> None:
    stored = _submitted_titles(deployment, prefix)
    missing = [t for t in accepted if stored[t] == 0]
    duplicated = sum(1 for t in accepted if stored[t] > 1)
    unacknowledged = sum(n for t, n in stored.items() if t not in set(accepted))
    result.check(
        "every accepted submission is in the database",
        not missing and not duplicated,
        f"{len(accepted)} accepted (303), {sum(stored.values())} rows; missing {len(missing)}, "
        f"stored twice {duplicated}; rows whose request got no 303 (e.g. cut connection): "
        f"{unacknowledged}",
    )


# --- 1. submissions while people search ---------------------------------------------------


def submit_and_search(duration: float) -> Result:
    deployment = Deployment.prepare("submit")
    stats = Stats()
    try:
        agents = deployment.add_users("agent", 20, "agent")
        readers = deployment.add_users("agent", 30, "reader")
        deployment.start(workers=4)
        agent_clients = signed_in(deployment.port, agents, stats)
        reader_clients = signed_in(deployment.port, readers, stats)
        stats.reset()
        words = queries()
        accepted: list[str] = []
        lock = threading.Lock()
        budget = Budget(duration, max_requests=200_000)
        prefix = "Load s1 "

        def agent(client: Client, number: int) -> None:
            count = 0
            while budget.take():
                count += 1
                title = f"{prefix}{number}-{count} {secrets.token_hex(3)}"
                _safe(_answer_step, client, title, accepted, lock, random.choice(words))
                think(budget, 1.0, 3.0)

        targets: list[tuple[Any, tuple[Any, ...]]] = [
            (agent, (c, n)) for n, c in enumerate(agent_clients)
        ]
        targets += [(_searcher, (c, budget, (0.5, 1.5), words)) for c in reader_clients]
        started = time.monotonic()
        run_threads(targets, budget)
        elapsed = time.monotonic() - started
        result = Result("submit-and-search", elapsed, "20 agents (answers via the form, "
                        "1–3 s apart) + 30 searchers (GET /api/search, 0.5–1.5 s apart)", stats)
        result.check("zero 5xx", stats.server_errors() == 0 and not stats.errors,
                     f"{stats.server_errors()} 5xx, transport errors {dict(stats.errors)}")
        _lost_check(result, deployment, prefix, accepted)
        p95 = stats.percentile("search", 95)
        result.check("search p95 ≤ 300 ms", p95 is not None and p95 <= 0.300,
                     f"p95 {p95 * 1000 if p95 else float('nan'):.0f} ms over "
                     f"{stats.count('search')} searches")
        result.facts.append(
            f"throughput: {stats.count('search') / elapsed:.1f} searches/s, "
            f"{stats.count('submit answer') / elapsed:.1f} submissions/s"
        )
        return result
    finally:
        deployment.cleanup()


# --- 2. leads approving edits to the same pages --------------------------------------------


def _edit_targets(docs: Path, count: int = 3) -> list[tuple[str, list[str]]]:
    """The `count` pages with the most sections (page, anchors)."""
    from content import parse_page

    found = []
    for path in sorted(docs.rglob("*.md")):
        relative = path.relative_to(docs).as_posix()
        if relative.count(".") > 1:  # translations
            continue
        page = parse_page(relative, path.read_text("utf-8"))
        anchors = [s.anchor for s in page.sections if s.anchor]
        found.append((relative, anchors))
    found.sort(key=lambda item: -len(item[1]))
    return found[:count]


_TEXTAREA = re.compile(r'<textarea[^>]*name="markdown"[^>]*>(.*?)</textarea>', re.DOTALL)
_SEEN = re.compile(r'name="seen" value="([^"]*)"')
_CHECKED = re.compile(r"\n\n_Checked in load round \d+\._\n?$")


def _suggest_edit(client: Client, page: str, anchor: str, count: int) -> int | None:
    """Open the edit form of a section, rewrite its "Checked" line, send it: the new
    submission's id (or None)."""
    from urllib.parse import urlencode

    form_url = "/portal/capture/edit?" + urlencode({"page": page, "anchor": anchor})
    opened: Response | None = _safe(client.get, form_url, kind="open edit form")
    if opened is None or opened.status != 200:
        return None
    found, seen = _TEXTAREA.search(opened.text), _SEEN.search(opened.text)
    if found is None or seen is None:
        return None
    text = _CHECKED.sub("", html.unescape(found.group(1)).lstrip("\n").rstrip()) + "\n"
    text = text.rstrip() + f"\n\n_Checked in load round {count}{secrets.randbelow(10**6)}._\n"
    sent: Response | None = _safe(client.post, form_url, {
        "markdown": text, "seen": html.unescape(seen.group(1)), "comment": "load test"},
        kind="submit edit")
    if sent is None or sent.status not in (302, 303):
        return None
    created = _SUBMISSION.search(sent.headers.get("location", ""))
    return int(created.group(1)) if created else None


def concurrent_approvals(duration: float) -> Result:
    from sqlalchemy import select

    from portal import capture
    from portal.models import User
    from portal.models.capture import Submission

    deployment = Deployment.prepare("approve")
    stats = Stats()
    try:
        agents = deployment.add_users("agent", 10, "agent")
        leads = deployment.add_users("lead", 10, "lead")
        targets = _edit_targets(deployment.docs)
        ids: list[int] = []
        with deployment.session() as session:
            authors = list(session.scalars(select(User).where(User.email.in_(agents))))
            for round_ in range(4):
                for page, anchors in targets:
                    for anchor in anchors[:10]:
                        draft = capture.section_draft(deployment.docs, page, anchor)
                        body = draft.text.rstrip() + f"\n\nLoad note {round_} {_word()}.\n"
                        created = capture.submit_edit(
                            session, random.choice(authors), deployment.docs, page, anchor,
                            body, "load test", seen_hash=draft.hash,
                        )
                        ids.append(created.id)
        commits_before = deployment.commit_count()
        made_before = len(ids)
        deployment.start(workers=4)
        lead_clients = signed_in(deployment.port, leads, stats)
        agent_clients = signed_in(deployment.port, agents, stats)
        stats.reset()
        open_ids = set(ids)
        lock = threading.Lock()
        budget = Budget(duration, max_requests=20_000)
        sections = [(page, anchor) for page, anchors in targets for anchor in anchors[:10]]

        def agent(client: Client) -> None:
            """More edits of the same pages keep coming through the real form."""
            count = 0
            while budget.take():
                count += 1
                page, anchor = random.choice(sections)
                created = _suggest_edit(client, page, anchor, count)
                if created is not None:
                    with lock:
                        ids.append(created)
                        open_ids.add(created)
                think(budget, 2.0, 6.0)

        def lead(client: Client) -> None:
            while budget.take():
                with lock:
                    chosen = random.choice(sorted(open_ids)) if open_ids else None
                if chosen is None:
                    think(budget, 0.2, 0.5)
                    continue
                response: Response | None = _safe(
                    client.post, f"/portal/review/{chosen}/approve", {}, kind="approve")
                if response is not None and response.status in (302, 303):
                    with lock:
                        open_ids.discard(chosen)
                think(budget, 0.0, 0.3)

        started = time.monotonic()
        run_threads([(lead, (c,)) for c in lead_clients]
                    + [(agent, (c,)) for c in agent_clients], budget)
        elapsed = time.monotonic() - started
        # the last approvals' background site rebuilds may still run: let them finish
        time.sleep(2)
        result = Result("concurrent-approvals", elapsed,
                        f"{made_before} section edits on 3 pages "
                        f"({', '.join(p for p, _ in targets)}) made beforehand, 10 agents "
                        f"sending {len(ids) - made_before} more through the edit form "
                        "(2–6 s apart), 10 leads approving at once", stats)
        approvals = stats.statuses.get("approve", Counter())
        odd = {s: n for s, n in approvals.items() if s not in (302, 303, 409)}
        odd.update({s: n for k, c in stats.statuses.items() for s, n in c.items() if s >= 500})
        result.check("only successes (303) and conflicts (409), no 5xx",
                     not odd and not stats.errors,
                     f"other statuses {odd}, transport errors {dict(stats.errors)}")
        with deployment.session() as session:
            rows = list(session.scalars(select(Submission).where(Submission.id.in_(ids))))
        states = Counter(r.state for r in rows)
        failed = [r for r in rows if r.state == "failed"]
        not_conflicts = [r.error for r in failed
                         if not r.error or "changed since" not in r.error]
        untouched = [r.id for r in rows if r.state == "pending"]
        result.check(
            "no lost submissions: each ends applied or failed-with-conflict",
            len(rows) == len(ids) and not not_conflicts,
            f"states {dict(states)}; failures that are not conflicts: {not_conflicts[:3]}; "
            f"never attempted before the deadline: {len(untouched)}",
        )
        applied = [r for r in rows if r.state == "applied"]
        new_commits = deployment.commit_count() - commits_before
        commits = {r.commit for r in applied}
        in_git = all(c and deployment.git("cat-file", "-t", c).strip() == "commit" for c in commits)
        in_log = Counter(int(n) for n in re.findall(
            r"^Submission: #(\d+)$", deployment.git("log", "--format=%B"), re.MULTILINE))
        state_of = {r.id: r.state for r in rows}
        twice = sorted(n for n, c in in_log.items() if c > 1)
        not_applied = sorted(n for n in in_log if state_of.get(n) != "applied")
        result.check("successes = new commits in the docs repository",
                     new_commits == len(applied) == len(commits) and in_git
                     and not twice and not not_applied,
                     f"{len(applied)} applied, {len(commits)} distinct commits recorded, "
                     f"{new_commits} new commits in git, all recorded commits exist: {in_git}; "
                     f"submissions committed twice: {len(twice)} {twice[:5]}; committed but "
                     f"not shown as applied: {len(not_applied)} "
                     f"{[(n, state_of.get(n)) for n in not_applied[:5]]}")
        fsck = deployment.git("fsck", "--full", "--strict")
        status = deployment.git("status", "--porcelain")
        result.check("git fsck clean, working tree clean",
                     "error" not in fsck.lower() and "missing" not in fsck and not status.strip(),
                     f"fsck: {fsck.strip()[:200] or 'no output'}; status: "
                     f"{status.strip()[:200] or 'clean'}")
        return result
    finally:
        deployment.cleanup()


# --- 3. rebuilds while people browse ------------------------------------------------------


def rebuild_while_browsing(duration: float) -> Result:
    from content.settings import load_settings
    from portal.paths import Paths
    from portal.site.build import build_site

    deployment = Deployment.prepare("rebuild")
    stats = Stats()
    try:
        readers = deployment.add_users("agent", 50, "reader")
        pages = deployment.site_pages()
        deployment.start(workers=4)
        clients = signed_in(deployment.port, readers, stats)
        stats.reset()
        budget = Budget(duration, max_requests=300_000)
        builds: list[str] = [deployment.site.resolve().name]
        build_seconds: list[float] = []
        problems: list[str] = []
        config_file = Paths.of(load_settings({"ROOT": REPO})).config_file

        def rebuilder() -> None:
            count = 0
            while not budget.stop_event.is_set() and time.monotonic() < budget.deadline - 5:
                started = time.monotonic()
                count += 1
                # a visible change each time, as an approval would make
                glossary = deployment.docs / "glossary.md"
                glossary.write_text(glossary.read_text("utf-8") + f"\n<!-- rebuild {count} -->\n",
                                    encoding="utf-8")
                try:
                    built = build_site(deployment.docs, deployment.site, config_file)
                    builds.append(built.build_dir.name)
                except Exception as error:  # report, keep going
                    problems.append(f"{type(error).__name__}: {error}"[:300])
                took = time.monotonic() - started
                build_seconds.append(took)
                budget.sleep(max(0.0, 5.0 - took))

        seen_builds: set[str] = set()
        regressions = 0
        missing_meta = 0
        lock = threading.Lock()

        def reader(client: Client) -> None:
            nonlocal regressions, missing_meta
            last = ""
            order = {name: i for i, name in enumerate(builds)}
            while budget.take():
                url = random.choice(pages)
                page: Response | None = _safe(client.get, url, kind="page")
                if page is not None and page.status == 200:
                    found = _BUILD_META.search(page.text)
                    with lock:
                        if found is None:
                            missing_meta += 1
                        else:
                            seen_builds.add(found.group(1))
                            order = {name: i for i, name in enumerate(builds)}
                            if last and order.get(found.group(1), 1 << 30) < order.get(last, -1):
                                regressions += 1
                            last = found.group(1)
                    base = url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"
                    for asset in sorted(set(_ASSETS.findall(page.text))):
                        if not budget.take():
                            return
                        target = _join(base, asset)
                        _safe(client.get, target, kind="asset")
                think(budget, 0.5, 2.0)

        started = time.monotonic()
        run_threads([(rebuilder, ())] + [(reader, (c,)) for c in clients], budget)
        elapsed = time.monotonic() - started
        result = Result("rebuild-while-browsing", elapsed,
                        "a full site build into the served site every 5 s (build_site, as the "
                        "SiteRebuilder does) while 50 people open pages (0.5–2 s apart) and each "
                        "page's CSS/JS assets", stats)
        bad = {k: {s: n for s, n in c.items() if s == 404 or s >= 500}
               for k, c in stats.statuses.items()}
        bad = {k: v for k, v in bad.items() if v}
        result.check("no 404 and no 5xx (pages and their assets)", not bad and not stats.errors,
                     f"bad statuses {bad}, transport errors {dict(stats.errors)}")
        result.check(
            "every page from one build (build id present, a known build, never older than one "
            "the same person saw before)",
            missing_meta == 0 and regressions == 0 and seen_builds <= set(builds),
            f"{len(builds) - 1} rebuilds (took {min(build_seconds, default=0):.1f}–"
            f"{max(build_seconds, default=0):.1f} s), {len(seen_builds)} builds seen by readers, "
            f"pages without build id {missing_meta}, older-than-seen pages {regressions}, "
            f"unknown build ids {sorted(seen_builds - set(builds))[:3]}",
        )
        result.check("all rebuilds succeeded", not problems, "; ".join(problems[:3]) or "yes")
        return result
    finally:
        deployment.cleanup()


def _join(base: str, relative: str) -> str:
    from urllib.parse import urljoin

    return urljoin("http://x" + base, relative)[len("http://x"):]


# --- 4. reindex on every approval under search load -----------------------------------------


def reindex_under_search(duration: float) -> Result:
    from sqlalchemy import select

    from portal import capture
    from portal.models import User
    from search import index_page_count

    deployment = Deployment.prepare("reindex")
    stats = Stats()
    try:
        agents = deployment.add_users("agent", 5, "agent")
        leads = deployment.add_users("lead", 1, "lead")
        readers = deployment.add_users("agent", 10, "reader")
        faq = [p.path for p in capture.faq_pages(deployment.docs)]
        pending: list[tuple[int, str, str]] = []  # id, word, page
        with deployment.session() as session:
            authors = list(session.scalars(select(User).where(User.email.in_(agents))))
            for n in range(400):
                word, page = _word(), faq[n % len(faq)]
                created = capture.submit_answer(
                    session, random.choice(authors), deployment.docs, f"load {n}",
                    f"What about {word} number {n}?", f"The {word} answer is in the tools.\n",
                    page, "load test",
                )
                pending.append((created.id, word, page))
        deployment.start(workers=4)
        lead_client = signed_in(deployment.port, leads, stats)[0]
        reader_clients = signed_in(deployment.port, readers, stats)
        stats.reset()
        budget = Budget(duration, max_requests=100_000)
        words = queries()
        to_searchable: list[float] = []  # from the approval click
        after_response: list[float] = []  # from the approval's response
        never_found: list[str] = []

        def reader(client: Client) -> None:
            for _ in paced(budget, 5.0):  # 10 readers × 5/s = 50 searches/s
                _safe(client.get, _search_path(random.choice(words)), kind="search")

        def approver() -> None:
            for submission_id, word, page in pending:
                if not budget.take():
                    return
                clicked = time.perf_counter()
                response: Response | None = _safe(
                    lead_client.post, f"/portal/review/{submission_id}/approve", {},
                    kind="approve")
                if response is None or response.status not in (302, 303):
                    continue
                answered = time.perf_counter()
                while budget.take() or time.perf_counter() - answered < 10:
                    found: Response | None = _safe(
                        lead_client.get, _search_path(word), kind="poll new text")
                    if found is not None and found.status == 200 and any(
                        h["path"] == page for h in json.loads(found.text)["hits"]
                    ):
                        now = time.perf_counter()
                        to_searchable.append(now - clicked)
                        after_response.append(now - answered)
                        break
                    if time.perf_counter() - answered > 10:
                        never_found.append(word)
                        break
                    time.sleep(0.05)
                budget.sleep(random.uniform(0.5, 1.5))

        started = time.monotonic()
        run_threads([(approver, ())] + [(reader, (c,)) for c in reader_clients], budget)
        elapsed = time.monotonic() - started
        for _second in range(60):  # the last approvals' background rebuilds reindex too
            status = json.loads((deployment.instance / "site-build.json").read_text("utf-8"))
            if status.get("state") != "building":
                break
            time.sleep(1)
        result = Result("reindex-under-search", elapsed,
                        "1 lead approving FAQ answers one after another (each reindexes its "
                        "page and asks for a site rebuild) while 10 people search at 5/s each "
                        "(50/s, open loop); after each approval the new text is searched for "
                        "every 50 ms", stats)
        result.check("zero 5xx", stats.server_errors() == 0 and not stats.errors,
                     f"{stats.server_errors()} 5xx, transport errors {dict(stats.errors)}")
        indexed = index_page_count(deployment.index)
        on_disk = deployment.docs_pages()
        result.check("index page count = docs page count at the end", indexed == on_disk,
                     f"index {indexed}, docs {on_disk}")
        p95 = _p95(to_searchable)
        result.check(
            "approval → searchable p95 ≤ 1 s", p95 is not None and p95 <= 1.0 and not never_found,
            f"p95 {_fmt(p95)} from the click (p50 {_fmt(_p50(to_searchable))}), "
            f"p95 {_fmt(_p95(after_response))} after the approval's response, over "
            f"{len(to_searchable)} approvals; never found within 10 s: {len(never_found)}",
        )
        result.facts.append(
            f"search rate achieved: {stats.count('search') / elapsed:.1f}/s; search p95 "
            f"{_fmt(stats.percentile('search', 95))}"
        )
        return result
    finally:
        deployment.cleanup()


def _p95(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _p50(values: list[float]) -> float | None:
    return sorted(values)[len(values) // 2] if values else None


def _fmt(seconds: float | None) -> str:
    return "–" if seconds is None else f"{seconds * 1000:.0f} ms"


# --- 5. onboarding checklists -------------------------------------------------------------


@dataclass
class _Checklist:
    client: Client
    assignment: int
    tasks: list[str]
    reads: list[str]
    expected: dict[str, bool] = field(default_factory=dict)  # item → done
    unknown: set[str] = field(default_factory=set)


def _checklists(deployment: Deployment, emails: list[str], stats: Stats) -> list[_Checklist]:
    from sqlalchemy import select

    from portal import checklists as checklist_code
    from portal.db import write
    from portal.models import User
    from portal.models.onboarding import Assignment

    tracks = checklist_code.tracks_in(deployment.onboarding)
    track = tracks["new-agent"]
    tasks = [i.id for i in track.items if i.kind == "task"]
    reads = [i.id for i in track.items if i.kind == "read"]
    assignment_of: dict[str, int] = {}
    with deployment.session() as session:
        users = list(session.scalars(select(User).where(User.email.in_(emails))))
        with write(session):
            made = [Assignment(user_id=u.id, track_id="new-agent", start_date=dt.date.today())
                    for u in users]
            session.add_all(made)
        for user, assignment in zip(users, made, strict=True):
            assignment_of[user.email] = assignment.id
    clients = signed_in(deployment.port, emails, stats)
    return [_Checklist(c, assignment_of[e], tasks, reads) for c, e in zip(clients, emails,
                                                                          strict=True)]


def _checklist_step(person: _Checklist, double_clicks: float = 0.0) -> None:
    """One tick or acknowledgement; with probability `double_clicks` the same form is sent
    twice at once (an impatient double click: both must succeed, the state is the same)."""
    base = f"/portal/onboarding/{person.assignment}/items"
    if random.random() < 0.7:
        item = random.choice(person.tasks)
        done = random.random() < 0.6
        url, form = f"{base}/{item}/done", {"done": "1" if done else "0"}
        kind = "task done" if done else "task undone"
    else:
        item, done = random.choice(person.reads), True
        # as a new hire does: open the reading from the checklist (acknowledging needs it)
        _safe(person.client.get, f"{base}/{item}/open", kind="open reading")
        url, form, kind = f"{base}/{item}/acknowledge", {}, "acknowledge"
    twice = random.random() < double_clicks
    responses: list[Response | None] = [None, None] if twice else [None]

    def send(slot: int) -> None:
        responses[slot] = _safe(person.client.post, url, form,
                                kind=f"{kind} (double click)" if twice else kind)

    if twice:
        other = threading.Thread(target=send, args=(1,))
        other.start()
        send(0)
        other.join(60)
    else:
        send(0)
    if all(r is not None and r.status in (302, 303) for r in responses):
        person.expected[item] = done
        person.unknown.discard(item)
    else:
        person.unknown.add(item)


def _checklist_totals(deployment: Deployment, people: list[_Checklist]) -> tuple[int, int, int]:
    """(items whose stored state differs from the expected one, records expected, stored)."""
    from sqlalchemy import select

    from portal.models.onboarding import ItemRecord

    with deployment.session() as session:
        stored: dict[int, set[str]] = {}
        for record in session.scalars(select(ItemRecord)):
            stored.setdefault(record.assignment_id, set()).add(record.item_id)
    wrong = expected_total = 0
    for person in people:
        want = {i for i, done in person.expected.items() if done and i not in person.unknown}
        have = stored.get(person.assignment, set()) - person.unknown
        expected_total += len(want)
        wrong += len(want ^ have)
    return wrong, expected_total, sum(len(v) for v in stored.values())


def checklist_updates(duration: float) -> Result:
    deployment = Deployment.prepare("checklist")
    stats = Stats()
    try:
        emails = deployment.add_users("new_hire", 60, "hire")
        deployment.start(workers=4)
        people = _checklists(deployment, emails, stats)
        stats.reset()
        budget = Budget(duration, max_requests=int(duration * 50) + 100)

        def worker(group: list[_Checklist]) -> None:
            for _ in paced(budget, 50 / 10):
                _checklist_step(random.choice(group), double_clicks=0.05)

        started = time.monotonic()
        run_threads([(worker, (people[i::10],)) for i in range(10)], budget)
        elapsed = time.monotonic() - started
        result = Result("checklist-updates", elapsed,
                        "60 new hires; 10 client threads sending 50 updates/s in total "
                        "(70% task done/undone, 30% acknowledgements; 5% sent twice at once, "
                        "as a double click)", stats)
        locked = deployment.server_log_count("database is locked")
        result.check("no lock errors (no 5xx / 503, no 'database is locked')",
                     stats.server_errors() == 0 and locked == 0 and not stats.errors,
                     f"{stats.server_errors()} 5xx, 'database is locked' in the server log "
                     f"{locked}×, transport errors {dict(stats.errors)}")
        wrong, expected, stored = _checklist_totals(deployment, people)
        unknown = sum(len(p.unknown) for p in people)
        result.check("totals exact (database = expected final state)", wrong == 0,
                     f"{expected} items expected done, {stored} records stored, {wrong} differ; "
                     f"items left unknown by a failed request: {unknown}")
        result.facts.append(f"rate achieved: {stats.total() / elapsed:.1f} updates/s, p95 "
                            f"{_fmt(_p95([v for k in stats.latencies.values() for v in k]))}")
        return result
    finally:
        deployment.cleanup()


# --- 6. the soak --------------------------------------------------------------------------


def soak(duration: float) -> Result:
    from sqlalchemy import select

    from portal.models.capture import Submission

    deployment = Deployment.prepare("soak")
    stats = Stats()
    try:
        agents = deployment.add_users("agent", 4, "agent")
        leads = deployment.add_users("lead", 1, "lead")
        readers = deployment.add_users("agent", 6, "reader")
        hires = deployment.add_users("new_hire", 6, "hire")
        pages = deployment.site_pages()
        deployment.start(workers=4)
        agent_clients = signed_in(deployment.port, agents, stats)
        editor_client = agent_clients[0]
        lead_client = signed_in(deployment.port, leads, stats)[0]
        reader_clients = signed_in(deployment.port, readers, stats)
        people = _checklists(deployment, hires, stats)
        stats.reset()
        budget = Budget(duration, max_requests=2_000_000)
        words = queries()
        accepted: list[str] = []
        lock = threading.Lock()
        prefix = "Load soak "
        samples: list[tuple[float, dict[int, int]]] = []
        proportional: list[tuple[float, dict[int, int]]] = []  # PSS, for the record
        killed: list[str] = []

        def agent(client: Client, number: int) -> None:
            count = 0
            while budget.take():
                count += 1
                title = f"{prefix}{number}-{count} {secrets.token_hex(3)}"
                _safe(_answer_step, client, title, accepted, lock, random.choice(words))
                think(budget, 2.0, 6.0)

        def reader(client: Client, number: int) -> None:
            while budget.take():
                if number % 2:
                    _safe(client.get, _search_path(random.choice(words)), kind="search")
                else:
                    _safe(client.get, random.choice(pages), kind="page")
                think(budget, 0.5, 1.5)

        sections = [(page, anchor) for page, anchors in _edit_targets(deployment.docs, 20)
                    for anchor in anchors]
        applied: list[int] = []

        def lead() -> None:
            """An agent suggests a section edit through the real form and a lead approves it.
            The edit rewrites one "Checked" line, so the docs keep their size: memory growth
            then cannot come from a growing knowledge base."""
            count = 0
            while budget.take():
                count += 1
                page, anchor = random.choice(sections)
                edit = _suggest_edit(editor_client, page, anchor, count)
                if edit is not None:
                    approved: Response | None = _safe(
                        lead_client.post, f"/portal/review/{edit}/approve", {}, kind="approve")
                    if approved is not None and approved.status in (302, 303):
                        applied.append(edit)
                think(budget, 15.0, 25.0)

        def checklist() -> None:
            for _ in paced(budget, 3.0):
                _checklist_step(random.choice(people))

        def monitor() -> None:
            started = time.monotonic()
            while not budget.stop_event.is_set() and time.monotonic() < budget.deadline:
                samples.append((time.monotonic() - started, deployment.rss_kb()))
                proportional.append((time.monotonic() - started, deployment.pss_kb()))
                if not killed and time.monotonic() - started >= duration / 2:
                    workers = deployment.worker_pids()
                    if workers:
                        victim = random.choice(workers)
                        os.kill(victim, signal.SIGKILL)  # a worker of the server we started
                        killed.append(f"worker {victim} at {time.monotonic() - started:.0f} s")
                budget.sleep(15)
            samples.append((time.monotonic() - started, deployment.rss_kb()))
            proportional.append((time.monotonic() - started, deployment.pss_kb()))

        targets: list[tuple[Any, tuple[Any, ...]]] = [(monitor, ()), (lead, ()), (checklist, ())]
        targets += [(agent, (c, n)) for n, c in enumerate(agent_clients)]
        targets += [(reader, (c, n)) for n, c in enumerate(reader_clients)]
        started = time.monotonic()
        run_threads(targets, budget)
        elapsed = time.monotonic() - started
        result = Result("soak", elapsed,
                        "mixed traffic: 3 searchers + 3 browsers (0.5–1.5 s apart), 4 agents "
                        "submitting answers (2–6 s apart), an agent suggesting a section edit "
                        "through the form and a lead approving it (every 15–25 s), "
                        "checklist updates 3/s; one gunicorn worker killed (SIGKILL) half-way",
                        stats)
        _lost_check(result, deployment, prefix, accepted)
        with deployment.session() as session:
            states = Counter(session.scalars(
                select(Submission.state).where(Submission.id.in_(applied))))
        result.check("every approved edit applied (a commit each)",
                     states.get("applied", 0) == len(applied),
                     f"{len(applied)} approvals answered 303; states {dict(states)}; docs pages "
                     f"{deployment.docs_pages()} at the end")
        five = stats.server_errors()
        result.check("no 5xx (informational: requests cut by the kill show as transport errors)",
                     five == 0, f"{five} 5xx; transport errors {dict(stats.errors)}; "
                     f"killed {killed}")
        warm = next((s for t, s in samples if t >= min(120.0, duration / 4)), None)
        end = samples[-1][1] if samples else None
        if warm and end:
            total_start, total_end = sum(warm.values()), sum(end.values())
            growth = (total_end - total_start) / total_start
            survivors = [p for p in warm if p in end]
            surv_start = sum(warm[p] for p in survivors)
            surv_end = sum(end[p] for p in survivors)
            surv_growth = (surv_end - surv_start) / surv_start if surv_start else 0.0
            result.check(
                "memory growth < 10% (RSS of master + workers, after warm-up vs end)",
                growth < 0.10 and surv_growth < 0.10,
                f"all processes {total_start / 1024:.0f} → {total_end / 1024:.0f} MB "
                f"({growth:+.1%}); the {len(survivors)} processes alive at both samples "
                f"{surv_start / 1024:.0f} → {surv_end / 1024:.0f} MB ({surv_growth:+.1%})",
            )
        else:
            result.check("memory growth < 10%", False, "no memory samples")
        warm_pss = next((s for t, s in proportional if t >= min(120.0, duration / 4)), None)
        if warm_pss and proportional:
            pss_start, pss_end = sum(warm_pss.values()), sum(proportional[-1][1].values())
            result.facts.append(
                f"PSS (shared pages counted once), same samples: {pss_start / 1024:.0f} → "
                f"{pss_end / 1024:.0f} MB ({(pss_end - pss_start) / pss_start:+.1%})")
        result.facts.append("RSS samples (s: MB total): " + ", ".join(
            f"{t:.0f}: {sum(s.values()) / 1024:.0f}" for t, s in samples[:: max(1, len(samples)
                                                                               // 16)]))
        wrong, expected, stored = _checklist_totals(deployment, people)
        result.check("checklist totals exact", wrong == 0,
                     f"{expected} expected, {stored} stored, {wrong} differ")
        return result
    finally:
        deployment.cleanup()


SCENARIOS: dict[str, tuple[Callable[[float], Result], float]] = {
    "submit-and-search": (submit_and_search, 60),
    "concurrent-approvals": (concurrent_approvals, 60),
    "rebuild-while-browsing": (rebuild_while_browsing, 120),
    "reindex-under-search": (reindex_under_search, 120),
    "checklist-updates": (checklist_updates, 60),
    "soak": (soak, 1800),
}
