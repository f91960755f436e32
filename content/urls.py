"""Where a docs file ends up in the built site (mkdocs directory URLs + i18n suffixes)."""

from __future__ import annotations

from pathlib import PurePosixPath

from content.model import DEFAULT_LANGUAGE, LANGUAGES


def language_of_path(path: str) -> str | None:
    """`policies/remote-work.ar.md` → `ar`; None when the name carries no language suffix."""
    parts = PurePosixPath(path).name.split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES:
        return parts[-2]
    return None


def source_path(path: str) -> str:
    """The path of the page a translation belongs to: `a/b.ar.md` → `a/b.md`."""
    lang = language_of_path(path)
    if lang is None:
        return path
    pure = PurePosixPath(path)
    return str(pure.with_name(pure.name[: -len(f".{lang}.md")] + ".md"))


def page_url(path: str) -> str:
    """Site-relative URL, e.g. `ar/policies/remote-work/`; the home page is `` (the root)."""
    lang = language_of_path(path)
    pure = PurePosixPath(source_path(path))
    stem = pure.with_suffix("")
    parts = list(stem.parts)
    if parts and parts[-1].lower() in ("index", "readme"):
        parts.pop()
    url = "/".join(parts) + "/" if parts else ""
    if lang and lang != DEFAULT_LANGUAGE:
        url = f"{lang}/{url}"
    return url


def deep_link(path: str, anchor: str) -> str:
    url = page_url(path)
    return f"{url}#{anchor}" if anchor else url
