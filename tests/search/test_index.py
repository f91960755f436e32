"""The index stays fresh and safe: incremental updates, atomic rebuilds, recovery, one writer."""

from __future__ import annotations

import logging
import multiprocessing
import shutil
from pathlib import Path

import pytest

import search.index as search_index
import search.parallel as search_parallel
from content import Page, parse_page
from search import (
    IndexBuildFailed,
    IndexUnavailable,
    build_index,
    index_page_count,
    search,
    update_index,
)
from tests.helpers import write_page


def _kb(docs: Path, pages: int = 3) -> None:
    for number in range(pages):
        write_page(docs, f"faq/topic-{number}.md", f"# Topic {number}\n\n## Answer\n\nsubject{number} text.\n")


def test_changing_one_page_reindexes_only_that_page(docs: Path, tmp_path: Path) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    write_page(docs, "faq/topic-1.md", "# Topic 1\n\n## Answer\n\nfreshword here.\n")

    report = update_index(docs, index)

    assert report.updated == ["faq/topic-1.md"] and report.deleted == []
    assert search(index, "freshword").hits[0].url == "faq/topic-1/#answer"
    assert search(index, "subject1").hits == []
    assert update_index(docs, index).updated == []  # nothing changed since


def test_a_page_the_caller_parsed_is_indexed_only_while_it_is_the_files_text(
    docs: Path, tmp_path: Path
) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    written = write_page(docs, "faq/topic-1.md", "# Topic 1\n\n## Answer\n\nfirstword.\n")
    as_read = parse_page("faq/topic-1.md", written.read_text("utf-8"))
    write_page(docs, "faq/topic-1.md", "# Topic 1\n\n## Answer\n\nsecondword.\n")  # meanwhile

    update_index(docs, index, ["faq/topic-1.md"], parsed=[as_read])

    assert search(index, "secondword").hits and not search(index, "firstword").hits


def test_update_of_named_paths_adds_and_deletes(docs: Path, tmp_path: Path) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    write_page(docs, "policies/new.md", "# New policy\n\nnewpolicyword.\n")
    (docs / "faq/topic-0.md").unlink()

    report = update_index(docs, index, ["policies/new.md", "faq/topic-0.md"])

    assert report.updated == ["policies/new.md"] and report.deleted == ["faq/topic-0.md"]
    assert search(index, "newpolicyword").hits[0].path == "policies/new.md"
    assert search(index, "subject0").hits == []
    assert index_page_count(index) == 3


def test_a_searcher_opened_before_a_rebuild_keeps_working(docs: Path, tmp_path: Path) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    assert search(index, "subject2").hits  # opens and caches a searcher on generation 1
    old_generation = index.resolve()
    write_page(docs, "faq/topic-2.md", "# Topic 2\n\nrebuiltword.\n")

    build_index(docs, index)

    assert index.resolve() != old_generation and index.is_symlink()
    assert old_generation.is_dir()  # kept for searchers still reading it
    assert search(index, "rebuiltword").hits[0].path == "faq/topic-2.md"
    assert search(index, "subject2").hits == []


