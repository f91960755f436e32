"""Long-running workers hand freed memory back (portal.server.memory, used by `deskbook serve`)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from portal.db import make_engine
from portal.server import memory
from tests.helpers import REPO

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or memory._glibc() is None, reason="glibc only"
)

_RESIDENT_KB = textwrap.dedent(
    """
    import os

    def resident_kb():
        status = open(f"/proc/{os.getpid()}/status").read()
        return int(status.split("VmRSS:")[1].split()[0])
    """
)


def _run_python(script: str, *args: str) -> str:
    """Run `script` in a fresh interpreter (its own heap), with resident_kb() defined."""
    run = subprocess.run(
        [sys.executable, "-c", _RESIDENT_KB + script, *args],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    return run.stdout


_CHURN = textwrap.dedent(
    """
    import threading
    from portal.server import memory

    kept = []
    def request_like_work():  # what a request thread does: allocate a lot, keep a little
        junk = [bytearray(3000) for _ in range(10000)]
        kept.extend(junk[::1000])

    threads = [threading.Thread(target=request_like_work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    before = resident_kb()
    {action}
    print(before, resident_kb())
    """
)


def _resident_before_and_after(action: str) -> tuple[int, int]:
    before, after = map(int, _run_python(_CHURN.replace("{action}", action)).split())
    return before, after


def test_trimming_returns_the_memory_request_threads_freed() -> None:
    before, after = _resident_before_and_after("memory.trim()")
    assert before - after > 40_000  # of ≈ 120 MB allocated and freed, a third or more goes back


def test_without_trimming_the_freed_memory_stays_resident() -> None:
    before, after = _resident_before_and_after("pass")
    assert before - after < 20_000


def test_the_background_trimmer_trims_until_stopped() -> None:
    # What the trimmer gave back, against what one more trim by hand still finds: how much
    # freed memory stays resident depends on how the threads were scheduled on a busy machine.
    output = _run_python(_CHURN.replace("{action}", (
        "import time; stop = memory.start_trimming(every=0.05); time.sleep(0.5); stop.set(); "
        "by_trimmer = resident_kb(); memory.trim(); print(by_trimmer)"
    )))
    by_trimmer, before, after_one_more = map(int, output.split())
    assert before - by_trimmer > 15_000
    assert by_trimmer - after_one_more < 0.2 * (before - by_trimmer)


def test_workers_can_limit_their_malloc_arenas() -> None:
    assert memory.limit_arenas(2)


_SCAN = textwrap.dedent(
    """
    import sys, threading
    from portal.db import make_engine

    engine = make_engine(f"sqlite:///{sys.argv[1]}")
    connections = [engine.connect() for _ in range(4)]  # a worker's request threads
    for connection in connections:
        connection.exec_driver_sql("SELECT 1").scalar()
    before = resident_kb()

    def scan(connection):
        for _ in range(2):
            connection.exec_driver_sql("SELECT sum(length(body)) FROM submissions").scalar()

    threads = [threading.Thread(target=scan, args=(c,)) for c in connections]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(resident_kb() - before)
    """
)


def test_database_connections_keep_small_page_caches_as_the_database_grows(
    tmp_path: Path,
) -> None:
    """Each pooled SQLite connection filled a 2 MB page cache of its own as the database
    grew: 8 MB more per worker over the soak. Reading a 24 MB database from four
    connections now adds about 2 MB."""
    database = tmp_path / "big.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE submissions (id INTEGER PRIMARY KEY, body TEXT)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) "
            "INSERT INTO submissions (body) SELECT hex(randomblob(1000)) FROM n"
        )
    engine.dispose()
    assert int(_run_python(_SCAN, str(database))) < 4_000


def test_frozen_startup_objects_leave_later_garbage_to_the_collector() -> None:
    script = textwrap.dedent(
        """
        import gc, weakref
        from portal.server import memory

        startup = [{"module": [n]} for n in range(20000)]  # what importing the app made
        memory.freeze_startup_objects()
        print(gc.get_freeze_count() >= 20000)

        class Reader:  # like Whoosh's readers: objects that refer to each other
            pass

        reader = Reader()
        reader.searcher = Reader()
        reader.searcher.reader = reader
        gone = weakref.ref(reader)
        del reader
        gc.collect()
        print(gone() is None)
        """
    )
    assert _run_python(script).split() == ["True", "True"]
