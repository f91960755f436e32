"""Building and updating the index: with search.parallel and search.buildwriter, the only code
that writes with Whoosh."""

from __future__ import annotations

import logging
import resource
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from whoosh.writing import MERGE_SMALL, NO_MERGE

from content.errors import ContentError
from content.loader import iter_markdown_files, read_text, relative_posix
from content.model import Page
from content.parse import content_hash, parse_page
from search.analysis import LANGUAGES
from search.buildwriter import BuildWriter
from search.errors import IndexUnavailable, PageNotIndexed
from search.model import IndexReport
from search.parallel import index_in_workers, worker_count
from search.postings import write_side_files
from search.schema import build_schema, field_name, name_field, page_documents
from search.storage import (
    WRITE_LOCK_TIMEOUT,
    create_index,
    new_generation,
    open_index,
    prune_generations,
    switch_to,
    writer_codec,
    writer_lock,
)
from search.vocabulary import COLUMN as VOCABULARY
from search.vocabulary import add_counts, write_side_file

log = logging.getLogger("deskbook.search")

Progress = Callable[[int, str], None]
_WRITER_MEMORY_MB = 256
# An update commits its page as a new small segment without merging (merging rewrites
# segments, and reopening searchers then reads them again); once there are more segments
# than this, the small ones are merged (a full rebuild leaves one).
MAX_SEGMENTS = 8


def build_index(
    docs_dir: Path,
    index_dir: Path,
    *,
    progress: Progress | None = None,
    workers: int | None = None,
) -> IndexReport:
    """Index every page of docs_dir into a new generation, then switch `index_dir` to it.

    `workers`: processes to index in (default: by the number of pages and cores, see
    search.parallel; 1 indexes in this process)."""
    with writer_lock(index_dir):
        return _rebuild(docs_dir, index_dir, progress, workers)


def update_index(
    docs_dir: Path,
    index_dir: Path,
    paths: Iterable[str] | None = None,
    *,
    lock_timeout: float = WRITE_LOCK_TIMEOUT,
    parsed: Iterable[Page] = (),
) -> IndexReport:
    """Reindex the pages whose content changed (all pages when `paths` is None).

    `parsed`: pages the caller has already read; one whose text is still the file's is
    indexed as it is, not parsed again.

    A missing or unreadable index is rebuilt from scratch, with a log line saying so.
    Waits at most `lock_timeout` seconds for another writer, then raises IndexUnavailable.
    """
    with writer_lock(index_dir, lock_timeout):
        started = time.monotonic()
        writer = None
        try:
            index = open_index(index_dir)
            # The writer's searcher reads the hashes and finds the documents to delete:
            # one reader for both.
            writer = index.writer(codec=writer_codec())
            indexed = _indexed_hashes(writer.searcher(), None if paths is None else set(paths))
        except IndexUnavailable as error:
            log.warning("%s; rebuilding it from %s", error, docs_dir)
            return _rebuild(docs_dir, index_dir, None)
        except Exception as error:  # a damaged segment fails on first read, in any way
            if writer is not None:
                _cancel(writer)
            log.warning(
                "search index at %s is corrupt (%s); rebuilding it from %s",
                index_dir,
                error,
                docs_dir,
            )
            return _rebuild(docs_dir, index_dir, None)
        wanted = _on_disk(docs_dir) if paths is None else set(paths)
        try:
            report = _apply_changes(writer, docs_dir, wanted | set(indexed), indexed,
                                    {page.path: page for page in parsed})
        except BaseException:
            _cancel(writer)
            raise
        report.seconds = time.monotonic() - started
        return report


def index_page_count(index_dir: Path) -> int:
    """How many pages the index holds (IndexUnavailable when there is none)."""
    index = open_index(index_dir)
    with index.searcher() as searcher:
        return sum(1 for _ in _live_paths(searcher))


def _rebuild(
    docs_dir: Path, index_dir: Path, progress: Progress | None, workers: int | None = None
) -> IndexReport:
    if not docs_dir.is_dir():
        raise IndexUnavailable(f"docs folder {docs_dir} does not exist")
    started, cpu_before = time.monotonic(), _cpu_seconds()
    generation = new_generation(index_dir)
    try:
        index = create_index(generation, build_schema())
        files = list(iter_markdown_files(docs_dir))
        workers = worker_count(len(files)) if workers is None else max(1, workers)
        if workers > 1:
            report = index_in_workers(index, generation, docs_dir, files, workers, progress)
        else:
            report = _index_here(index, docs_dir, files, progress)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    previous = switch_to(index_dir, generation)
    prune_generations(index_dir, keep={generation, previous})
    report.pages = len(report.updated)
    report.seconds = time.monotonic() - started
    report.processes = workers
    report.cpu_seconds = _cpu_seconds() - cpu_before
    report.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log.info(
        "indexed %d pages (%d sections) from %s into %s in %.1f s (%d processes)",
        report.pages,
        report.sections,
        docs_dir,
        index_dir,
        report.seconds,
        workers,
    )
    return report


def _cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _index_here(
    index: Any, docs_dir: Path, files: list[Path], progress: Progress | None
) -> IndexReport:
    """Index `files` in this process, as one segment."""
    report = IndexReport(rebuilt=True)
    writer = BuildWriter(index, codec=writer_codec(), limitmb=_WRITER_MEMORY_MB)
    vocabulary: Counter[str] = Counter()
    try:
        for path in files:
            relative = add_page_documents(writer, docs_dir, path, report, vocabulary)
            if relative is not None and progress is not None:
                progress(len(report.updated), relative)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    folder = Path(index.storage.folder)
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():  # one: the build is optimised
            write_side_file(folder, leaf.segment().segment_id(), vocabulary)
        write_postings_side_files(folder, reader)
    return report


