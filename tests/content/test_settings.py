"""One settings table read the same way by the portal, every `deskbook` command and mkdocs:
defaults → instance/deskbook.toml → DESKBOOK_* → the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config as load_mkdocs_config

from content.settings import load_settings
from portal import create_app
from siteplugin.indexing import index_dir_for
from tests.helpers import deskbook, write_page


@pytest.fixture(autouse=True)
def no_deskbook_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test says which DESKBOOK_* variables it has."""
    import os

    for name in [n for n in os.environ if n.startswith("DESKBOOK_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project folder whose instance/deskbook.toml puts the docs and index elsewhere."""
    project = tmp_path / "project"
    (project / "instance").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    (project / "instance" / "deskbook.toml").write_text(
        f'DOCS_DIR = "{elsewhere / "docs"}"\nINDEX_DIR = "{elsewhere / "index"}"\n'
        "SESSION_HOURS = 3\n",
        encoding="utf-8",
    )
    return project


def test_each_source_overrides_the_one_before(root: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBOOK_ROOT", str(root))
    settings = load_settings()
    assert settings["ROOT"] == root.resolve()
    assert settings["DOCS_DIR"] == tmp_path / "elsewhere" / "docs"  # the file
    assert settings["SITE_DIR"] == root.resolve() / "site"  # a default, inside ROOT
    assert settings["MKDOCS_CONFIG"] == root.resolve() / "mkdocs.yml"
    assert settings["SESSION_HOURS"] == 3

    monkeypatch.setenv("DESKBOOK_SESSION_HOURS", "5")
    monkeypatch.setenv("DESKBOOK_DOCS_DIR", "relative/docs")
    monkeypatch.chdir(tmp_path)
    settings = load_settings({"INDEX_DIR": "/srv/index", "SITE_DIR": None})
    assert settings["SESSION_HOURS"] == 5  # the environment, typed
    assert settings["DOCS_DIR"] == tmp_path / "relative/docs"  # from the current folder
    assert settings["INDEX_DIR"] == Path("/srv/index")  # the caller's
    assert settings["SITE_DIR"] == root.resolve() / "site"  # None overrides nothing


def test_the_file_cannot_move_the_folders_that_find_it(root: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with (root / "instance" / "deskbook.toml").open("a", encoding="utf-8") as toml:
        toml.write('ROOT = "/nowhere"\nINSTANCE_PATH = "/nowhere/instance"\n')
    monkeypatch.setenv("DESKBOOK_ROOT", str(root))
    settings = load_settings()
    assert settings["ROOT"] == root.resolve()
    assert settings["INSTANCE_PATH"] == root.resolve() / "instance"


def test_the_app_reads_the_same_settings(root: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKBOOK_ROOT", str(root))
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path / 'db'}"})
    assert app.config["DOCS_DIR"] == tmp_path / "elsewhere" / "docs"
    assert app.instance_path == str(root.resolve() / "instance")
    assert app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 3 * 3600


def test_check_reads_the_docs_the_instance_file_names(root: Path, tmp_path: Path) -> None:
    docs = tmp_path / "elsewhere" / "docs"
    write_page(docs, "index.md", "# Home\n\n[gone](gone.md)\n")
    result = deskbook("check", env={"DESKBOOK_ROOT": str(root)})
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0].endswith("elsewhere/docs/index.md:3: link to missing "
                                                  "page 'gone.md'")
    assert "1 problem(s) found" in result.stderr


def test_index_and_search_use_the_index_the_instance_file_names(root: Path, tmp_path: Path) -> None:
    docs = tmp_path / "elsewhere" / "docs"
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\nThirty days.\n")
    env = {"DESKBOOK_ROOT": str(root)}
    indexed = deskbook("index", env=env)
    assert indexed.exit_code == 0, indexed.output
    assert (tmp_path / "elsewhere" / "index").exists()
    found = deskbook("search", "--json", "thirty", "days", env=env)
    assert found.exit_code == 0, found.output
    assert '"path": "policies/refunds.md"' in found.stdout
    assert not (root / "instance" / "index").exists()


def test_a_plain_mkdocs_build_indexes_where_the_settings_say(root: Path, tmp_path: Path) -> None:
    (root / "mkdocs.yml").write_text("site_name: Elsewhere\n", "utf-8")
    (tmp_path / "elsewhere" / "docs").mkdir(parents=True)
    config = load_mkdocs_config(str(root / "mkdocs.yml"),
                                docs_dir=str(tmp_path / "elsewhere" / "docs"))
    assert index_dir_for(config, None) == tmp_path / "elsewhere" / "index"


def test_command_errors_say_what_to_do_and_exit_1(tmp_path: Path) -> None:
    empty = deskbook("search", "--index", str(tmp_path / "none"))
    assert empty.exit_code == 1
    assert "error: nothing to search for" in empty.stderr and "hint: pass a few words" in empty.stderr
    missing = deskbook("search", "--index", str(tmp_path / "none"), "refund")
    assert missing.exit_code == 1 and "hint: run `deskbook index`" in missing.stderr
    bad = deskbook("search", "--type", "memo", "refund")
    assert bad.exit_code == 2 and "'memo' is not one of" in bad.stderr
