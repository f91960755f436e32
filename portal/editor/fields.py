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

import yaml

from content.dates import outside_range
from content.frontmatter import parse_front_matter, split_front_matter
from content.model import LANGUAGES, PAGE_TYPES
from content.urls import language_of_path
from portal.docstore.store import MAX_PAGE_BYTES

# The order keys are written in; anything else in a page's front matter follows, as it was.
KNOWN_KEYS = (
    "title", "type", "owner", "tags", "lang", "review_every", "last_reviewed", "summary",
    "translation_of", "based_on",
)
MAX_TITLE = 200
MAX_LINE = 1000
MAX_MESSAGE = 2000
MAX_REVIEW_DAYS = 3650
_LINK = re.compile(r"^[^\s#]+\.md(#[^\s#]+)?$")


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

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> EditForm:
        values: dict[str, Any] = {}
        for item in fields(cls):
            if item.name == "minor":
                values["minor"] = form.get("minor", "") in ("1", "on", "true", "yes")
            else:
                values[item.name] = str(form.get(item.name, "") or "")
        values["body"] = normalise_newlines(values["body"])
        values["based_on"] = normalise_newlines(values["based_on"])
        return cls(**values)

    def with_text(self, text: str, base_hash: str) -> EditForm:
        """This form refilled from a page's text (keeping the checkbox and message)."""
        loaded = form_from_text(self.page, text, base_hash)
        return replace(loaded.form, minor=self.minor, message=self.message)


@dataclass(frozen=True)
class LoadedForm:
    form: EditForm
    extra: dict[str, Any]  # front matter keys the form does not show
    problem: str | None = None  # why the front matter could not be read (fields left empty)


@dataclass(frozen=True)
class Checked:
    """A form that passed the checks: typed front matter values and the body."""

    values: dict[str, Any]  # known keys with a value, in KNOWN_KEYS order
    body: str
    errors: dict[str, str] = field(default_factory=dict)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def lang_fixed_by(page: str) -> str | None:
    """The language the file name fixes (`x.ar.md` → ar): the form shows it read-only."""
    return language_of_path(page)


