"""`make run`, the README's first command, serves the portal in every language it ships."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_compiles_every_catalogue_before_it_serves() -> None:
    # A fresh clone has no compiled catalogues (they are never committed): without this step the
    # Arabic and Indonesian portal would silently show English.
    planned = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True,
                             text=True, check=False)
    assert planned.returncode == 0, planned.stderr
    steps = planned.stdout.splitlines()
    serve = next(i for i, step in enumerate(steps) if "deskbook serve" in step)
    catalogues = sorted(ROOT.glob("portal/translations/*/LC_MESSAGES/messages.po"))
    assert catalogues
    for catalogue in catalogues:
        relative = str(catalogue.relative_to(ROOT))
        compiled = [i for i, step in enumerate(steps)
                    if "portal.i18n.catalogues" in step and relative in step]
        assert compiled and compiled[0] < serve, f"{relative} is not compiled before serving"