def add_page_documents(
    writer: Any, docs_dir: Path, path: Path, report: IndexReport, vocabulary: Counter[str]
) -> str | None:
    """Read, parse and add one page's documents with `writer`, and its words to the segment's
    `vocabulary`; its docs-relative path, or None (the reason in the report's problems) when
    it cannot be indexed."""
    relative = relative_posix(docs_dir, path)
    source = _read(path, relative, report)
    prepared = None if source is None else _prepare(relative, source, report)
    if prepared is None:
        return None
    documents = prepared[1]
    _add_documents(writer, documents)
    if documents:
        add_counts(vocabulary, documents[0][VOCABULARY])
    report.sections += len(prepared[1])
    report.updated.append(relative)
    return relative


def _read(file: Path, relative: str, report: IndexReport) -> str | None:
    """The file's text; None (the reason added to the report's problems) if it cannot be read."""
    try:
        return read_text(file, relative)
    except ContentError as error:
        problem = error
    except OSError as error:
        problem = PageNotIndexed(relative, f"cannot be read: {error.strerror or error}")
    log.warning("not indexed: %s", problem)
    report.problems.append(problem)
    return None


def _prepare(
    relative: str, source: str, report: IndexReport, parsed: Page | None = None
) -> tuple[Page, list[dict[str, Any]]] | None:
    """The page (`parsed`, when given, is `source` already parsed) and its documents; None
    (the reason added to the report's problems and logged) when the page cannot be parsed or
    indexed.

    A page of someone else's handbook can hold anything: whatever goes wrong with one page is
    reported against that page, and the rest of the docs are indexed.
    """
    try:
        page = parsed if parsed is not None else parse_page(relative, source)
        return page, page_documents(page, source)
    except ContentError as error:
        problem = error
    except Exception as error:
        log.debug("indexing %s failed", relative, exc_info=True)
        problem = PageNotIndexed(relative, f"{type(error).__name__}: {error}")
    log.warning("not indexed: %s", problem)
    report.problems.append(problem)
    return None


def write_postings_side_files(generation: Path, reader: Any) -> None:
    """The postings of `reader`'s segments' longer lists, sections' and names', in array form,
    for searchers to load instead of decoding."""
    fields = [field(language) for field in (field_name, name_field) for language in LANGUAGES]
    try:
        write_side_files(generation, reader, fields)
    except Exception as error:  # optional: searchers decode the postings without them
        log.warning("could not write the postings side files in %s: %s", generation, error)


def _add_documents(writer: object, documents: list[dict[str, Any]]) -> None:
    for document in documents:
        writer.add_document(**document)  # type: ignore[attr-defined]


def _on_disk(docs_dir: Path) -> set[str]:
    return {relative_posix(docs_dir, path) for path in iter_markdown_files(docs_dir)}


def _live_paths(searcher: object) -> Iterable[str]:
    """Paths in the `path` lexicon that still have a live (undeleted) document."""
    for term in searcher.lexicon("path"):  # type: ignore[attr-defined]
        path = term.decode("utf-8")
        if searcher.document_number(path=path) is not None:  # type: ignore[attr-defined]
            yield path


def _indexed_hashes(searcher: object, paths: set[str] | None) -> dict[str, str]:
    """Content hash per indexed page (only `paths`, when given)."""
    candidates = _live_paths(searcher) if paths is None else paths
    hashes = {}
    for path in candidates:
        stored = searcher.document(path=path)  # type: ignore[attr-defined]
        if stored is not None:
            hashes[path] = stored["hash"]
    return hashes


def _cancel(writer: object) -> None:
    try:
        writer.cancel()  # type: ignore[attr-defined]
    except Exception as error:  # the writer may be half-made; its lock goes with it
        log.debug("cancelling the index writer failed: %s", error)


def _apply_changes(
    writer: object, docs_dir: Path, paths: set[str], indexed: dict[str, str],
    parsed: dict[str, Page],
) -> IndexReport:
    """Delete and add the changed pages with `writer`; commit, or cancel if nothing changed.
    A page in `parsed` whose text is the file's is not parsed again."""
    report = IndexReport()
    changed: list[tuple[Page, list[dict[str, Any]]]] = []
    for path in sorted(paths):
        file = docs_dir / path
        if not file.is_file():
            if path in indexed:
                report.deleted.append(path)
            continue
        source = _read(file, path, report)
        if source is None:
            continue  # an unreadable page keeps its indexed version
        source_hash = content_hash(source)
        if indexed.get(path) == source_hash:
            continue
        known = parsed.get(path)
        prepared = _prepare(path, source, report,
                            known if known is not None and known.content_hash == source_hash
                            else None)
        if prepared is not None:
            changed.append(prepared)
    if not changed and not report.deleted:
        _cancel(writer)
        return report
    searcher = writer.searcher()  # type: ignore[attr-defined]
    for path in report.deleted:
        writer.delete_by_term("path", path, searcher=searcher)  # type: ignore[attr-defined]
    for page, documents in changed:
        writer.delete_by_term("path", page.path, searcher=searcher)  # type: ignore[attr-defined]
        _add_documents(writer, documents)
        report.sections += len(documents)
        report.updated.append(page.path)
    segments = len(writer.segments)  # type: ignore[attr-defined]
    writer.commit(mergetype=MERGE_SMALL if segments >= MAX_SEGMENTS else NO_MERGE)  # type: ignore[attr-defined]
    report.pages = len(changed)
    log.info("index updated: %d changed, %d deleted", len(changed), len(report.deleted))
    return report