def raw_front_matter(text: str) -> tuple[dict[str, Any], str | None, str]:
    """(mapping, the YAML text or None, body); ValueError when the YAML is not a mapping."""
    split = split_front_matter(text)
    if split.yaml_text is None:
        return {}, None, split.body
    try:
        data = yaml.safe_load(split.yaml_text)
    except yaml.YAMLError as error:
        raise ValueError(f"the front matter is not valid YAML ({error})") from error
    if data is None:
        return {}, split.yaml_text, split.body
    if not isinstance(data, dict):
        raise ValueError("the front matter is not a mapping of `key: value` lines")
    return {str(k): v for k, v in data.items()}, split.yaml_text, split.body


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
        data, _, body = raw_front_matter(text)
    except ValueError as error:
        split = split_front_matter(text)
        return LoadedForm(EditForm(page, base_hash, body=split.body), {}, str(error))
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
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    return LoadedForm(form, extra)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def check_form(form: EditForm) -> Checked:
    """Typed values for the known keys, or errors by field name (nothing is guessed)."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    title = _one_line(form.title)
    if not title:
        errors["title"] = "Give the page a title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Keep the title under {MAX_TITLE} characters."
    else:
        values["title"] = title

    kind = form.type.strip()
    if kind and kind not in PAGE_TYPES:
        errors["type"] = f"Choose one of: {', '.join(PAGE_TYPES)}."
    elif kind:
        values["type"] = kind

    owner = _one_line(form.owner)
    if len(owner) > MAX_LINE:
        errors["owner"] = "That owner is too long."
    elif owner:
        values["owner"] = owner

    tags = [_one_line(t) for t in form.tags.split(",") if t.strip()]
    if any(len(t) > 100 for t in tags):
        errors["tags"] = "Tags are short words, separated by commas."
    elif tags:
        values["tags"] = list(dict.fromkeys(tags))

    fixed = lang_fixed_by(form.page)
    lang = form.lang.strip()
    if fixed and lang and lang != fixed:
        errors["lang"] = f"The file name fixes the language to {fixed}."
    elif lang and lang not in LANGUAGES:
        errors["lang"] = f"Choose one of: {', '.join(LANGUAGES)}."
    elif lang:
        values["lang"] = lang

    every = form.review_every.strip()
    if every:
        if not every.isdigit() or not 1 <= int(every) <= MAX_REVIEW_DAYS:
            errors["review_every"] = f"A whole number of days from 1 to {MAX_REVIEW_DAYS}."
        else:
            values["review_every"] = int(every)

    reviewed = form.last_reviewed.strip()
    if reviewed:
        try:
            day = dt.date.fromisoformat(reviewed)
        except ValueError:
            errors["last_reviewed"] = "A date like 2026-01-31."
        else:
            problem = outside_range(day)
            if problem:
                errors["last_reviewed"] = f"{problem}."
            else:
                values["last_reviewed"] = day

    summary = _one_line(form.summary)
    if len(summary) > MAX_LINE:
        errors["summary"] = f"Keep the summary under {MAX_LINE} characters."
    elif summary:
        values["summary"] = summary

    source = form.translation_of.strip()
    if source and (not _LINK.match(source) or "#" in source or ".." in source.split("/")):
        errors["translation_of"] = "The path of the source page, like policies/refunds.md."
    elif source:
        values["translation_of"] = source

    based_on = [line.strip() for line in form.based_on.split("\n") if line.strip()]
    bad = [line for line in based_on if not _LINK.match(line) or ".." in line.split("/")]
    if bad:
        errors["based_on"] = (
            f"One page or section per line, like policies/x.md#anchor; not {bad[0]!r}."
        )
    elif based_on:
        values["based_on"] = based_on

    body = normalise_newlines(form.body)
    if body and not body.endswith("\n"):
        body += "\n"
    if len(body.encode("utf-8")) > MAX_PAGE_BYTES:
        errors["body"] = (
            f"The text is {len(body.encode('utf-8')) // 1024} KB; pages are limited to "
            f"{MAX_PAGE_BYTES // 1024} KB — split it into several pages."
        )
    if len(form.message) > MAX_MESSAGE:
        errors["message"] = f"Keep the message under {MAX_MESSAGE} characters."
    ordered = {key: values[key] for key in KNOWN_KEYS if key in values}
    return Checked(ordered, body, errors)


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key (`based_on:\n  - x`), as the pages write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _dump(key: str, value: Any) -> str:
    # tags read best as `[a, b]`; every other list one item per line, as the pages have them
    return yaml.dump(
        {key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
        default_flow_style=None if key == "tags" else False, width=4096,
    )


def compose(values: Mapping[str, Any], extra: Mapping[str, Any], body: str,
            original: str | None = None) -> str:
    """The page text: our front matter (known keys in order, then the others), then the body.

    When the front matter means exactly what the page already had, its text is kept as it was
    (comments, quoting), so a body-only edit changes only the body.
    """
    data = {**values, **{k: v for k, v in extra.items() if k not in values}}
    if original is not None:
        try:
            old, old_yaml, _ = raw_front_matter(original)
        except ValueError:
            old, old_yaml = {}, None
        if old_yaml is not None and old == data:
            return f"---\n{old_yaml}---\n{body}"
    yaml_text = "".join(_dump(key, value) for key, value in data.items())
    return f"---\n{yaml_text}---\n{body}"


def front_matter_matches(page: str, text: str, values: Mapping[str, Any],
                         extra: Mapping[str, Any]) -> bool:
    """Whether `text`'s front matter says exactly `values` + `extra` (the body added nothing)."""
    split = split_front_matter(text)
    written = yaml.safe_load(split.yaml_text or "") or {}
    expected = {**values, **{k: v for k, v in extra.items() if k not in values}}
    if written != expected:
        return False
    parse_front_matter(page, split.yaml_text)  # raises when the schema refuses it
    return True
