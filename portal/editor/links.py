"""Links in the live preview, pointed where they will lead on the built site.

The preview is shown at /portal/editor/…, so a relative link such as `../howtos/x.md#step`
would resolve against the editor's address. Each relative `href` and `src` is rewritten to the
site URL the built page has for it (content.urls.link_url); the result is then sanitised
again, so whatever the rewrite produced passes the same checks as everything else.
"""

from __future__ import annotations

from functools import partial

import nh3

from content.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitize_html
from content.urls import link_url

# The attribute of each element that holds the address it leads to.
LINK_ATTRIBUTES = {("a", "href"), ("img", "src")}


def _relink(page: str, element: str, attribute: str, value: str) -> str:
    if (element, attribute) not in LINK_ATTRIBUTES:
        return value
    return link_url(page, value) or value


def relink_html(html: str, page: str) -> str:
    """Clean `html` with every relative link of docs page `page` leading to its site URL."""
    relinked = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        attribute_filter=partial(_relink, page),
    )
    # nh3 checks URLs before the filter runs: the final pass checks the rewritten ones.
    return sanitize_html(relinked)
