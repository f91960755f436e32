from __future__ import annotations

from pathlib import Path

import pytest

# The portal's fixtures (a built site, a migrated database, an app, people of every role, the
# capture tests' docs repository…) are shared with every folder that needs them as a plugin.
pytest_plugins = ["tests.portal.fixtures"]


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder
