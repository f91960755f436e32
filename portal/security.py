"""Security headers, the Content-Security-Policy, and safe `next` targets."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response

from portal.filecache import LatestVersionCache

DEFAULT_TARGET = "/portal/"

# The portal's own pages: no inline script or style at all.
PORTAL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

_INLINE_SCRIPT = re.compile(
    rb"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_SRC = re.compile(rb"\bsrc\s*=", re.IGNORECASE)
_DATA_TYPE = re.compile(rb"\btype\s*=\s*[\"']?application/(?:ld\+)?json", re.IGNORECASE)


def local_target(value: str | None, default: str = DEFAULT_TARGET) -> str:
    """`value` if it is a path on this site, else `default` (no `//evil`, `/\\evil`, schemes)."""
    if not value or len(value) > 2000:
        return default
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


def site_csp(script_hashes: tuple[str, ...]) -> str:
    """The policy for a page of the built mkdocs-material site: its inline scripts by hash."""
    hashes = " ".join(f"'{digest}'" for digest in script_hashes)
    return (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ).replace("'self' ;", "'self';")


def inline_script_hashes(html: bytes) -> tuple[str, ...]:
    """sha256 sources for every inline, executable <script> of a page (JSON data blocks skipped)."""
    found: list[str] = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if _SRC.search(attrs) or _DATA_TYPE.search(attrs):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group("body")).digest()).decode("ascii")
        source = f"sha256-{digest}"
        if source not in found:
            found.append(source)
    return tuple(found)


_script_hashes: LatestVersionCache[tuple[str, ...]] = LatestVersionCache(4096)


def file_script_hashes(path: Path) -> tuple[str, ...]:
    """Hashes of a built page, cached while the file is unchanged (builds never edit in place)."""
    stat = path.stat()
    return _script_hashes.get(
        path, (stat.st_mtime_ns, stat.st_size), lambda: inline_script_hashes(path.read_bytes())
    )


def init_app(app: Flask) -> None:
    https = bool(app.config.get("HTTPS"))

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", PORTAL_CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if https:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if "Cache-Control" not in headers:
            # Portal pages are personal (tokens, one-time passwords): never stored.
            headers["Cache-Control"] = "no-store"
        return response
