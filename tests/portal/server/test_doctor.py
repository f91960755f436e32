"""`deskbook doctor` puts an installation back in order after a crash."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import Result

import search
from tests.helpers import deskbook, write_page


def _doctor(tmp_path: Path, docs: Path) -> Result:
    return deskbook("doctor", env={
        "DESKBOOK_DOCS_DIR": str(docs),
        "DESKBOOK_INDEX_DIR": str(tmp_path / "index"),
        "DESKBOOK_SITE_DIR": str(tmp_path / "site"),
        "DESKBOOK_INSTANCE_PATH": str(tmp_path / "instance"),
    })


def test_doctor_rebuilds_a_missing_index_clears_leftovers_and_says_what_is_left(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n")
    subprocess.run(["git", "-C", str(docs), "init", "-q"], check=True)
    leftover = docs / "policies" / ".refunds.md.abc123.tmp"
    leftover.write_text("half a page")

    run = _doctor(tmp_path, docs)

    assert run.exit_code == 0, run.output
    assert "search index had 0 of 2 pages; rebuilt it" in run.stdout
    assert "removed" in run.stdout and not leftover.exists()
    assert "no built site" in run.stdout and "deskbook build" in run.stdout
    assert search.index_page_count(tmp_path / "index") == 2

    again = _doctor(tmp_path, docs)
    assert "search index" not in again.stdout
