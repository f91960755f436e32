"""A full index build spread over worker processes: each parses, analyses and writes a segment.

Parsing Markdown, analysing every word and writing Whoosh's postings are all Python work, so
one process uses one core. A large build instead splits the pages into one contiguous share
per worker (balanced by bytes); each worker indexes its share into a segment of the new
generation with its own Whoosh writer (no lock: the build holds the index's writer lock, and
the generation is new), and the parent lists the segments in one commit. The index then has
one segment per worker instead of one, which searches read as one index.

A worker is a fresh interpreter running this module (`python -m search.parallel JOB`), not a
multiprocessing child: a forked copy of a threaded server can deadlock, and `spawn` would
import the caller's main script again. The job (a JSON file) names the pages; the worker
prints each page it indexed (the progress) and leaves its report beside the job. A worker
costs an interpreter start and the imports, so small knowledge bases are built in the calling
process. Each worker's postings pool is bounded (WORKER_MEMORY_MB), and the report gives the
largest worker's peak memory.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from content.errors import ContentError
from search.errors import IndexBuildFailed
from search.model import IndexReport
from search.storage import open_index, writer_codec
from search.vocabulary import write_side_file

PARALLEL_MIN_PAGES = 400  # below this, starting workers costs more than it saves
PAGES_PER_WORKER = 200  # … and no more workers than one per this many pages
MAX_WORKERS = 4
WORKER_MEMORY_MB = 256  # each worker's postings pool (Whoosh sorts to disk past it)
_DONE = None


@dataclass
class ShareReport:
    """What one worker indexed: its segment (None when every page of its share failed)."""

    segment: Any = None
    updated: list[str] = field(default_factory=list)
    sections: int = 0
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # path, line, message
    peak_mb: float = 0.0


def worker_count(pages: int) -> int:
    """How many workers a build of `pages` pages uses (1: build in this process)."""
    if pages < PARALLEL_MIN_PAGES:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS, pages // PAGES_PER_WORKER))


def shares(files: list[Path], workers: int) -> list[list[Path]]:
    """`files` cut into `workers` contiguous runs of about the same number of bytes."""
    sizes = [_size(path) for path in files]
    target = sum(sizes) / workers
    runs: list[list[Path]] = [[]]
    filled = 0.0
    for path, size in zip(files, sizes, strict=True):
        if filled >= target * len(runs) and len(runs) < workers:
            runs.append([])
        runs[-1].append(path)
        filled += size
    return [run for run in runs if run]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _index_share(generation: Path, docs_dir: Path, files: list[str]) -> ShareReport:
    """In a worker: index `files` into a new segment of the index at `generation`, printing
    each page indexed."""
    from whoosh.reading import SegmentReader

    from search.buildwriter import BuildWriter

    # The one place pages become documents, and the postings side files of a full build.
    from search.index import add_page_documents, write_postings_side_files

    index = open_index(generation)
    writer = BuildWriter(index, _lk=False, codec=writer_codec(), limitmb=WORKER_MEMORY_MB)
    share = ShareReport()
    report = IndexReport()
    vocabulary: Counter[str] = Counter()
    try:
        for name in files:
            relative = add_page_documents(writer, docs_dir, Path(name), report, vocabulary)
            if relative is not None:
                print(relative, flush=True)
        if report.updated:
            share.segment = writer._finalize_segment()
            write_side_file(generation, share.segment.segment_id(), vocabulary)
            with SegmentReader(index.storage, index.schema, share.segment) as reader:
                write_postings_side_files(generation, reader)
    finally:
        # Only this worker's sorted runs: the temporary folder is shared with the other
        # workers, and the parent's commit removes it.
        writer.pool.cleanup()
    share.updated, share.sections = report.updated, report.sections
    # As plain values: an exception with its own constructor arguments does not unpickle.
    share.problems = [(p.path, p.line, p.message) for p in report.problems]
    share.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return share


def index_in_workers(
    index: Any,
    generation: Path,
    docs_dir: Path,
    files: list[Path],
    workers: int,
    progress: Callable[[int, str], None] | None,
) -> IndexReport:
    """Index `files` with `workers` processes into `index` (a new, empty generation) and
    commit their segments."""
    with tempfile.TemporaryDirectory(prefix="deskbook-index-") as scratch:
        jobs = []
        for number, run in enumerate(shares(files, workers)):
            job = Path(scratch) / f"job-{number}.json"
            job.write_text(
                json.dumps(
                    {
                        "generation": str(generation),
                        "docs": str(docs_dir),
                        "files": list(map(str, run)),
                    }
                ),
                encoding="utf-8",
            )
            jobs.append(job)
        results = _run_workers(jobs, progress)
    report = IndexReport(rebuilt=True)
    segments = []
    for share in results:
        report.updated += share.updated
        report.sections += share.sections
        report.problems += [ContentError(*problem) for problem in share.problems]
        report.worker_peak_mb = max(report.worker_peak_mb, share.peak_mb)
        if share.segment is not None:
            segments.append(share.segment)
    writer = index.writer(codec=writer_codec())
    writer.commit(mergetype=lambda _writer, existing: [*existing, *segments])
    return report


def _run_workers(
    jobs: list[Path], progress: Callable[[int, str], None] | None
) -> list[ShareReport]:
    package_root = str(Path(__file__).resolve().parent.parent)
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(
        [package_root, *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    counter = _Counter(progress)
    processes = []
    try:
        for job in jobs:
            with job.with_suffix(".log").open("w", encoding="utf-8") as log:
                processes.append(
                    subprocess.Popen(
                        # -O: without Whoosh's type assertions on every posting it writes.
                        [sys.executable, "-O", "-m", "search.parallel", str(job)],
                        stdout=subprocess.PIPE,
                        stderr=log,  # a file: a worker's warnings never fill a pipe
                        text=True,
                        env=environment,
                    )
                )
        readers = [
            threading.Thread(target=counter.follow, args=(process.stdout,), daemon=True)
            for process in processes
        ]
        for reader in readers:
            reader.start()
        failures = []
        for job, process, reader in zip(jobs, processes, readers, strict=True):
            process.wait()
            reader.join()
            if process.returncode != 0:
                errors = job.with_suffix(".log").read_text(encoding="utf-8").strip()
                failures.append(f"{job.name}: exit {process.returncode}: {errors[-2000:]}")
        if failures:
            raise IndexBuildFailed("an index worker failed: " + "; ".join(failures))
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
    results = []
    for job in jobs:
        with job.with_suffix(".result").open("rb") as stored:
            results.append(pickle.load(stored))  # written by our own worker just now
    return results


class _Counter:
    """Pages indexed so far by every worker, passed on to the progress callback."""

    def __init__(self, progress: Callable[[int, str], None] | None) -> None:
        self.progress = progress
        self.done = 0
        self.lock = threading.Lock()

    def follow(self, lines: IO[str]) -> None:
        for line in lines:
            with self.lock:
                self.done += 1
                if self.progress is not None:
                    self.progress(self.done, line.rstrip("\n"))


def main(job_file: str) -> None:
    """A worker: index the pages a job file names (see the module docstring)."""
    job = json.loads(Path(job_file).read_text(encoding="utf-8"))
    share = _index_share(Path(job["generation"]), Path(job["docs"]), job["files"])
    result = Path(job_file).with_suffix(".result")
    with result.open("wb") as out:
        pickle.dump(share, out, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    # Through the module's own name, so the report pickles as search.parallel.ShareReport.
    from search.parallel import main as worker

    worker(sys.argv[1])