def test_a_missing_index_is_reported_then_rebuilt_by_update(
    docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _kb(docs)
    index = tmp_path / "index"
    with pytest.raises(IndexUnavailable, match="no search index"):
        search(index, "subject1")
    with caplog.at_level(logging.WARNING, logger="deskbook.search"):
        report = update_index(docs, index)
    assert report.rebuilt and report.pages == 3
    assert "rebuilding it from" in caplog.text
    assert search(index, "subject1").hits


def test_a_corrupt_index_is_rebuilt_from_the_docs(
    docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    for file in index.resolve().iterdir():
        if file.is_file():
            file.write_bytes(b"garbage")
    with caplog.at_level(logging.WARNING, logger="deskbook.search"):
        report = update_index(docs, index)
    assert report.rebuilt
    assert "rebuilding" in caplog.text
    assert search(index, "subject1").hits[0].path == "faq/topic-1.md"


def test_a_plain_index_folder_is_replaced_by_a_generation_link(docs: Path, tmp_path: Path) -> None:
    _kb(docs)
    index = tmp_path / "index"
    index.mkdir()
    (index / "stray").write_text("x")
    build_index(docs, index)
    assert index.is_symlink() and search(index, "subject0").hits


def _update_in_another_process(docs: str, index: str, page: str) -> None:
    write_page(Path(docs), page, f"# {page}\n\nconcurrentword {page}.\n")
    update_index(Path(docs), Path(index), [page])


def test_two_processes_updating_at_once_both_succeed(docs: Path, tmp_path: Path) -> None:
    _kb(docs, pages=30)
    index = tmp_path / "index"
    build_index(docs, index)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_update_in_another_process, args=(str(docs), str(index), f"w/{n}.md"))
        for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert {hit.path for hit in search(index, "concurrentword", limit=10).hits} == {
        f"w/{n}.md" for n in range(4)
    }


def test_a_foreign_handbook_indexes_and_reports_problems(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Team handbook\n\nWelcome.\n\n# Also an H1\n\nsecondh1 text\n")
    write_page(
        docs,
        "Support/Returns process.md",
        """
        <div class="confluence-macro"><p>Exported from the oldwiki</p></div>

        # **Returns** 📦

        | Channel | Target |
        |---------|--------|
        | Email   | 24 h   |

        ```
        # notaheading comment
        ```
        """,
    )
    (docs / "empty.md").write_text("", encoding="utf-8")
    write_page(docs, "long.md", "# Long\n\n" + "filler words here. " * 50_000 + "needle\n")
    write_page(docs, "broken.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    index = tmp_path / "index"

    report = build_index(docs, index)

    assert [problem.path for problem in report.problems] == ["broken.md"]
    assert report.pages == 4
    assert search(index, "oldwiki").hits[0].url == "Support/Returns process/"
    assert search(index, "channel target").hits[0].url == "Support/Returns process/#returns-"
    assert search(index, "notaheading").hits[0].path == "Support/Returns process.md"
    assert search(index, "secondh1").hits[0].url == "#also-an-h1"
    assert search(index, "Empty").hits[0].path == "empty.md"
    assert search(index, "filler").hits[0].path == "long.md"


def test_a_page_ending_in_a_heading_without_a_newline_is_indexed(docs: Path, tmp_path: Path) -> None:
    (docs / "offers").mkdir()
    (docs / "offers/senior-pm.md").write_text(
        "# Senior PM\n\nWe are hiring a senior product manager.\n\n### [Perks](../perks.md)",
        encoding="utf-8",
    )
    index = tmp_path / "index"

    report = build_index(docs, index)

    assert report.problems == [] and report.pages == 1
    assert [hit.anchor for hit in search(index, "perks").hits] == ["perks"]


def test_a_page_the_indexer_fails_on_is_reported_and_the_rest_is_indexed(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fault injection: whatever a foreign page trips over inside the indexer (not only
    # invalid front matter), one page must never stop the build or an update.
    _kb(docs)
    real_documents = search_index.page_documents

    def failing_on_topic_1(page: Page, source: str | None = None) -> list[dict[str, object]]:
        if page.path == "faq/topic-1.md":
            raise IndexError("list index out of range")
        return real_documents(page, source)

    monkeypatch.setattr(search_index, "page_documents", failing_on_topic_1)
    index = tmp_path / "index"

    report = build_index(docs, index)

    assert [str(problem) for problem in report.problems] == [
        "faq/topic-1.md:1: not indexed: IndexError: list index out of range"
    ]
    assert report.pages == 2 and report.updated == ["faq/topic-0.md", "faq/topic-2.md"]
    assert search(index, "subject2").hits[0].path == "faq/topic-2.md"

    write_page(docs, "faq/topic-1.md", "# Topic 1\n\nchanged text\n")
    write_page(docs, "faq/topic-0.md", "# Topic 0\n\nnewword0 text\n")
    update = update_index(docs, index)
    assert [problem.path for problem in update.problems] == ["faq/topic-1.md"]
    assert update.updated == ["faq/topic-0.md"]
    assert search(index, "newword0").hits[0].path == "faq/topic-0.md"


def test_index_page_count_without_index_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable):
        index_page_count(tmp_path / "nothing")


def test_building_from_a_missing_docs_folder_fails_clearly(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable, match="does not exist"):
        build_index(tmp_path / "nope", tmp_path / "index")
    shutil.rmtree(tmp_path, ignore_errors=True)


def _in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Build even a handful of pages in worker processes, one per page up to the cap."""
    monkeypatch.setattr(search_parallel, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(search_parallel, "PAGES_PER_WORKER", 1)
    monkeypatch.setattr(search_parallel.os, "cpu_count", lambda: 2)


def test_a_build_in_worker_processes_finds_what_one_process_finds(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kb(docs, pages=7)
    write_page(docs, "broken.md", "---\ntitle: [unclosed\n---\n# Broken\n")
    alone = build_index(docs, tmp_path / "alone")
    _in_workers(monkeypatch)
    seen: list[str] = []

    report = build_index(docs, tmp_path / "workers", progress=lambda _, path: seen.append(path))

    assert sorted(report.updated) == sorted(alone.updated) and report.pages == 7
    assert sorted(seen) == sorted(alone.updated)
    assert [str(problem) for problem in report.problems] == [str(p) for p in alone.problems]
    assert report.sections == alone.sections and report.worker_peak_mb > 0
    for query in ("subject3", "topic answer", "subjetc5"):
        assert search(tmp_path / "workers", query).hits == search(tmp_path / "alone", query).hits
    write_page(docs, "faq/topic-2.md", "# Topic 2\n\n## Answer\n\nfreshword.\n")
    assert update_index(docs, tmp_path / "workers").updated == ["faq/topic-2.md"]
    assert search(tmp_path / "workers", "freshword").hits[0].path == "faq/topic-2.md"


def test_a_failed_worker_fails_the_build_and_keeps_the_old_index(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _kb(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    _in_workers(monkeypatch)
    monkeypatch.setattr(search_parallel.sys, "executable", shutil.which("false"))

    with pytest.raises(IndexBuildFailed, match="an index worker failed"):
        build_index(docs, index)

    assert search(index, "subject1").hits[0].path == "faq/topic-1.md"
    generations = [path for path in index.resolve().parent.iterdir() if path.is_dir()]
    assert generations == [index.resolve()]  # the new generation is gone


def test_many_updates_between_searches_leave_no_files_open(docs: Path, tmp_path: Path) -> None:
    # Hits' stored fields are read from the segment file when shown, through a descriptor of
    # their own: the searchers an update replaces give theirs back, so the count levels off at
    # what the open segments need instead of growing with every update.
    import gc
    import os

    def open_files() -> int:
        gc.collect()
        return len(os.listdir("/proc/self/fd"))

    _kb(docs, pages=6)
    index = tmp_path / "index"
    build_index(docs, index)
    counts = []
    for round_ in range(60):
        write_page(docs, f"faq/topic-{round_ % 6}.md", f"# Topic {round_}\n\nround{round_} text.\n")
        update_index(docs, index)
        hit = search(index, f"round{round_}").hits[0]
        assert hit.title == f"Topic {round_}" and "round" in hit.snippet
        if round_ in (15, 59):
            counts.append(open_files())
    assert counts[1] <= counts[0] + 2
