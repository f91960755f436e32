"""Smoke tests of the installed `deskbook` script in its own process: the entry point, exit
statuses and the split between stdout and stderr as a shell sees them. Everything else about
the commands is tested in process (`tests.helpers.deskbook`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import write_page

INSTALLED = Path(sys.executable).with_name("deskbook")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DESKBOOK_")}
    return subprocess.run([str(INSTALLED), *args], capture_output=True, text=True,
                          env=environment, check=False, timeout=300)


def test_the_installed_command_lists_its_subcommands() -> None:
    run = _run("--help")
    assert run.returncode == 0, run.stderr
    assert "Usage: deskbook" in run.stdout
    for name in ("build", "check", "index", "search", "serve", "doctor"):
        assert f"  {name} " in run.stdout


def test_the_installed_command_indexes_and_searches_with_json_on_stdout(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Return window\n\n30 days.\n")
    index = tmp_path / "index"

    indexed = _run("index", "--docs", str(docs), "--index", str(index))
    found = _run("search", "--index", str(index), "--json", "return", "window")

    assert indexed.returncode == 0 and "Indexed 1 pages" in indexed.stderr, indexed.stderr
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["url"] == "policies/refunds/#return-window"


def test_a_problem_exits_1_with_the_problem_on_stdout_and_the_count_on_stderr(
    docs: Path,
) -> None:
    write_page(docs, "index.md", "# Home\n\n[gone](gone.md)\n")
    run = _run("check", "--docs", str(docs))
    assert run.returncode == 1
    assert run.stdout.splitlines() == [f"{docs}/index.md:3: link to missing page 'gone.md'"]
    assert "1 problem(s) found" in run.stderr and "Traceback" not in run.stderr
