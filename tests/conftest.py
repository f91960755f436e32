from __future__ import annotations

from pathlib import Path

import pytest

# The real servers some tests talk to (an OpenID Connect provider, an SMTP server).
pytest_plugins = ["tests.servers.fixtures"]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder
