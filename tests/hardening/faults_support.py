"""Shared by the fault tests: a knowledge base on a real disk that can fill up, real
processes that are killed with SIGKILL, and the portal's fixtures (see tests/portal/fixtures.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal import app_state
from portal.i18n.stored import shown
from portal.models.capture import Submission
from tests.helpers import REPO

VENV_BIN = Path(sys.executable).parent


def state_of(app: Flask, ident: int) -> tuple[str, str | None, str | None]:
    """(state, error as an English reader sees it, commit) of a submission, read on a fresh
    connection."""
    with app_state.database(app).session() as session:
        row = session.get(Submission, ident)
        assert row is not None, f"submission {ident} is gone"
        with app.test_request_context():
            return row.state, shown(row.error) if row.error else None, row.commit


def run_python(script: str, *, env: dict[str, str] | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run a Python snippet in a fresh process from the repository root."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=REPO, capture_output=True,
        text=True, env={**os.environ, **(env or {})}, check=False, timeout=timeout,
    )


def deskbook_env(settings: dict[str, Any]) -> dict[str, str]:
    """The DESKBOOK_* variables that point the command line at the test installation."""
    env = {"DESKBOOK_INSTANCE_PATH": str(settings["INSTANCE_PATH"]),
           "DESKBOOK_DATABASE_URL": str(settings["DATABASE_URL"]),
           "DESKBOOK_SECRET_KEY": str(settings["SECRET_KEY"])}
    for key in ("DOCS_DIR", "INDEX_DIR", "SITE_DIR"):
        if settings.get(key):
            env[f"DESKBOOK_{key}"] = str(settings[key])
    return env


def deskbook(settings: dict[str, Any], *args: str) -> subprocess.CompletedProcess[str]:
    """The real `deskbook` command, in its own process."""
    return subprocess.run(
        [str(VENV_BIN / "deskbook"), *args], cwd=REPO, capture_output=True, text=True,
        env={**os.environ, **deskbook_env(settings)}, check=False, timeout=300,
    )


def settings_json(settings: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in settings.items() if isinstance(v, str | int | float)})


# --- a disk that fills up -------------------------------------------------------------------


class SmallDisk:
    """A tiny real filesystem: tmpfs, else a loop-mounted ext2 image."""

    def __init__(self, mount: Path, kind: str) -> None:
        self.mount = mount
        self.kind = kind
        self._fillers: list[Path] = []

    def fill(self, leave: int = 0) -> None:
        """Write a filler file until the disk is full (or only `leave` bytes are free)."""
        filler = self.mount / f".filler-{len(self._fillers)}"
        self._fillers.append(filler)
        chunk = b"\xff" * 4096
        descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            while shutil.disk_usage(self.mount).free > leave + len(chunk):
                os.write(descriptor, chunk)
            if leave == 0:
                while True:
                    os.write(descriptor, b"\xff")
        except OSError:
            pass  # the disk is full
        finally:
            os.close(descriptor)
        assert shutil.disk_usage(self.mount).free <= leave + 4096

    def free_up(self) -> None:
        for filler in self._fillers:
            filler.unlink(missing_ok=True)
        self._fillers.clear()


def _mount(args: list[str]) -> bool:
    try:
        done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


@contextmanager
def small_disk(folder: Path, megabytes: int = 8) -> Iterator[SmallDisk]:
    """Mount a `megabytes` filesystem at `folder`; skip the test only when neither works."""
    folder.mkdir(parents=True, exist_ok=True)
    kind = None
    if _mount(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", f"deskbook-{uuid.uuid4().hex[:8]}",
                str(folder)]):
        kind = "tmpfs"
    else:
        image = folder.parent / f"{folder.name}.img"
        if (
            _mount(["truncate", "-s", f"{megabytes}M", str(image)])
            and _mount(["mkfs.ext2", "-q", "-F", str(image)])
            and _mount(["mount", "-o", "loop", str(image), str(folder)])
        ):
            kind = "ext2"
    if kind is None:
        pytest.skip("cannot mount a small real filesystem here (tmpfs and loop-mounted ext2 "
                    "both refused); the disk-full faults need one")
    try:
        yield SmallDisk(folder, kind)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


# --- a read-only folder ---------------------------------------------------------------------


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` mounted read-only over itself (file permissions do not stop root, who runs the
    tests in CI); skip the test only when bind mounts are refused."""
    if not _mount(["mount", "--bind", str(folder), str(folder)]):
        pytest.skip("cannot bind-mount here; the read-only faults need one")
    try:
        if not _mount(["mount", "-o", "remount,bind,ro", str(folder)]):
            pytest.skip("cannot remount a bind mount read-only here")
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)
