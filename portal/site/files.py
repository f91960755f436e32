"""Find a file of the built site for a URL path, never anything outside it.

The served site is a symlink to the current build; it is resolved on every call so a rebuild
is picked up at once. Refused (→ 404): `..` and `.` segments (also once decoded: `%2e%2e%2f`),
backslashes (`..%5c`), empty segments and absolute paths, NUL and control characters, dotfiles
and dot-folders (`.git`), symlinks that lead out of the build, and folders without index.html.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from content import DocNotFound

CONTENT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".pdf": "application/pdf",
}


class SiteFileNotFound(DocNotFound):
    """No such file in the built site (or the path was refused)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.message = "no such page in the knowledge base"


class SiteNotBuilt(SiteFileNotFound):
    def __init__(self) -> None:
        super().__init__("")
        self.message = "the knowledge base has not been built yet: run `deskbook build`"


@dataclass(frozen=True)
class SiteFile:
    path: Path  # resolved, inside the build
    content_type: str
    is_html: bool


@dataclass(frozen=True)
class AddSlash:
    """The path names a folder: redirect to `location` (relative links need the slash)."""

    location: str


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def _segments(url_path: str) -> list[str]:
    if url_path == "":
        return []
    if "\\" in url_path or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url_path):
        raise SiteFileNotFound(url_path)
    trimmed = url_path[:-1] if url_path.endswith("/") else url_path
    segments = trimmed.split("/")
    for segment in segments:
        if segment in ("", ".", "..") or segment.startswith("."):
            raise SiteFileNotFound(url_path)
    return segments


def find_site_file(site: Path, url_path: str) -> SiteFile | AddSlash:
    """The file to serve for `url_path` (as routed: already percent-decoded, no leading '/')."""
    segments = _segments(url_path)
    try:
        root = site.resolve(strict=True)
    except (FileNotFoundError, RuntimeError) as error:
        raise SiteNotBuilt() from error
    if not root.is_dir():
        raise SiteNotBuilt()
    try:
        candidate = root.joinpath(*segments).resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, RuntimeError, OSError) as error:
        raise SiteFileNotFound(url_path) from error
    if candidate != root and not candidate.is_relative_to(root):
        raise SiteFileNotFound(url_path)  # a symlink out of the build
    if candidate.is_dir():
        if segments and not url_path.endswith("/"):
            return AddSlash("/" + "/".join(segments) + "/")
        index = candidate / "index.html"
        if index.is_symlink() or not index.is_file():
            raise SiteFileNotFound(url_path)  # no directory listings
        candidate = index
    elif url_path.endswith("/"):
        raise SiteFileNotFound(url_path)
    if not candidate.is_file():
        raise SiteFileNotFound(url_path)
    kind = content_type(candidate)
    return SiteFile(candidate, kind, kind == "text/html")


def cache_control(url_path: str, is_html: bool) -> str:
    """Pages and search data revalidate every time (a rebuild shows at once); assets an hour."""
    if not is_html and url_path.startswith("assets/"):
        return "private, max-age=3600"
    return "private, no-cache"
