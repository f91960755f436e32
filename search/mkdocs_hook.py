"""mkdocs hook: index the same docs the site was built from, once per `mkdocs build`.

Listed under `hooks:` in mkdocs.yml. The index goes to `config["deskbook_index_dir"]`
(set by `deskbook build`), else to the INDEX_DIR setting (`content.settings`) of the project
whose mkdocs.yml this is: its instance/deskbook.toml, $DESKBOOK_INDEX_DIR, or `instance/index`
beside mkdocs.yml.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

from content.settings import load_settings
from search.index import build_index

log = logging.getLogger("deskbook.search")
INDEX_DIR_KEY = "deskbook_index_dir"
SKIP_INDEX_KEY = "deskbook_skip_index"  # set by callers that keep the index fresh themselves


def index_dir_for(config: Any) -> Path:
    configured = config.get(INDEX_DIR_KEY)
    if configured:
        return Path(configured)
    root = Path(config.config_file_path).resolve().parent
    return Path(load_settings({"ROOT": root})["INDEX_DIR"])


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages
def on_post_build(config: Any) -> None:
    if config.get(SKIP_INDEX_KEY):
        return
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-language build: the outer build indexes every language once
    docs_dir = Path(config.docs_dir)
    index_dir = index_dir_for(config)
    report = build_index(docs_dir, index_dir)
    for problem in report.problems:
        log.warning("search index skipped %s", problem)
    log.info("search index: %d pages, %d sections in %s", report.pages, report.sections, index_dir)
