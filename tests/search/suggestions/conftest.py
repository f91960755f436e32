from __future__ import annotations

from pathlib import Path

import pytest

from search import build_index
from tests.helpers import REPO


@pytest.fixture(scope="session")
def starter_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search index of the starter knowledge base (docs/), built once."""
    index = tmp_path_factory.mktemp("suggest") / "index"
    report = build_index(REPO / "docs", index)
    assert not report.problems, report.problems
    return index
