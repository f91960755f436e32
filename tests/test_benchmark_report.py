"""A benchmark's report lands in its results file and on the terminal (benchmarks/report.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.report import RESULTS, save_report


def test_a_report_is_written_to_its_results_file_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "results"
    save_report(["# Site rebuild", "", "| a | b |"], "site-build-10.md", folder=folder)
    assert (folder / "site-build-10.md").read_text(encoding="utf-8") == (
        "# Site rebuild\n\n| a | b |\n")
    assert capsys.readouterr().out == "# Site rebuild\n\n| a | b |\n\n"
    assert Path(__file__).resolve().parent.parent / "benchmarks" / "results" == RESULTS
