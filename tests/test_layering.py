"""Dependencies point one way: portal → siteplugin → search → content (and onboarding →
content). A module that imports against the arrow fails here, function-level imports too."""

from __future__ import annotations

import ast

import pytest

from tests.helpers import REPO

# each package and the project packages it may not import
FORBIDDEN = {
    "content": {"search", "siteplugin", "portal", "onboarding"},
    "onboarding": {"search", "siteplugin", "portal"},
    "search": {"siteplugin", "portal", "onboarding"},
    "siteplugin": {"portal", "onboarding"},
}


def _imported_packages(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_above_it(package: str) -> None:
    wrong = {
        str(path.relative_to(REPO)): sorted(_imported_packages(path.read_text("utf-8"))
                                            & FORBIDDEN[package])
        for path in (REPO / package).rglob("*.py")
    }
    assert {path: names for path, names in wrong.items() if names} == {}
