"""Where a docs file ends up in the built site (mkdocs directory URLs + i18n suffixes)."""

from __future__ import annotations

from pathlib import PurePosixPath
from posixpath import normpath
from urllib.parse import quote, unquote, urlsplit

from content.schema import DEFAULT_LANGUAGE, language_of_path


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


def link_url(page: str, target: str) -> str | None:
    """Where a link written on docs page `page` leads in the built site, from the site root.

    As mkdocs writes it: on `policies/a.md`, `../howtos/b.md#step` → `/howtos/b/#step` and
    `../img/c.png` → `/img/c.png`; on a translation (`policies/a.ar.md`) page links stay in its
    language, `/ar/howtos/b/#step` (the site falls back to the English text where there is no
    translation). None for links that are not relative to the page: external (a scheme or a
    host), root-absolute, `#anchor`-only, or leaving the docs folder.
    """
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith(("/", "\\")):
        return None
    resolved = normpath(str(PurePosixPath(page).parent / unquote(parts.path)))
    if resolved == ".." or resolved.startswith("../"):
        return None
    if resolved.endswith(".md"):
        url = page_url(resolved)
        lang = language_of_path(page)
        if language_of_path(resolved) is None and lang and lang != DEFAULT_LANGUAGE:
            url = f"{lang}/{url}"
    else:
        url = "" if resolved == "." else resolved  # a file copied as it is (an image)
    url = "/" + quote(url, safe="/")
    if parts.query:
        url += f"?{parts.query}"
    if parts.fragment:
        url += f"#{parts.fragment}"
    return url
