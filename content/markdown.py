"""Markdown → safe HTML exactly as the built site renders it.

The site is python-markdown with mkdocs.yml's `markdown_extensions` (plus mkdocs' own `toc`,
`tables` and `fenced_code`), cleaned by `content.sanitize` in the site's plugin. The portal renders
previews, submissions and history through the same configuration, read from the same
mkdocs.yml by mkdocs' own option class, so an admonition or a definition list looks in a
preview as it will on the site.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.yaml import yaml_load

from content.sanitize import sanitize_html


class _MarkdownConfig(base.Config):  # type: ignore[no-untyped-call]
    """The part of mkdocs' config schema that says how Markdown is rendered."""

    markdown_extensions = c.MarkdownExtensions(
        builtins=["toc", "tables", "fenced_code"], configkey="mdx_configs"
    )
    mdx_configs = c.Private[dict[str, Any]]()


class SiteMarkdown:
    """The site's Markdown configuration; `render` is safe to call from several threads."""

    def __init__(self, extensions: list[str], configs: dict[str, Any]) -> None:
        self.extensions = extensions
        self.configs = configs
        self._local = threading.local()  # a Markdown instance keeps state while converting

    def render(self, text: str) -> str:
        converter: markdown.Markdown | None = getattr(self._local, "converter", None)
        if converter is None:
            converter = markdown.Markdown(
                extensions=self.extensions, extension_configs=self.configs
            )
            self._local.converter = converter
        return sanitize_html(converter.reset().convert(text))


def site_markdown(config_file: Path) -> SiteMarkdown:
    """The Markdown configuration of the site built with `config_file` (read again when the
    file changes)."""
    return _loaded(config_file.resolve(), config_file.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _loaded(config_file: Path, mtime_ns: int) -> SiteMarkdown:
    with config_file.open("rb") as handle:
        data = yaml_load(handle)
    config = _MarkdownConfig(config_file_path=str(config_file))
    config.load_dict({"markdown_extensions": data.get("markdown_extensions", [])})
    errors, _ = config.validate()
    if errors:
        raise ValueError(f"{config_file}: " + "; ".join(f"{k}: {e}" for k, e in errors))
    return SiteMarkdown(list(config["markdown_extensions"]), dict(config["mdx_configs"]))
