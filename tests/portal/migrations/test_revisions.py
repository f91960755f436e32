"""Every migration's revision fits PostgreSQL's alembic_version column (32 characters): a
longer one upgrades SQLite and fails on PostgreSQL at the very end of the upgrade."""

from __future__ import annotations

import ast
from pathlib import Path

import portal

VERSIONS = Path(portal.__file__).parent / "migrations" / "versions"


def _revision(path: Path) -> str:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "revision" for t in node.targets
        ):
            assert isinstance(node.value, ast.Constant)
            return str(node.value.value)
    raise AssertionError(f"{path.name} names no revision")


def test_every_revision_fits_the_version_column() -> None:
    revisions = {path.name: _revision(path) for path in sorted(VERSIONS.glob("0*.py"))}
    assert revisions
    too_long = {name: rev for name, rev in revisions.items() if len(rev) > 32}
    assert not too_long
