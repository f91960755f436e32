from __future__ import annotations

from pathlib import Path

import pytest

# Fixtures shared as plugins: the portal's (a built site, a migrated database, an app, people
# of every role, the capture tests' docs repository…) and the real servers some tests talk to
# (an OpenID Connect provider, an SMTP server).
pytest_plugins = ["tests.portal.fixtures", "tests.servers.fixtures"]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder
