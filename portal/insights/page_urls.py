"""Map a URL of the built site back to the docs page it was built from."""

from __future__ import annotations

from pathlib import Path

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from content.urls import page_url


def _candidates(url: str) -> list[str]:
    segments = [s for s in url.split("/") if s]
    lang = ""
    if segments and segments[0] in LANGUAGES and segments[0] != DEFAULT_LANGUAGE:
        lang = segments.pop(0)
    suffix = f".{lang}.md" if lang else ".md"
    stem = "/".join(segments)
    if not stem:
        return [f"index{suffix}", f"README{suffix}"]
    return [f"{stem}{suffix}", f"{stem}/index{suffix}", f"{stem}/README{suffix}"]


def docs_path_for_url(docs: Path, url_path: str) -> str:
    """`ar/policies/refunds/` → `policies/refunds.ar.md`; the URL path ("/…") when no page
    of the docs folder is built there (a 404 page, a search page, a page since removed)."""
    url = url_path.lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    if url and not url.endswith("/"):
        url += "/"
    if ".." not in url and "\\" not in url:
        for candidate in _candidates(url):
            if page_url(candidate) == url and (docs / candidate).is_file():
                return candidate
    return "/" + url_path.lstrip("/")
