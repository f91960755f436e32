"""`python -m benchmarks.load run [--scenario NAME|all] [--duration S]`

Runs each scenario against its own throw-away installation on 127.0.0.1, prints a table,
writes benchmarks/load/results/<scenario>.md and exits 1 when any criterion fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import sys
import time
from pathlib import Path

from benchmarks.load import harness
from benchmarks.load.scenarios import SCENARIOS, Result

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}){memory}, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def report(result: Result, command: str, database: str) -> str:
    lines = [
        f"# Load scenario: {result.scenario}",
        "",
        f"- Command: `{command}`",
        f"- Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {machine()}",
        f"- Server: `deskbook serve --workers 4 --host 127.0.0.1` (gunicorn gthread, 4 threads "
        f"per worker), database {database}",
        f"- Load: {result.setup}",
        f"- Ran for {result.duration:.0f} s",
        f"- Outcome: **{'PASS' if result.passed else 'FAIL'}**",
        "",
        "| criterion | result | detail |",
        "|---|---|---|",
    ]
    lines += [f"| {c.name} | {'PASS' if c.passed else 'FAIL'} | {c.detail} |"
              for c in result.criteria]
    lines += ["", *result.stats.table()]
    if result.facts:
        lines += ["", *[f"- {fact}" for fact in result.facts]]
    if result.stats.errors:
        lines += ["", "Transport errors: " + ", ".join(
            f"{k} ×{n}" for k, n in sorted(result.stats.errors.items()))]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run load scenarios against 127.0.0.1")
    run.add_argument("--scenario", default="all", choices=[*SCENARIOS, "all"])
    run.add_argument("--duration", type=float, default=None,
                     help="seconds per scenario (default: each scenario's own)")
    run.add_argument("--no-write", action="store_true", help="do not write results/*.md")
    run.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite",
                     help="postgres: a fresh database per scenario on the server in "
                     "$DESKBOOK_TEST_DATABASE_URL (run under scripts/with-postgres.sh); "
                     "results then go to results/<scenario>-postgres.md")
    args = parser.parse_args(argv)
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    command = "python -m benchmarks.load " + shlex.join(sys.argv[1:] if argv is None else argv)
    database, suffix = "SQLite (WAL)", ""
    if args.database == "postgres":
        server = os.environ.get("DESKBOOK_TEST_DATABASE_URL")
        if not server:
            parser.error("--database postgres needs DESKBOOK_TEST_DATABASE_URL "
                         "(scripts/with-postgres.sh sets it)")
        harness.POSTGRES_SERVER = server
        database, suffix = "PostgreSQL (scripts/with-postgres.sh)", "-postgres"
    failed = []
    for name in names:
        function, default = SCENARIOS[name]
        duration = args.duration or default
        print(f"== {name}: {duration:.0f} s", flush=True)
        started = time.monotonic()
        try:
            result = function(duration)
        except Exception as error:  # a broken run is a failed run, with the reason shown
            print(f"   ERROR {type(error).__name__}: {error}", flush=True)
            failed.append(name)
            continue
        text = report(result, command, database)
        print("\n".join(result.stats.table()))
        for criterion in result.criteria:
            print(f"   {'PASS' if criterion.passed else 'FAIL'}  {criterion.name}: "
                  f"{criterion.detail}")
        for fact in result.facts:
            print(f"   {fact}")
        print(f"   ({time.monotonic() - started:.0f} s including setup)", flush=True)
        if not args.no_write:
            RESULTS.mkdir(exist_ok=True)
            (RESULTS / f"{name}{suffix}.md").write_text(text, encoding="utf-8")
        if not result.passed:
            failed.append(name)
    print("FAILED: " + ", ".join(failed) if failed else "all criteria passed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
