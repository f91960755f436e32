"""Security headers, the portal pages' Content-Security-Policy, and safe `next` targets
(the built site's own policy is portal.site.views.SITE_CSP)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

DEFAULT_TARGET = "/portal/"

# The portal's own pages: no inline script or style at all.
PORTAL_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

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


def init_app(app: Flask) -> None:
    https = bool(app.config.get("HTTPS"))

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        policy = headers.setdefault("Content-Security-Policy", PORTAL_CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if "frame-ancestors 'none'" in policy:  # a page a policy lets frame (the sidebar) has none
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
