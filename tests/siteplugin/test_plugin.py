"""The `deskbook` mkdocs plugin, as a team uses it: a plain `mkdocs build` of a project whose
mkdocs.yml is ours builds the site our way and indexes the same docs where the settings say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from siteplugin.plugin import DeskbookPlugin
from tests.helpers import REPO, deskbook, write_page


def _project(tmp_path: Path, plugin_options: str = "") -> Path:
    """A project folder with our mkdocs.yml and theme overrides, its docs, and an
    instance/deskbook.toml that puts the index elsewhere."""
    project = tmp_path / "project"
    (project / "instance").mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - deskbook\n",
                                                       f"  - deskbook{plugin_options}\n"), "utf-8")
    (project / "overrides").symlink_to(REPO / "overrides")
    (project / "instance" / "deskbook.toml").write_text(
        f'INDEX_DIR = "{tmp_path / "elsewhere" / "index"}"\n', "utf-8")
    docs = project / "docs"
    write_page(docs, "index.md", "# Home\n\nStart with [refunds](policies/refunds.md).\n")
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\nThirty days to return.\n",
               title="Refunds </title><script>alert(1)</script>")
    write_page(docs, "policies/secret-plan.md", "# Secret plan\n\nNot yet decided.\n",
               draft=True)
    write_page(docs, "howtos/returns.md", "# Process a return\n\nOpen the order.\n")
    return project


def _mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DESKBOOK_")}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        cwd=project, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )


@pytest.mark.slow
def test_a_plain_mkdocs_build_shapes_the_site_and_indexes_where_the_settings_say(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path)

    built = _mkdocs_build(project)

    assert built.returncode == 0, built.stderr
    site = project / "site"
    refunds = (site / "policies" / "refunds" / "index.html").read_text("utf-8")
    assert "<script>alert(1)" not in refunds and "&lt;script&gt;alert(1)" in refunds
    assert not (site / "policies" / "secret-plan").exists()  # a draft is not published
    home = (site / "index.html").read_text("utf-8")
    assert home.index("Policies") < home.index("How-tos")  # our order and titles, not "Howtos"
    assert (site / "ar" / "policies" / "refunds" / "index.html").exists()  # i18n still runs
    assert not (project / "instance" / "index").exists()
    found = deskbook("search", "--json", "--index", str(tmp_path / "elsewhere" / "index"),
                     "thirty", "days")
    assert found.exit_code == 0, found.output
    assert '"path": "policies/refunds.md"' in found.stdout


@pytest.mark.slow
def test_the_plugin_options_in_mkdocs_yml_are_honoured(tmp_path: Path) -> None:
    project = _project(tmp_path, ":\n      index_dir: local-index")
    built = _mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert (project / "local-index").is_dir()  # relative to mkdocs.yml
    assert not (tmp_path / "elsewhere" / "index").exists()

    project = _project(tmp_path / "second", ":\n      skip_index: true")
    assert _mkdocs_build(project).returncode == 0
    assert not (tmp_path / "second" / "elsewhere" / "index").exists()
    assert (project / "site" / "index.html").exists()


def test_a_wrong_option_stops_mkdocs_with_a_message(tmp_path: Path) -> None:
    project = _project(tmp_path, ":\n      skip_index: sometimes")
    with pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    built = _mkdocs_build(project)
    assert built.returncode == 1
    assert "skip_index" in built.stderr and "Traceback" not in built.stderr


def test_our_mkdocs_yml_loads_the_plugin_from_its_entry_point() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    assert isinstance(config.plugins["deskbook"], DeskbookPlugin)
    assert list(config.plugins)[-1] == "deskbook"  # after i18n: its events run last at a tie


def test_mkdocs_loading_the_plugin_loads_neither_the_portal_nor_flask() -> None:
    script = ("from mkdocs.config import load_config; load_config('mkdocs.yml')\n"
              "import json, sys; print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, check=True)
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "siteplugin.plugin" in loaded
    assert [m for m in loaded if m.split(".")[0] in ("portal", "flask")] == []
