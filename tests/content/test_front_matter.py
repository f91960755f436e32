"""Front matter: the schema, unknown keys, and errors that name file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from content import InvalidFrontMatter, parse_page


def test_schema_fields_are_typed_and_unknown_keys_are_kept() -> None:
    page = parse_page(
        "templates/refund.md",
        "---\n"
        "title: Refund confirmation\n"
        "type: template\n"
        "owner: amira@lumen.example\n"
        "tags: [refunds, email]\n"
        "review_every: 90\n"
        "last_reviewed: 2026-09-01\n"
        "based_on: policies/refunds.md#window\n"
        "summary: Confirms a refund.\n"
        "audience: agents\n"
        "---\n"
        "Body\n",
    )
    front = page.front_matter
    assert page.title == "Refund confirmation"
    assert page.type == "template"
    assert front.tags == ("refunds", "email")
    assert front.review_every == 90
    assert front.last_reviewed == dt.date(2026, 9, 1)
    assert front.based_on == ("policies/refunds.md#window",)
    assert front.extra == {"audience": "agents"}
    assert front.line_of("based_on") == 8


@pytest.mark.parametrize(
    ("front", "line", "fragment"),
    [
        ("title: [unclosed\n", 2, "front matter"),
        ("title: ok\nreview_every: soon\n", 3, "`review_every` must be a whole number"),
        ("review_every: 4000\n", 2, "`review_every` must be a whole number of days from 1 to 3650"),
        (f"title: {'x' * 301}\n", 2, "`title` must be a non-empty string of at most 300"),
        ("title: ok\ntype: memo\n", 3, "`type` must be one of policy"),
        ("title: ok\n\nlang: fr\n", 4, "`lang` must be one of en, ar, id"),
        ("tags: {a: 1}\n", 2, "`tags` must be a list of strings"),
        ("title: ok\nlast_reviewed: last week\n", 3, "`last_reviewed` must be a date"),
        ("- just\n- a list\n", 2, "must be a mapping"),
        ("title: 42\n", 2, "`title` must be a non-empty string"),
    ],
)
def test_invalid_front_matter_names_file_and_line(front: str, line: int, fragment: str) -> None:
    with pytest.raises(InvalidFrontMatter) as caught:
        parse_page("policies/bad.md", f"---\n{front}---\n# Bad\n")
    assert caught.value.path == "policies/bad.md"
    assert caught.value.line == line
    assert fragment in caught.value.message
    assert str(caught.value).startswith(f"policies/bad.md:{line}: ")


def test_language_suffix_and_front_matter_must_agree() -> None:
    with pytest.raises(InvalidFrontMatter, match=r"`lang` must be ar \(the file name ends in \.ar\.md\), got 'id'"):
        parse_page("policies/x.ar.md", "---\ntitle: x\nlang: id\n---\n# x\n")


def test_an_unclosed_opening_rule_is_markdown_not_front_matter() -> None:
    page = parse_page("notes.md", "---\n# Notes\n\ntext\n")
    assert page.title == "Notes"
    assert page.front_matter.title is None
