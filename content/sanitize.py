"""Clean HTML rendered from people's Markdown: no script, no event handlers, safe links only.

Used on every page of the built site (the `deskbook` mkdocs plugin) and for everything the
portal renders, so a submission can never run script in anyone's browser.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var",
})
_COMMON = {"id", "class", "title", "lang", "dir"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href"},
    "img": _COMMON | {"src", "alt", "width", "height", "loading"},
    "td": _COMMON | {"colspan", "rowspan", "align"},
    "th": _COMMON | {"colspan", "rowspan", "align", "scope"},
    "ol": _COMMON | {"start", "type"},
    "details": _COMMON | {"open"},
    "time": _COMMON | {"datetime"},
    "code": _COMMON,
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_DROPPED_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed"}


def sanitize_html(html: str) -> str:
    """Keep formatting, ids and classes; drop scripts, styles, handlers and unsafe URLs."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def text_only_html(html: str) -> str:
    """HTML reduced to its text, still escaped (quotes too): for the page titles and
    table-of-contents entries the theme prints as markup, some inside attributes.
    `a &lt;b&gt; <i>"c"</i>` → `a &lt;b&gt; &quot;c&quot;`."""
    text = nh3.clean(
        html, tags=set(), clean_content_tags=set(_DROPPED_WITH_CONTENT), strip_comments=True
    )
    return text.replace('"', "&quot;").replace("'", "&#39;")
