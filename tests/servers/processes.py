"""Start a test server as a process of its own and stop it again."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import REPO


@dataclass
class Running:
    process: subprocess.Popen[str]
    address: str  # what the server printed after "listening on "
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(module: str, *args: str, log: Path, timeout: float = 20.0) -> Running:
    """Run `python -m module args…` and wait for its `listening on …` line."""
    log.parent.mkdir(parents=True, exist_ok=True)
    errors = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", module, *args], cwd=REPO, stdout=subprocess.PIPE,
        stderr=errors, text=True,
    )
    errors.close()
    assert process.stdout is not None
    first = process.stdout.readline()  # the server prints it once its socket is bound
    if not first.startswith("listening on "):
        process.kill()
        process.wait(timeout)
        raise RuntimeError(f"{module} did not start:\n{log.read_text(encoding='utf-8')}")
    return Running(process, first.removeprefix("listening on ").strip(), log)
