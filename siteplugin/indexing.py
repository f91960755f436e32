"""The search index of the docs a site build read: built once per `mkdocs build`."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from content.settings import load_settings
from search.index import build_index

log = logging.getLogger("deskbook.search")


def index_dir_for(config: MkDocsConfig, configured: str | None) -> Path:
    """The plugin's `index_dir` when set, else the INDEX_DIR setting of the project whose
    mkdocs.yml this is: its instance/deskbook.toml, $DESKBOOK_INDEX_DIR, or `instance/index`
    beside mkdocs.yml."""
    if configured:
        return Path(configured)
    root = Path(str(config.config_file_path)).resolve().parent
    return Path(load_settings({"ROOT": root})["INDEX_DIR"])


def index_built_docs(docs_dir: Path, index_dir: Path) -> None:
    report = build_index(docs_dir, index_dir)
    for problem in report.problems:
        log.warning("search index skipped %s", problem)
    log.info("search index: %d pages, %d sections in %s", report.pages, report.sections, index_dir)
