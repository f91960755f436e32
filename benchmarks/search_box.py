"""What the search box's request costs now that the server draws the hits.

As people type, the search page asks `/portal/search/results`, which renders the hits with
the page's own template (`templates/search/_results.html`), where it used to ask
`/api/search` for JSON and draw the hits in the browser. This times both, in process (the
Flask test client, a signed-in agent, SQLite), over the starter docs' index:

    .venv/bin/python -m benchmarks.search_box --rounds 20

Results go to benchmarks/results/search-box.md.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

import search
from portal import create_app
from portal.accounts import users
from portal.accounts.roles import Role
from portal.db import Database, upgrade

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
QUERIES = ("refund", "refund window", "return", "escalate", "shift handover", "amazon",
           "damaged item", "tracking", "privacy", "chat")
ROUTES = ("/api/search", "/portal/search/results")
PASSWORD = "a long enough password"


def measure(rounds: int, work: Path) -> dict[str, list[float]]:
    """Milliseconds per request, for each route, `rounds` times over QUERIES (after one
    untimed round)."""
    search.build_index(REPO / "docs", work / "index")
    url = f"sqlite:///{work / 'deskbook.sqlite3'}"
    database = Database.connect(url)
    upgrade(database)
    with database.session() as session:
        users.add_user(session, "agent@example.com", Role.AGENT, PASSWORD)
    database.dispose()
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url,
                      "INSTANCE_PATH": str(work / "instance"), "INDEX_DIR": str(work / "index")})
    client = app.test_client()
    login_form = client.get("/portal/login").get_data(as_text=True)
    token = login_form.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/portal/login", data={"email": "agent@example.com", "password": PASSWORD,
                                        "csrf_token": token})
    timings: dict[str, list[float]] = {}
    for route in ROUTES:
        for query in QUERIES:
            client.get(route, query_string={"q": query})
        found = timings.setdefault(route, [])
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                response = client.get(route, query_string={"q": query})
                found.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (route, query, response.status_code)
    return timings


def report(timings: dict[str, list[float]], rounds: int) -> str:
    lines = [
        "# The search box's request: JSON vs hits drawn on the server",
        "",
        f"`.venv/bin/python -m benchmarks.search_box --rounds {rounds}` — the starter docs, "
        f"{len(QUERIES)} queries × {rounds} rounds, Flask test client, SQLite, "
        f"Python {platform.python_version()} on {platform.machine()}.",
        "",
        "| route | requests | p50 ms | p95 ms |",
        "| --- | --- | --- | --- |",
    ]
    for route, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[int(len(ordered) * 0.95)]
        lines.append(f"| `{route}` | {len(values)} | {statistics.median(values):.2f} | "
                     f"{p95:.2f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="deskbook-search-box-") as folder:
        text = report(measure(arguments.rounds, Path(folder)), arguments.rounds)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search-box.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
