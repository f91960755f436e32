"""The site builder of a portal worker, in a child process that keeps its last build warm.

A portal worker lives for days and mkdocs keeps memory after each build (caches, theme state),
so the builds run in a child (`SiteRebuilder(isolated=True)`). The child lives on between
builds so that its `SiteBuilder` keeps the last full build in memory and renders only the pages
a change touched; it reads one request a line on stdin and answers each with one JSON line:

    python -m portal.site.build_child DOCS SITE MKDOCS_YML
    → {"commit": "<docs commit or null>", "full": false}
    ← {"state": "ok", "seconds": 0.2, "full": false, "why_full": null}
    ← {"state": "failed", "error": "…", "problems": […]}

It stops when its stdin closes (the worker is gone) and, so that its memory stays bounded,
after `BUILDS_PER_PROCESS` builds or once it holds more than `MAX_RESIDENT_BYTES`; the worker
starts another for the next build, which then builds in full.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, TextIO

from portal.site.build import SiteBuildError, SiteBuilder

BUILDS_PER_PROCESS = 200
# A warm 1,000-page site holds about 130 MB (benchmarks/warm_builds.py); ten times that means
# memory is being kept.
MAX_RESIDENT_BYTES = 1536 * 1024 * 1024


def build_once(builder: SiteBuilder, request: dict[str, Any]) -> dict[str, Any]:
    """One build as asked (`commit`, `full`), and its outcome as the status file takes it."""
    commit = request.get("commit")
    try:
        result = builder.build(commit if isinstance(commit, str) and commit else None,
                               full=bool(request.get("full")))
    except SiteBuildError as error:
        return {"state": "failed", "error": str(error), "problems": error.problems}
    except OSError as error:
        return {"state": "failed", "error": f"{type(error).__name__}: {error}", "problems": []}
    return {"state": "ok", "seconds": result.seconds, "full": result.full,
            "why_full": result.why_full}


def resident_bytes() -> int:
    """This process's resident memory (0 where /proc is not there to say)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def serve(builder: SiteBuilder, requests: TextIO, answers: TextIO) -> int:
    """Answer build requests until `requests` ends or this process should make way for a new
    one; returns how many builds it made."""
    builds = 0
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError:
            request = None
        if not isinstance(request, dict):
            answers.write(json.dumps({"state": "failed", "error": "not a build request",
                                      "problems": []}) + "\n")
            answers.flush()
            continue
        outcome = build_once(builder, request)
        builds += 1
        outcome["last"] = builds >= BUILDS_PER_PROCESS or resident_bytes() > MAX_RESIDENT_BYTES
        answers.write(json.dumps(outcome) + "\n")
        answers.flush()
        if outcome["last"]:
            break
    return builds


def main(argv: list[str]) -> int:
    docs, site, config = (Path(argument) for argument in argv[:3])
    answers = sys.stdout
    sys.stdout = sys.stderr  # whatever else prints must not mix with the answers
    serve(SiteBuilder(docs, site, config, strict=True), sys.stdin, answers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
