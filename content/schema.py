"""The page schema: languages, page types, front-matter keys, title and file-name rules.

One declarative definition that the site's mkdocs plugin, `deskbook check`, the editor,
capture, search and the templates all read. Adding a language is one entry in LANGUAGES plus
its words: the section titles of each page type below, its search analyzer
(search/analysis.py) and its locale in mkdocs.yml — tests name whichever is missing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol

from content.dates import add_days
from content.messages import N_, Message

# --- languages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    name: str  # in the language itself, as menus show it
    rtl: bool  # written right to left
    owner_label: str  # the site's page header: "Owner: …"
    reviewed_label: str  # "Last reviewed: …"
    reviewed_by_label: str  # "… by <email>"
    next_review_label: str  # "Next review: …"
    archived_notice: str  # the banner of an archived page
    instead_label: str  # "Go to: <the page that replaces it>"


LANGUAGES: dict[str, Language] = {
    "en": Language("English", rtl=False, owner_label="Owner", reviewed_label="Last reviewed",
                   reviewed_by_label="by", next_review_label="Next review",
                   archived_notice="This page is archived and no longer kept up to date.",
                   instead_label="Go to"),
    "ar": Language("العربية", rtl=True, owner_label="المسؤول عن الصفحة",
                   reviewed_label="آخر مراجعة", reviewed_by_label="بواسطة",
                   next_review_label="المراجعة القادمة",
                   archived_notice="هذه الصفحة مؤرشفة ولم تعد تُحدَّث.",
                   instead_label="انتقل إلى"),
    "id": Language("Bahasa Indonesia", rtl=False, owner_label="Pemilik",
                   reviewed_label="Terakhir ditinjau", reviewed_by_label="oleh",
                   next_review_label="Tinjauan berikutnya",
                   archived_notice="Halaman ini diarsipkan dan tidak lagi diperbarui.",
                   instead_label="Buka"),
}
DEFAULT_LANGUAGE = "en"


# --- page types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageType:
    folder: str  # top-level docs folder whose pages have this type
    review_every: int  # days: the review interval a new page of this type starts with
    # The site's title for the folder's section, per language; none: mkdocs' default
    section_titles: Mapping[str, str] = field(default_factory=dict)
    file_stems: tuple[str, ...] = ()  # file names that give this type wherever they are


PAGE_TYPES: dict[str, PageType] = {
    "policy": PageType("policies", 180, {"en": "Policies", "ar": "السياسات", "id": "Kebijakan"}),
    "howto": PageType("howtos", 180, {"en": "How-tos", "ar": "أدلة الخطوات", "id": "Panduan"}),
    "faq": PageType("faq", 60, {"en": "FAQ", "ar": "الأسئلة الشائعة", "id": "Tanya jawab"}),
    "case-study": PageType(
        "case-studies", 365, {"en": "Case studies", "ar": "دراسات حالة", "id": "Studi kasus"}
    ),
    "template": PageType(
        "templates", 90, {"en": "Canned replies", "ar": "الردود الجاهزة", "id": "Templat balasan"}
    ),
    "guide": PageType("guides", 180),
    "reference": PageType("reference", 365, file_stems=("glossary",)),
}
DEFAULT_TYPE = "guide"  # a page in no type's folder

# The site's top-level sections in the order a new hire needs them; the rest follow by title.
SITE_ORDER = ("policy", "howto", "faq", "template", "case-study", "reference")


# --- page states -----------------------------------------------------------------------------
# The KCS states in the team's words. Work in progress is a draft: a page whose front matter
# says `draft: true`, at the path it will have, committed like any page (its history is the
# page's history) and shown nowhere — not built into the site (so a draft translation leaves
# the English fallback in place), not indexed, in no onboarding track — until a lead publishes
# it, which removes the key in a commit of its own. A live page is validated: reviewed, due for
# review or overdue by its review dates, until a lead archives it.


@dataclass(frozen=True)
class PageState:
    kcs: str  # the state's name in KCS
    labels: Mapping[str, str]  # what readers see, per language


PAGE_STATES: dict[str, PageState] = {
    "draft": PageState("work in progress", {"en": "Draft", "ar": "مسودة", "id": "Draf"}),
    "reviewed": PageState("validated",
                          {"en": "Reviewed", "ar": "تمت مراجعتها", "id": "Sudah ditinjau"}),
    "due": PageState("validated", {"en": "Due for review", "ar": "حان موعد مراجعتها",
                                   "id": "Waktunya ditinjau"}),
    "overdue": PageState("validated", {"en": "Overdue for review", "ar": "تأخرت مراجعتها",
                                       "id": "Terlambat ditinjau"}),
    "archived": PageState("archived", {"en": "Archived", "ar": "مؤرشفة", "id": "Diarsipkan"}),
}
DUE_SOON_DAYS = 14  # a page is due for review from this many days before its review date
DRAFT_KEY = "draft"  # the front-matter key that makes a page a draft
ARCHIVED_KEY = "archived"  # the day a page was archived: out of navigation and search


def next_review(last_reviewed: dt.date | None, review_every: int | None) -> dt.date | None:
    """The day a page is due for review; None without an interval or a first review."""
    if last_reviewed is None or review_every is None:
        return None
    return add_days(last_reviewed, review_every)


def page_state(today: dt.date, *, last_reviewed: dt.date | None, review_every: int | None,
               archived: dt.date | None = None, draft: bool = False) -> str | None:
    """A page's state on `today` (a key of PAGE_STATES); None for a live page that says
    nothing about reviews (no interval, never reviewed)."""
    if draft:
        return "draft"
    if archived is not None:
        return "archived"
    if review_every is None:
        return "reviewed" if last_reviewed is not None else None
    return review_state(today, next_review(last_reviewed, review_every))


def review_state(today: dt.date, due: dt.date | None) -> str:
    """"reviewed", "due" or "overdue" on `today` for a page with a review interval whose next
    review is `due` (None: never reviewed, so overdue)."""
    if due is None or due < today:
        return "overdue"
    return "due" if due <= add_days(today, DUE_SOON_DAYS) else "reviewed"


def type_of_path(path: str) -> str:
    """The type a docs path gives its page: its top-level folder, else its file name."""
    pure = PurePosixPath(path)
    folder = pure.parts[0] if len(pure.parts) > 1 else None
    stem = pure.name.split(".")[0]
    for kind, page_type in PAGE_TYPES.items():
        if folder == page_type.folder:
            return kind
    for kind, page_type in PAGE_TYPES.items():
        if stem in page_type.file_stems:
            return kind
    return DEFAULT_TYPE


def type_of_section(name: str) -> str | None:
    """The type a top-level folder (or a top-level file's stem) of the site stands for."""
    for kind, page_type in PAGE_TYPES.items():
        if name == page_type.folder or name in page_type.file_stems:
            return kind
    return None


# --- titles and file names -------------------------------------------------------------------

MAX_TITLE = 300  # characters; submissions store titles in a column of this width
MAX_LINE = 1000  # characters of a one-line value (owner, summary)
MAX_TAG = 100
MAX_REVIEW_DAYS = 3650
MAX_SLUG = 80  # characters of a file name made from a title (without language suffix and .md)


def file_slug(title: str) -> str:
    """The file name (without `.md`) for a page titled `title`; "" when nothing is usable.

    Letters and digits of every script are kept, lowercased; accents and Arabic vowel marks
    written as separate characters are dropped; every other run of characters becomes one
    hyphen: `سياسة الاسترداد: Refunds & Returns (EU)` → `سياسة-الاسترداد-refunds-returns-eu`.
    A slug is its own slug, so a file name made here is also a valid typed one.
    """
    text = unicodedata.normalize("NFC", title.lower())
    kept = "".join(
        char if char.isalnum() else "" if unicodedata.category(char) == "Mn" else "-"
        for char in text
    )
    slug = re.sub(r"-+", "-", kept).strip("-")
    return slug[:MAX_SLUG].strip("-")


def is_file_slug(value: str) -> bool:
    return bool(value) and file_slug(value) == value


def page_path(kind: str, slug: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """`howto`, `x`, `ar` → `howtos/x.ar.md`: where a new page of that type goes."""
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    return f"{PAGE_TYPES[kind].folder}/{slug}{suffix}.md"


# --- front matter ----------------------------------------------------------------------------


class Rule(Protocol):
    """What one front-matter value must be; `clean` returns it normalised or raises ValueError
    (the value is refused; the message is `expected`)."""

    @property
    def expected(self) -> str: ...  # "a date like 2026-01-31": error messages say "must be …"

    @property
    def shown(self) -> str: ...  # the type as the README's front-matter table shows it

    def clean(self, value: object) -> object: ...


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


@dataclass(frozen=True)
class Text:
    max_len: int

    @property
    def expected(self) -> str:
        return Message(N_("a non-empty string of at most %(most)s characters"), most=self.max_len)

    @property
    def shown(self) -> str:
        return f"string (≤ {self.max_len} characters)"

    def clean(self, value: object) -> str:
        text = _text(value)
        if len(text) > self.max_len:
            raise ValueError
        return text


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]

    @property
    def expected(self) -> str:
        return Message(N_("one of %(options)s"), options=", ".join(self.options))

    @property
    def shown(self) -> str:
        return " \\| ".join(f"`{option}`" for option in self.options)

    def clean(self, value: object) -> str:
        text = _text(value)
        if text not in self.options:
            raise ValueError
        return text


@dataclass(frozen=True)
class Whole:
    minimum: int
    maximum: int
    unit: str

    @property
    def expected(self) -> str:
        return Message(N_("a whole number of %(unit)s from %(minimum)s to %(maximum)s"),
                       unit=Message(self.unit), minimum=self.minimum, maximum=self.maximum)

    @property
    def shown(self) -> str:
        return f"whole number of {self.unit}, {self.minimum}–{self.maximum}"

    def clean(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError
        if not self.minimum <= value <= self.maximum:
            raise ValueError
        return value


@dataclass(frozen=True)
class Day:
    expected: str = Message(N_("a date like 2026-01-31"))
    shown: str = "date (`2026-09-14`)"

    def clean(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(_text(value))  # ValueError when it is no date


@dataclass(frozen=True)
class Flag:
    expected: str = Message(N_("true (or the key left out)"))
    shown: str = "`true`"

    def clean(self, value: object) -> bool:
        if value is not True:
            raise ValueError
        return True


@dataclass(frozen=True)
class Strings:
    max_len: int

    @property
    def expected(self) -> str:
        return Message(N_("a list of strings of at most %(most)s characters each"),
                       most=self.max_len)

    @property
    def shown(self) -> str:
        return "list of strings"

    def clean(self, value: object) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError
        cleaned = [_text(item) for item in items]
        if any(len(item) > self.max_len for item in cleaned):
            raise ValueError
        return list(dict.fromkeys(cleaned))


_PAGE_REFERENCE = re.compile(r"^[^\s#]+\.md(#[^\s#]+)?$")


def _page_reference(value: object, *, anchor: bool) -> str:
    text = _text(value)
    found = _PAGE_REFERENCE.match(text)
    if found is None or (found.group(1) and not anchor) or ".." in text.split("/"):
        raise ValueError
    return text


@dataclass(frozen=True)
class PagePath:
    expected: str = Message(N_("the path of a .md page, like policies/refunds.md"))
    shown: str = "path of a `.md` page"

    def clean(self, value: object) -> str:
        return _page_reference(value, anchor=False)


@dataclass(frozen=True)
class PageSections:
    expected: str = Message(N_("a list of pages or sections, like policies/refunds.md#window"))
    shown: str = "list of `page.md#anchor`"

    def clean(self, value: object) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise ValueError
        return [_page_reference(item, anchor=True) for item in items]


@dataclass(frozen=True)
class Key:
    name: str
    rule: Rule
    help: str  # what the key means, as the README's front-matter table says it
    flow: bool = False  # a list written on one line, `[a, b]`, rather than one item a line


FRONT_MATTER: tuple[Key, ...] = (
    Key("title", Text(MAX_TITLE), "page title (default: first H1, else file name)"),
    Key("type", Choice(tuple(PAGE_TYPES)), "default: from the folder"),
    Key("owner", Text(MAX_LINE), "who keeps the page alive (an email); shown on the page"),
    Key("tags", Strings(MAX_TAG), "shown on the page; a search filter", flow=True),
    Key("lang", Choice(tuple(LANGUAGES)),
        "must agree with the file suffix; default: suffix, else `en`"),
    Key("review_every", Whole(1, MAX_REVIEW_DAYS, N_("days")), "review interval"),
    Key("last_reviewed", Day(),
        "shown on the page; with `review_every` gives \"due for review\""),
    Key("summary", Text(MAX_LINE), "one sentence; searchable"),
    Key("translation_of", PagePath(),
        "for translations: the English source (`policies/remote-work.md`)"),
    Key("based_on", PageSections(),
        "for templates: the policy sections the reply relies on"),
    Key(DRAFT_KEY, Flag(), "a draft: on no site page, in no navigation, search or onboarding "
        "track until a lead publishes it (which removes the key)"),
    Key("reviewed_by", Text(MAX_LINE), "who reviewed the page last (an email); shown on the page"),
    Key(ARCHIVED_KEY, Day(), "archived since that day: out of navigation and search; the page "
        "says so"),
    Key("archived_by", Text(MAX_LINE), "who archived the page (an email); shown on it"),
    Key("archive_reason", Text(MAX_LINE), "why the page was archived; shown on it"),
    Key("replaced_by", PagePath(), "where readers of an archived page go instead; linked from it"),
)
KEYS: dict[str, Key] = {key.name: key for key in FRONT_MATTER}


@dataclass(frozen=True)
class FeatureKey:
    """A key the page validator keeps as written (in `FrontMatter.extra`) for the feature that
    reads it, which checks it itself and reports through `deskbook check`."""

    name: str
    shown: str  # its type, as the README's front-matter table shows it
    help: str
    checked_by: str  # the module that checks it


FEATURE_KEYS: tuple[FeatureKey, ...] = (
    FeatureKey("order_numbers", "list of `{name, shape, placeholder?, marketplace?}`",
               "the shapes of the order numbers customers quote, on the page that documents "
               "them (ours: `glossary.md`); see [Answers inside the ticket]"
               "(#answers-inside-the-ticket)",
               checked_by="content.order_numbers"),
)


@dataclass(frozen=True)
class CheckedFrontMatter:
    values: dict[str, Any]  # schema keys that have a valid value, cleaned, in FRONT_MATTER order
    extra: dict[str, Any]  # keys the schema does not know, kept as they were
    errors: dict[str, str]  # key → "must be …, got …"


def validate_front_matter(data: Mapping[str, Any], path: str | None = None) -> CheckedFrontMatter:
    """Every schema key of `data` cleaned, or an error naming what it must be.

    With the page's `path`, a language suffix in its file name (`x.ar.md`) fixes `lang`.
    A key whose value is None counts as absent.
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key in FRONT_MATTER:
        value = data.get(key.name)
        if value is None:
            continue
        try:
            values[key.name] = key.rule.clean(value)
        except ValueError:
            errors[key.name] = Message(N_("must be %(expected)s, got %(got)s"),
                                       expected=key.rule.expected, got=_describe(value))
    fixed = language_of_path(path) if path else None
    if fixed and values.get("lang", fixed) != fixed:
        errors["lang"] = Message(N_("must be %(lang)s (the file name ends in .%(lang)s.md), "
                                    "got %(got)s"), lang=fixed, got=_describe(values.pop("lang")))
    extra = {name: value for name, value in data.items() if name not in KEYS}
    return CheckedFrontMatter(values, extra, errors)


def language_of_path(path: str) -> str | None:
    """`policies/remote-work.ar.md` → `ar`; None when the name carries no language suffix."""
    parts = PurePosixPath(path).name.split(".")
    if len(parts) >= 3 and parts[-2] in LANGUAGES:
        return parts[-2]
    return None


def _describe(value: object) -> str:
    if isinstance(value, list):
        return Message(N_("a list"))
    if isinstance(value, dict):
        return Message(N_("a mapping"))
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else Message(N_("%(count)s characters"),
                                                            count=len(value))
    return f"{type(value).__name__} {value!r}"
