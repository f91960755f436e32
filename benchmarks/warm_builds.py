"""The warm site builder over many changes: seconds per build and the build child's memory.

A portal worker's builds run in one long-lived child (`portal.site.rebuild.BuilderProcess`)
that keeps its last full build in memory. This drives that child as the rebuilder does, on a
generated knowledge base: one full build, then `--changes` one-page changes (each a build of
only that page), then a title change (a full build, which replaces what the child keeps), then
`--changes` more. After each build it reads the child's resident memory (/proc/<pid>/statm).

    .venv/bin/python -m benchmarks.warm_builds --pages 1000 --changes 30

Results go to benchmarks/results/warm-builds-<pages>.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate, write
from benchmarks.report import save_report
from portal.site.rebuild import BuilderProcess

REPO = Path(__file__).resolve().parent.parent


def resident_mb(pid: int) -> float:
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args(argv)
    load = [os.getloadavg()[0]]
    rows: list[tuple[str, float, bool, float]] = []  # what, seconds, full, resident MB
    with tempfile.TemporaryDirectory(prefix="deskbook-warm-") as scratch:
        docs = Path(scratch) / "docs"
        write(generate(args.pages), docs)
        (docs / "index.md").write_text("# Synthetic knowledge base\n", encoding="utf-8")
        pages = sorted(p for p in docs.rglob("*.md") if p.name.count(".") == 1
                       and p.name != "index.md")
        child = BuilderProcess(docs, Path(scratch) / "site", REPO / "mkdocs.yml")
        try:
            def build(what: str) -> None:
                started = time.perf_counter()
                outcome = child.build(None)
                seconds = time.perf_counter() - started
                if outcome["state"] != "ok":
                    raise SystemExit(f"{what}: {outcome.get('error')}")
                assert child._process is not None
                rows.append((what, seconds, bool(outcome["full"]),
                             resident_mb(child._process.pid)))
                print(f"{what}: {seconds:.2f} s, full {outcome['full']}, "
                      f"{rows[-1][3]:.0f} MB", file=sys.stderr, flush=True)

            build("first build")
            for round_ in (1, 2):
                for number in range(args.changes):
                    page = pages[(number * 7 + round_) % len(pages)]
                    page.write_text(page.read_text(encoding="utf-8")
                                    + f"\n\nChange {round_}.{number}.\n", encoding="utf-8")
                    build(f"change {round_}.{number}")
                if round_ == 1:
                    page = pages[0]
                    text = page.read_text(encoding="utf-8")
                    page.write_text(re.sub(r"^title: .*$", "title: A new title", text,
                                           count=1, flags=re.M), encoding="utf-8")
                    build("title change")
        finally:
            child.stop()
    load.append(os.getloadavg()[0])
    changes = [seconds for what, seconds, full, _ in rows if what.startswith("change")]
    kinds = {full for what, _, full, _ in rows if what.startswith("change")}
    memory = {what: mb for what, _, _, mb in rows}
    last = f"change 2.{args.changes - 1}"
    lines = [
        f"# The warm site builder, {args.pages} generated pages ({time.strftime('%Y-%m-%d')})",
        "",
        f"Command: `.venv/bin/python -m benchmarks.warm_builds --pages {args.pages} --changes "
        f"{args.changes}`; 1-minute load average {load[0]:.1f} → {load[1]:.1f} on "
        f"{os.cpu_count()} cores.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| first (full) build (s) | {rows[0][1]:.1f} |",
        f"| one-page change (s): median, max (n={len(changes)}) | "
        f"{statistics.median(changes):.2f}, {max(changes):.2f} |",
        f"| one-page changes built in full | {'none' if kinds == {False} else 'some'} |",
        f"| title change (s), {'a full build' if rows[args.changes + 1][2] else 'NOT in full'} "
        f"| {rows[args.changes + 1][1]:.1f} |",
        f"| child's resident MB after the first build | {memory['first build']:.0f} |",
        f"| … after {args.changes} changes | {memory[f'change 1.{args.changes - 1}']:.0f} |",
        f"| … after the title change's full build | {memory['title change']:.0f} |",
        f"| … after {args.changes} more changes | {memory[last]:.0f} |",
    ]
    save_report(lines, f"warm-builds-{args.pages}.md")


if __name__ == "__main__":
    main()
