"""`make cli` puts a `deskbook` wrapper on the PATH that runs this checkout's command."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_cli_installs_a_wrapper_that_runs_deskbook(tmp_path: Path) -> None:
    made = subprocess.run(["make", "-s", "cli", f"PREFIX={tmp_path}"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    wrapper = tmp_path / "bin" / "deskbook"
    assert os.access(wrapper, os.X_OK)
    assert "is not on your PATH" in made.stdout  # says what else to do
    environment = {**os.environ, "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}
    ran = subprocess.run(["deskbook", "users", "--help"], cwd=tmp_path, env=environment,
                         capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert "reset-password" in ran.stdout
