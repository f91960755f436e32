"""What a submission may contain: plain Markdown of a sensible size, no front matter, safe links.

Raw HTML is allowed in the text (it is sanitised whenever it is rendered, on the portal and
on the site); what is refused here are things sanitising cannot fix or that would change the
page around the submission: a `---` block that would become the page's settings, a code or
HTML block left open that would swallow the rest of the page, a heading id (`{#…}`, in the
text or a title, which becomes a heading) outside the allowed characters, and links to
anything other than http(s), mailto or a relative address.
"""

from __future__ import annotations

import html
import re

from content.frontmatter import split_front_matter
from content.messages import Message
from content.parse import disallowed_heading_id, markdown_parser
from content.schema import MAX_TITLE
from portal.errors import InvalidInput, TooLarge
from portal.i18n import N_

MAX_BODY_BYTES = 20 * 1024  # an FAQ answer or a new page's text
MAX_SECTION_BYTES = 64 * 1024  # a suggested edit of one section
MAX_COMMENT_CHARS = 2000
MAX_QUERY_CHARS = 300
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

_SENTINEL = "deskbook-end-of-submission-check"

# What a message about a submitted text calls it ("the question is empty").
TITLE, QUESTION, ANSWER = Message(N_("title")), Message(N_("question")), Message(N_("answer"))
SECTION, COMMENT, NOTE, REASON = (
    Message(N_("section")), Message(N_("comment")), Message(N_("note")), Message(N_("reason")))

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]+")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)>]*)")
# A reference definition, also inside block quotes and list items ("> [x]: url", "- [x]: url").
_REFERENCE = re.compile(
    r"^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE
)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]*)>")
_HTML_URL = re.compile(
    r"\b(?:href|src|action|formaction|xlink:href|poster|background|data|srcset|cite)\s*=\s*"
    r"(\"[^\"]*\"|'[^']*'|[^\s>]+)",
    re.IGNORECASE,
)


class SubmissionRejected(InvalidInput):
    """The submitted text cannot be accepted; the message says what to change."""


class SubmissionTooLarge(SubmissionRejected, TooLarge):
    """Over a size limit."""


def clean_title(value: str, what: str = TITLE) -> str:
    """One line, not empty, at most MAX_TITLE characters (newlines become spaces). Every title
    becomes a heading (an FAQ question, a new page's H1), so its id is checked too."""
    title = " ".join(value.split())
    if not title:
        raise SubmissionRejected(N_("the %(what)s is empty; write one"), what=what)
    if len(title) > MAX_TITLE:
        raise SubmissionTooLarge(
            N_("the %(what)s is %(length)s characters long; keep it under %(most)s"),
            what=what, length=len(title), most=MAX_TITLE,
        )
    _check_heading_ids(f"## {title}")
    return title


def clean_comment(value: str, what: str = COMMENT) -> str:
    comment = value.replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT_CHARS:
        raise SubmissionTooLarge(
            N_("the %(what)s is %(length)s characters long; keep it under %(most)s"),
            what=what, length=len(comment), most=MAX_COMMENT_CHARS,
        )
    return comment


def clean_query(value: str | None) -> str | None:
    if value is None:
        return None
    query = " ".join(value.split())
    return query[:MAX_QUERY_CHARS] or None


def clean_body(value: str, *, limit: int = MAX_BODY_BYTES, what: str = ANSWER) -> str:
    """Normalise line endings and check the Markdown; raises SubmissionRejected saying why."""
    body = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    body = "\n".join(line.rstrip() for line in body.strip("\n").split("\n")).rstrip() + "\n"
    if not body.strip():
        raise SubmissionRejected(N_("the %(what)s is empty"), what=what)
    size = len(body.encode("utf-8"))
    if size > limit:
        raise SubmissionTooLarge(
            N_("the %(what)s is %(size).1f KB; the limit is %(limit)s KB — shorten it or link "
               "to a longer page"), what=what, size=size / 1024, limit=limit // 1024,
        )
    if split_front_matter(body.lstrip("\n")).yaml_text is not None:
        raise SubmissionRejected(
            N_("the %(what)s starts with a `---` block, which would be read as the page's "
               "settings (front matter); remove the `---` lines or start with text"), what=what,
        )
    _check_blocks_closed(body, what)
    _check_heading_ids(body)
    _check_links(body)
    return body


def _check_blocks_closed(body: str, what: str) -> None:
    """A fence or HTML block left open would swallow everything after the submission."""
    tokens = markdown_parser().parse(body + "\n\n" + _SENTINEL + "\n")
    if not any(t.type == "inline" and t.content == _SENTINEL for t in tokens):
        raise SubmissionRejected(
            N_("the %(what)s leaves a code block (```) or an HTML block open; close it so it "
               "does not swallow the rest of the page"), what=what,
        )


def _check_heading_ids(markdown: str) -> None:
    found = disallowed_heading_id(markdown)
    if found is not None:
        raise SubmissionRejected(found[1])


def link_scheme(url: str) -> str | None:
    """The scheme a browser would see (entities decoded, invisible characters dropped)."""
    decoded = _INVISIBLE.sub("", html.unescape(html.unescape(url))).lower()
    found = _SCHEME.match(decoded)
    return found.group(1) if found else None


def _urls(body: str) -> list[str]:
    found = [m.group(1) for m in _INLINE_LINK.finditer(body)]
    found += [m.group(1) for m in _REFERENCE.finditer(body)]
    found += [m.group(1) for m in _AUTOLINK.finditer(body)]
    for match in _HTML_URL.finditer(body):
        value = match.group(1).strip("\"'")
        found.extend(part.strip().split(" ")[0] for part in value.split(","))
    return found


def _check_links(body: str) -> None:
    for url in _urls(body):
        scheme = link_scheme(url)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            raise SubmissionRejected(
                N_("links may only use http, https or mailto, or be relative; remove the "
                   "`%(scheme)s:` link"), scheme=scheme,
            )
