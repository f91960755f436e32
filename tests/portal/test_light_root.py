"""The portal's package root is light: a plain module loads neither Flask, the views nor
Whoosh (the factory imports them inside `create_app`)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.helpers import REPO

HEAVY = ("flask", "flask_login", "whoosh", "portal.views", "portal.errors")


def _loaded_after(statement: str) -> list[str]:
    """The modules a fresh Python holds after running `statement`."""
    script = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return list(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_importing_the_roles_loads_neither_flask_nor_the_views_nor_whoosh() -> None:
    loaded = _loaded_after("import portal.accounts.roles")
    assert _heavy(loaded) == []
    # portal.i18n: N_ marks the roles' labels for translation and imports nothing itself
    assert [m for m in loaded if m.startswith("portal")] == [
        "portal", "portal.accounts", "portal.accounts.roles", "portal.i18n"]
