"""Who may put the sidebar in a frame: the `SIDEBAR_FRAME_ANCESTORS` setting, checked when
the app starts, and the one Content-Security-Policy the sidebar is sent with.

Only the sidebar may be framed, and only by the origins listed (a helpdesk's app host, say
`https://acme.zendesk.com https://*.apps.zdusercontent.com`); the list is empty by default,
and then the sidebar is as unframeable as every other page. The same origins are the only
ones whose `postMessage` the sidebar listens to (the ticket text and an API token).
"""

from __future__ import annotations

import re

from portal.security import PORTAL_CSP

SETTING = "SIDEBAR_FRAME_ANCESTORS"
# An origin as a CSP source expression allows it: a scheme, a host (its first label may be
# `*`), an optional port. Nothing else can reach the header: no spaces, quotes, semicolons.
_ORIGIN = re.compile(
    r"https?://(?:\*\.)?[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}"
    r"[a-z0-9])?)*(?::\d{1,5})?"
)
MAX_ORIGINS = 20


def frame_ancestors(value: object) -> tuple[str, ...]:
    """The configured origins: a list, or one string of origins separated by spaces or
    commas. ValueError names the first one that is not an origin."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        items: list[object] = list(value.replace(",", " ").split())
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise ValueError(f"{SETTING} must be a list of origins, like [\"https://acme.zendesk.com\"]")
    origins: list[str] = []
    for item in items:
        origin = str(item).strip().rstrip("/").lower()
        if not isinstance(item, str) or not _ORIGIN.fullmatch(origin):
            raise ValueError(
                f"{SETTING}: {str(item)[:100]!r} is not an origin (scheme://host[:port], "
                "e.g. https://acme.zendesk.com or https://*.apps.zdusercontent.com)"
            )
        origins.append(origin)
    if len(origins) > MAX_ORIGINS:
        raise ValueError(f"{SETTING}: at most {MAX_ORIGINS} origins")
    return tuple(dict.fromkeys(origins))


def sidebar_csp(origins: tuple[str, ...]) -> str:
    """The portal's policy with `frame-ancestors` opened to `origins` (none: still 'none')."""
    ancestors = " ".join(origins) if origins else "'none'"
    return PORTAL_CSP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
