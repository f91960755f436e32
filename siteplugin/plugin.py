"""`DeskbookPlugin`: registered as the `deskbook` mkdocs plugin (pyproject's
`mkdocs.plugins` entry point) and listed last under `plugins:` in mkdocs.yml, so its events
run after mkdocs-static-i18n's at the same priority, as the site expects.

Each event is one short method handing its work to a plain function, so a subclass or
another plugin can add to an event without copying it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from siteplugin.escaping import escape_front_matter, remove_head_alternates, sanitise_page
from siteplugin.indexing import index_built_docs, index_dir_for
from siteplugin.layout import leave_out_unpublished, order_and_title_sections, refuse_bad_layout
from siteplugin.states import theme_globals, theme_state


class DeskbookConfig(base.Config):  # type: ignore[no-untyped-call]
    """The plugin's options in mkdocs.yml (both are usually left to the caller)."""

    index_dir = c.Optional(c.Dir(exists=False))
    """Where the search index of the built docs goes (relative to mkdocs.yml); unset: the
    INDEX_DIR setting of the project whose mkdocs.yml this is (`content.settings`)."""
    skip_index = c.Type(bool, default=False)
    """Build the site only: for callers that keep the index fresh themselves (the portal)."""


class DeskbookPlugin(BasePlugin[DeskbookConfig]):  # type: ignore[no-untyped-call]
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        refuse_bad_layout(Path(config.docs_dir))
        leave_out_unpublished(files)
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        order_and_title_sections(nav, str(config.theme.get("language") or ""))
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        env.globals.update(theme_globals())
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        escape_front_matter(page)
        page.meta["deskbook_state"] = theme_state(page, files, dt.datetime.now(dt.UTC).date())
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return sanitise_page(html, page)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return remove_head_alternates(output)

    @event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other languages
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.skip_index:
            return
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # a nested per-language build: the outer build indexes every language once
        index_built_docs(Path(config.docs_dir), index_dir_for(config, self.config.index_dir))
