"""Front matter as form fields: read from a page, check what a person typed, write it back.

The form carries every known key as text (so a rejected value is shown again exactly as
typed); keys the form does not know are taken from the page as it is and kept untouched.
The body is always written after our own front matter block, so nothing typed into it can
become front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from flask_babel import gettext

from content import ContentError
from content.dates import outside_range
from content.frontmatter import (
    edited_page_text,
    parse_front_matter,
    read_front_matter,
    split_front_matter,
)
from content.schema import KEYS, language_of_path, validate_front_matter
from portal.docstore.store import MAX_PAGE_BYTES
from portal.i18n.messages import translated

MAX_MESSAGE = 2000
_WHOLE = re.compile(r"^[+-]?\d+$")


@dataclass(frozen=True)
class EditForm:
    """Everything the edit form carries, as the person typed it."""

    page: str
    base_hash: str = ""
    title: str = ""
    type: str = ""
    owner: str = ""
    tags: str = ""  # comma separated
    lang: str = ""
    review_every: str = ""
    last_reviewed: str = ""
    summary: str = ""
    translation_of: str = ""
    based_on: str = ""  # one per line
    body: str = ""
    minor: bool = False
    message: str = ""
    # Resolving a conflict: the version saved meanwhile (the one the choices are about), the
    # side taken for each place both changed, or the confirmation that this text replaces it.
    theirs_hash: str = ""
    choices: tuple[str, ...] = ()
    replace_theirs: bool = False
    # Work in progress: the version of it the form was opened from ("" = the live page), and
    # whether this save keeps the text as work in progress instead of publishing it.
    wip_hash: str = ""
    keep_in_progress: bool = False

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> EditForm:
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name in ("minor", "replace_theirs", "keep_in_progress"):
                values[item.name] = form.get(item.name, "") in ("1", "on", "true", "yes")
            elif item.name == "choices":
                values["choices"] = tuple(_choices(form))
            else:
                values[item.name] = str(form.get(item.name, "") or "")
        values["body"] = normalise_newlines(values["body"])
        values["based_on"] = normalise_newlines(values["based_on"])
        return cls(**values)

    def with_text(self, text: str, base_hash: str) -> EditForm:
        """This form refilled from a page's text (keeping the checkbox and message)."""
        loaded = form_from_text(self.page, text, base_hash)
        return replace(loaded.form, minor=self.minor, message=self.message,
                       wip_hash=self.wip_hash)


MAX_REGIONS = 500  # conflicting places one form can resolve


def _choices(form: Mapping[str, str]) -> list[str]:
    """`region-0`, `region-1`, … in order, up to the first one missing."""
    found: list[str] = []
    while len(found) < MAX_REGIONS and f"region-{len(found)}" in form:
        found.append(str(form[f"region-{len(found)}"]))
    return found


# The schema's keys the form shows as fields; the rest of a page's front matter is kept.
FORM_KEYS = frozenset(f.name for f in fields(EditForm)) & frozenset(KEYS)


@dataclass(frozen=True)
class LoadedForm:
    form: EditForm
    extra: dict[str, Any]  # front matter keys the form does not show
    problem: str | None = None  # why the front matter could not be read (fields left empty)


@dataclass(frozen=True)
class Checked:
    """A form that passed the checks: typed front matter values and the body."""

    values: dict[str, Any]  # schema keys with a value, in the schema's order
    body: str
    errors: dict[str, str] = field(default_factory=dict)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lang_fixed_by(page: str) -> str | None:
    """The language the file name fixes (`x.ar.md` → ar): the form shows it read-only."""
    return language_of_path(page)


def raw_front_matter(page: str, text: str) -> tuple[dict[str, Any], str | None, str]:
    """(mapping as written, the YAML text or None, body); InvalidFrontMatter when unreadable."""
    split = split_front_matter(text)
    data, _ = read_front_matter(page, split.yaml_text)
    return data, split.yaml_text, split.body


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return [_as_text(value)]


