"""The shared file-system primitives: locks across processes, atomic files, generations."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from content.fs import (
    LockBusy,
    atomic_output,
    atomic_write,
    file_lock,
    new_generation,
    prune,
    remove_stale_temporaries,
    swap_symlink,
)


def _hold_lock_in_another_process(lock: Path) -> subprocess.Popen[str]:
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from content.fs import file_lock
        with file_lock(Path({str(lock)!r})):
            print("held", flush=True)
            sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_lock_held_by_another_process_is_busy_after_the_timeout(tmp_path: Path) -> None:
    lock = tmp_path / "locks" / "docs.lock"
    holder = _hold_lock_in_another_process(lock)
    try:
        with pytest.raises(LockBusy), file_lock(lock, timeout=0.1):
            pass
        with pytest.raises(ValueError, match="busy"), file_lock(
            lock, timeout=0, busy=lambda: ValueError("busy")
        ):
            pass
    finally:
        holder.communicate("")
    with file_lock(lock, timeout=0):  # released with the process
        pass


def test_an_error_inside_the_lock_is_not_taken_for_a_busy_lock(tmp_path: Path) -> None:
    inner = tmp_path / "inner.lock"
    with pytest.raises(LockBusy), file_lock(tmp_path / "outer.lock", timeout=1,
                                            busy=lambda: ValueError("outer busy")):
        raise LockBusy(f"{inner} is locked")


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    atomic_write(page, "old\n")
    with pytest.raises(OSError, match="No space"), atomic_output(page) as stream:
        stream.write(b"new, half")
        raise OSError(28, "No space left on device")
    assert page.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_a_killed_write_leaves_a_temporary_that_is_removed_later(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    leftover = tmp_path / "faq" / ".orders.md.abc123.tmp"
    leftover.write_text("half", encoding="utf-8")
    assert remove_stale_temporaries(tmp_path) == [leftover]
    assert not leftover.exists()


def test_generations_switch_atomically_and_old_ones_are_pruned(tmp_path: Path) -> None:
    link, generations = tmp_path / "site", tmp_path / ".site-builds"
    link.mkdir()  # a plain folder from before: parked, then pruned
    first = new_generation(generations, "build-")
    assert swap_symlink(link, first, generations=generations) is None
    second = new_generation(generations, "build-")
    assert swap_symlink(link, second, generations=generations) == first.resolve()
    third = new_generation(generations, "build-")
    previous = swap_symlink(link, third, generations=generations)
    prune(generations, keep={third, previous})
    assert link.resolve() == third.resolve()
    assert sorted(p.name for p in generations.iterdir()) == sorted([second.name, third.name])
