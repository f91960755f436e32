"""`deskbook index`, `deskbook search` (human, --json, --batch) and `deskbook build`'s index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import search.parallel as search_parallel
from tests.helpers import deskbook, write_page


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Return window\n\n30 days from delivery.\n")
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## ساعات العمل\n\nمن التاسعة.\n")
    index_dir = tmp_path / "index"
    run = deskbook("index", "--docs", str(docs), "--index", str(index_dir))
    assert run.exit_code == 0, run.stderr
    assert "Indexed 2 pages" in run.stderr
    return index_dir


def test_search_json_lists_hits_with_the_documented_keys(index: Path) -> None:
    run = deskbook("search", "--index", str(index), "--json", "return", "window")
    assert run.exit_code == 0, run.stderr
    hits = json.loads(run.stdout)
    assert set(hits[0]) == {
        "path", "anchor", "url", "title", "heading", "snippet", "score", "lang", "type",
        "untranslated", "sections",
    }
    assert hits[0]["path"] == "policies/refunds.md"
    assert hits[0]["url"] == "policies/refunds/#return-window"


def test_search_prints_title_heading_link_and_suggestion(index: Path) -> None:
    run = deskbook("search", "--index", str(index), "retrun", "window")
    assert run.exit_code == 0, run.stderr
    assert "Did you mean: return window" in run.stdout
    assert "Refunds › Return window" in run.stdout
    assert "policies/refunds/#return-window" in run.stdout


def test_batch_answers_one_json_line_per_query(index: Path) -> None:
    lines = [{"q": "return window"}, {"q": "ساعات العمل", "lang": "ar"}, {"q": "*"}]
    run = deskbook(
        "search", "--batch", "--index", str(index), "--limit", "3",
        stdin="\n".join(json.dumps(line) for line in lines) + "\n",
    )
    assert run.exit_code == 0, run.stderr
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert [answer["q"] for answer in answers] == ["return window", "ساعات العمل", "*"]
    assert set(answers[0]) == {"q", "hits", "suggestion", "ms"}
    assert answers[1]["hits"][0]["url"] == "ar/policies/refunds/#ساعات-العمل"
    assert "wildcard" in answers[2]["error"]


def test_update_reports_changed_pages(index: Path, docs: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Return window\n\n60 days now.\n")
    run = deskbook("index", "--docs", str(docs), "--index", str(index))
    assert run.exit_code == 0, run.stderr
    assert "Updated 1 pages, removed 0" in run.stderr


def test_index_goes_on_past_pages_it_cannot_index_and_names_them(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Return window\n\n30 days.\n")
    (docs / "offers").mkdir()
    (docs / "offers/pm.md").write_text("# PM role\n\nHiring.\n\n### [Perks](../perks.md)", encoding="utf-8")
    (docs / "latin1.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))

    run = deskbook("index", "--docs", str(docs), "--index", str(tmp_path / "index"))

    assert run.exit_code == 0, run.stderr
    assert "Indexed 2 pages" in run.stderr
    assert "skipped latin1.md:1: is not valid UTF-8 text" in run.stderr
    assert "Traceback" not in run.stderr


def test_search_without_an_index_says_how_to_make_one(tmp_path: Path) -> None:
    run = deskbook("search", "--index", str(tmp_path / "none"), "refund")
    assert run.exit_code == 1
    assert "no search index" in run.stderr and "deskbook index" in run.stderr


def test_rejected_query_is_a_clear_error(index: Path) -> None:
    run = deskbook("search", "--index", str(index), "a*")
    assert run.exit_code == 1 and "wildcard" in run.stderr


@pytest.mark.slow
def test_build_makes_site_and_index_from_the_same_docs_once(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Return window\n\nsitewideword.\n")
    write_page(docs, "policies/refunds.id.md", "# Pengembalian\n\n## Jendela\n\nkatakhusus.\n")
    index = tmp_path / "myindex"

    run = deskbook("build", "--docs", str(docs), "--site", str(tmp_path / "site"), "--index", str(index))

    assert run.exit_code == 0, run.stderr
    generations = [p for p in (tmp_path / ".myindex-generations").iterdir() if p.is_dir()]
    assert len(generations) == 1  # indexed once, not once per language build
    found = deskbook("search", "--index", str(index), "--json", "katakhusus")
    assert json.loads(found.stdout)[0]["url"] == "id/policies/refunds/#jendela"


def test_a_rebuild_in_workers_says_so_and_a_failed_worker_is_a_clear_error(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):
        write_page(docs, f"faq/q{number}.md", f"# Question {number}\n\nAnswer {number}.\n")
    monkeypatch.setattr(search_parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(search_parallel, "PAGES_PER_WORKER", 1)
    monkeypatch.setattr(search_parallel.os, "cpu_count", lambda: 2)
    index_dir = tmp_path / "index"

    built = deskbook("index", "--rebuild", "--docs", str(docs), "--index", str(index_dir))
    assert built.exit_code == 0, built.output
    assert "Indexed 3 pages (6 sections) in 2 processes (the largest used" in built.output
    assert re.search(r"\(\d+\.\d CPU-s; this process peaked at \d+ MB\)", built.output)

    monkeypatch.setattr(search_parallel.sys, "executable", shutil.which("false"))
    failed = deskbook("index", "--rebuild", "--docs", str(docs), "--index", str(index_dir))
    assert failed.exit_code == 1
    assert "an index worker failed" in failed.output and "previous index is kept" in failed.output
    assert "Traceback" not in failed.output