def form_from_text(page: str, text: str, base_hash: str) -> LoadedForm:
    """The edit form for a page's current text."""
    try:
        data, _, body = raw_front_matter(page, text)
    except ContentError as error:
        split = split_front_matter(text)
        return LoadedForm(EditForm(page, base_hash, body=split.body), {}, translated(error.message))
    form = EditForm(
        page=page,
        base_hash=base_hash,
        title=_as_text(data.get("title")),
        type=_as_text(data.get("type")),
        owner=_as_text(data.get("owner")),
        tags=", ".join(_as_list(data.get("tags"))),
        lang=_as_text(data.get("lang")) or (lang_fixed_by(page) or ""),
        review_every=_as_text(data.get("review_every")),
        last_reviewed=_as_text(data.get("last_reviewed")),
        summary=_as_text(data.get("summary")),
        translation_of=_as_text(data.get("translation_of")),
        based_on="\n".join(_as_list(data.get("based_on"))),
        body=body,
    )
    return LoadedForm(form, hidden_front_matter(data))


def hidden_front_matter(data: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter the form does not show (the draft mark, archive and review records,
    keys the schema does not know): kept as the page has it."""
    return {k: v for k, v in data.items() if k not in FORM_KEYS}


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _typed(form: EditForm) -> dict[str, Any]:
    """The fields as front matter would hold them; an empty field is no value."""
    every = form.review_every.strip()
    typed: dict[str, Any] = {
        "title": _one_line(form.title),
        "type": form.type.strip(),
        "owner": _one_line(form.owner),
        "tags": [_one_line(tag) for tag in form.tags.split(",") if tag.strip()],
        "lang": form.lang.strip(),
        "review_every": int(every) if _WHOLE.match(every) else every,
        "last_reviewed": form.last_reviewed.strip(),
        "summary": _one_line(form.summary),
        "translation_of": form.translation_of.strip(),
        "based_on": [line.strip() for line in form.based_on.split("\n") if line.strip()],
    }
    return {key: value for key, value in typed.items() if value not in ("", [])}


def field_errors(
    typed: Mapping[str, Any], page: str | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The schema's cleaned values and its errors in sentences, by field; the editor always
    writes a title, so here a page needs one."""
    checked = validate_front_matter(typed, page)
    errors = {key: _sentence(translated(message)) for key, message in checked.errors.items()}
    if not typed.get("title"):
        errors["title"] = gettext("Give the page a title.")
    reviewed = checked.values.get("last_reviewed")
    typo = outside_range(reviewed) if isinstance(reviewed, dt.date) else None  # 9999-12-31
    if typo:
        errors["last_reviewed"] = _sentence(translated(typo))
    return checked.values, errors


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + "."


def check_form(form: EditForm) -> Checked:
    """Typed values for the schema's keys, or errors by field name (the schema's own words)."""
    values, errors = field_errors(_typed(form), form.page)
    body = normalise_newlines(form.body)
    if body and not body.endswith("\n"):
        body += "\n"
    if len(body.encode("utf-8")) > MAX_PAGE_BYTES:
        errors["body"] = gettext(
            "The text is %(size)s KB; pages are limited to %(limit)s KB — split it into several "
            "pages.", size=len(body.encode("utf-8")) // 1024, limit=MAX_PAGE_BYTES // 1024)
    if len(form.message) > MAX_MESSAGE:
        errors["message"] = gettext("Keep the message under %(most)s characters.",
                                    most=MAX_MESSAGE)
    return Checked(values, body, errors)


def _front_matter_data(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(mapping, YAML text) of a page's front matter; (None, None) when it cannot be read."""
    try:
        data, yaml_text, _ = raw_front_matter("", text)
    except ContentError:
        return None, None
    return data, yaml_text


def compose(values: Mapping[str, Any], extra: Mapping[str, Any], body: str,
            original: str | None = None) -> str:
    """The page text: our front matter (known keys in order, then the others), then the body,
    written the way `original` was (see content.frontmatter.edited_page_text): a key whose
    value is the same keeps its line, line endings and the last newline stay as they were,
    so a one-word edit is a one-line diff."""
    data = {**values, **{k: v for k, v in extra.items() if k not in values}}
    return edited_page_text(original, data, body)


def front_matter_matches(page: str, text: str, values: Mapping[str, Any],
                         extra: Mapping[str, Any]) -> bool:
    """Whether `text`'s front matter says exactly `values` + `extra` (the body added nothing)."""
    written, yaml_text = _front_matter_data(text)
    expected = {**values, **{k: v for k, v in extra.items() if k not in values}}
    if (written or {}) != expected:
        return False
    parse_front_matter(page, yaml_text)  # raises when the schema refuses it
    return True
