"""Mails as people receive them: plain text and HTML, in their language, with links that work
behind the configured base URL (`BASE_URL`, e.g. `https://support.example.com/kb`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from content.schema import LANGUAGES
from portal.i18n.formatting import isolated_text
from portal.notifications.messages import frame

PREFERENCES_PATH = "/portal/account/notifications"
_templates = Environment(loader=PackageLoader("portal", "templates/mail"),
                         autoescape=select_autoescape(["html"]))


@dataclass(frozen=True)
class Item:
    label: str
    path: str = ""  # a path inside the portal or site ("/portal/…", "/policies/…/")
    note: str = ""


@dataclass(frozen=True)
class Mail:
    recipient: str
    subject: str
    text: str
    html: str


def absolute(base_url: str, path: str) -> str:
    """`path` (from the portal's root) under the base URL; "" stays ""."""
    if not path:
        return ""
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError(f"a link in a mail must be a path from the portal's root: {path!r}")
    return base_url.rstrip("/") + path


def one_line(text: str, limit: int = 200) -> str:
    """A subject line: no line breaks (a header never gets a second line), not too long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def render(
    recipient: str, language: str, title: str, body: str, *, base_url: str,
    path: str = "", items: Sequence[Item] = (), about_settings: bool = True,
) -> Mail:
    """A mail with `title`, the paragraphs of `body`, a list of `items` and a button to
    `path`; its footer links to the notification settings unless `about_settings` is off."""
    words = frame(language)
    url = absolute(base_url, path)
    settings_url = absolute(base_url, PREFERENCES_PATH) if about_settings else ""
    paragraphs = [part.strip() for part in body.split("\n\n") if part.strip()]
    listed = [{"label": isolated_text(item.label), "url": absolute(base_url, item.path),
               "note": isolated_text(item.note)} for item in items]
    lines = [words["greeting"], "", title, "", *[p + "\n" for p in paragraphs]]
    for item in listed:
        lines.append(f"- {item['label']}" + (f" — {item['note']}" if item["note"] else "")
                     + (f"\n  {item['url']}" if item["url"] else ""))
    if url:
        lines += ["", f"{words['open']}: {url}"]
    if settings_url:
        lines += ["", "-- ", f"{words['why']} {settings_url}"]
    html = _templates.get_template("message.html").render(
        lang=language, rtl=LANGUAGES[language].rtl if language in LANGUAGES else False,
        words=words, title=title, paragraphs=paragraphs, items=listed, url=url,
        settings_url=settings_url,
    )
    return Mail(recipient, one_line(title), "\n".join(lines).rstrip() + "\n", html)
