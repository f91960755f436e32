"""How long `POST /api/suggest` takes for a 1,500-character message, on the starter knowledge
base and on a generated one of 10,000 pages.

    .venv/bin/python -m benchmarks.run_suggest_api                          # starter docs
    .venv/bin/python -m benchmarks.run_suggest_api --pages 10000 --work DIR # + build, ≈ 5 min
    .venv/bin/python -m benchmarks.run_suggest_api --docs DIR --index DIR   # an index you have

The portal app is created over a fresh SQLite database with one agent and their API token; each
request goes through the whole app in process (routing, the token check, JSON in and out,
`suggest()`), not over a socket. The messages are the labelled customer messages
(tests/search/suggestions/messages.yml), each brought to exactly 1,500 characters the way real
ones get long: the customer's words, then the earlier thread quoted below them (the other
messages, `>`-quoted). Warm: one untimed pass, then `--rounds` timed passes. Each request's
wall-clock time and this process's CPU time are both reported: on a machine other work keeps
busy the second is what the request would take alone (one thread, no waiting on disk: the index
is in the OS cache after the warm pass). Writes benchmarks/results/suggest-api-<label>.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate, write
from benchmarks.measure import percentile, timed_ms
from portal import create_app
from portal.accounts import tokens, users
from portal.accounts.roles import Role
from portal.app_state import database
from portal.db import upgrade
from search import build_index
from tests.search.suggestions.messageset import load_messages

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results"
MESSAGE_CHARS = 1_500


def long_messages(chars: int = MESSAGE_CHARS) -> list[str]:
    """Each labelled message followed by a quoted thread of the others, `chars` long."""
    texts = [message.text for message in load_messages()]
    made = []
    for number, text in enumerate(texts):
        thread = [text, "", "On Mon, 30 Nov 2026 at 09:12, Support <help@shop.example> wrote:"]
        others = texts[number + 1:] + texts[:number]
        for other in others:
            thread.extend("> " + line for line in other.splitlines())
            if sum(len(line) + 1 for line in thread) >= chars:
                break
        made.append("\n".join(thread)[:chars])
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="generate this many pages (0: docs/)")
    parser.add_argument("--docs", type=Path, help="a docs folder already indexed (with --index)")
    parser.add_argument("--index", type=Path)
    parser.add_argument("--work", type=Path, help="where to put a generated corpus and its index")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.work or Path(scratch)
        if args.docs and args.index:
            pages = sum(1 for _ in args.docs.rglob("*.md"))
            label = f"{pages // 1000}k" if pages >= 1000 else f"{pages}-pages"
            docs, index = args.docs, args.index
        elif args.pages:
            docs, index, label = folder / "docs", folder / "index", f"{args.pages // 1000}k"
            if not index.exists():
                write(generate(args.pages), docs)
                build_index(docs, index)
        else:
            docs, index, label = REPO / "docs", Path(scratch) / "index", "starter"
            build_index(docs, index)
        rows = _measure(Path(scratch), docs, index, args.rounds)
    load = os.getloadavg()[0]
    command = "`.venv/bin/python -m benchmarks.run_suggest_api" + (
        f" --pages {args.pages}`" if args.pages
        else f" --docs {args.docs} --index {args.index}`" if args.docs else "`")
    text = "\n".join([
        f"# POST /api/suggest: {label}, {MESSAGE_CHARS:,}-character messages",
        "",
        f"{command} — Python {platform.python_version()}, load average {load:.1f} on "
        f"{os.cpu_count()} cores.",
        "",
        "| time | requests | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        rows,
        "",
    ])
    (RESULTS / f"suggest-api-{label}.md").write_text(text, encoding="utf-8")
    print(text)


def _measure(scratch: Path, docs: Path, index: Path, rounds: int) -> str:
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "benchmark",
        "INSTANCE_PATH": str(scratch / "instance"),
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "DOCS_DIR": str(docs),
        "INDEX_DIR": str(index),
        "SITE_DIR": str(scratch / "site"),
    })
    upgrade(database(app))
    with database(app).session() as session:
        users.add_user(session, "agent@bench.example", Role.AGENT, "benchmark only 1")
        user = users.require_user(session, "agent@bench.example")
        secret = tokens.create_token(session, user, "benchmark")[1]
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    messages = long_messages()

    def ask(text: str) -> None:
        response = client.post("/api/suggest", json={"text": text}, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)

    for text in messages:
        ask(text)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        for text in messages:
            started = time.process_time()
            wall.append(timed_ms(lambda text=text: ask(text))[0])
            cpu.append((time.process_time() - started) * 1000)
    return "\n".join(
        f"| {name} | {len(values)} | {percentile(values, 50):.1f} | "
        f"{percentile(values, 95):.1f} | {max(values):.1f} |"
        for name, values in (("wall clock", wall), ("CPU of this process", cpu)))


if __name__ == "__main__":
    main()
