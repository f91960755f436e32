"""Changing front matter values touches only the lines of the keys that changed."""

from __future__ import annotations

import datetime as dt

import yaml

from content.frontmatter import revise_front_matter

WRITTEN = """\
# kept by hand: the owner changes in January
title: "Escalation policy"   # quoted on purpose
owner: amira@lumen.example
tags: [sla, vip]
based_on:
  - policies/a.md#x
  - policies/b.md#y

# why the summary folds
summary: >
  Who decides, and how fast,
  when a ticket needs more than the first line.
last_reviewed: 2026-09-14
"""


def _changed(data: dict[str, object]) -> tuple[str, list[str]]:
    revised = revise_front_matter(WRITTEN, data)
    assert yaml.safe_load(revised) == data
    before, after = WRITTEN.splitlines(), revised.splitlines()
    return revised, [line for line in after if line not in before] + [
        f"-{line}" for line in before if line not in after
    ]


def test_the_same_values_give_the_same_text() -> None:
    assert revise_front_matter(WRITTEN, yaml.safe_load(WRITTEN)) == WRITTEN


def test_one_changed_value_is_one_changed_line_in_place() -> None:
    data = yaml.safe_load(WRITTEN) | {"owner": "bo@lumen.example"}
    revised, changed = _changed(data)
    assert changed == ["owner: bo@lumen.example", "-owner: amira@lumen.example"]
    assert revised.splitlines()[2] == "owner: bo@lumen.example"


def test_a_removed_key_takes_only_its_own_lines() -> None:
    data = yaml.safe_load(WRITTEN)
    del data["based_on"]
    revised, changed = _changed(data)
    assert sorted(changed) == ["-  - policies/a.md#x", "-  - policies/b.md#y", "-based_on:"]
    assert "# why the summary folds" in revised


def test_a_new_key_follows_the_key_before_it() -> None:
    written = yaml.safe_load(WRITTEN)
    data = {}
    for key, value in written.items():
        data[key] = value
        if key == "based_on":
            data["review_every"] = 90
    data["last_reviewed"] = dt.date(2026, 12, 3)
    revised, changed = _changed(data)
    assert sorted(changed) == ["-last_reviewed: 2026-09-14", "last_reviewed: 2026-12-03",
                               "review_every: 90"]
    lines = revised.splitlines()
    assert lines.index("review_every: 90") == lines.index("  - policies/b.md#y") + 1


def test_a_changed_folded_value_keeps_the_comment_before_the_next_key() -> None:
    data = yaml.safe_load(WRITTEN) | {"summary": "Short now."}
    revised, _ = _changed(data)
    assert "summary: Short now.\nlast_reviewed: 2026-09-14\n" in revised
    assert "# why the summary folds\nsummary: Short now." in revised


def test_yaml_that_is_no_mapping_is_written_anew() -> None:
    assert revise_front_matter("- a\n- b\n", {"title": "T"}) == "title: T\n"
    assert revise_front_matter("title: [unclosed\n", {"title": "T"}) == "title: T\n"


def test_an_edited_page_keeps_its_line_endings_blank_line_and_last_newline() -> None:
    from content.frontmatter import edited_page_text

    original = "---\r\ntitle: A\r\nowner: x@y\r\n---\r\n\r\n# A\r\n\r\nOne word.\r\n"
    body = "\n# A\n\nOne other word.\n"
    assert edited_page_text(original, {"title": "A", "owner": "x@y"}, body) == (
        "---\r\ntitle: A\r\nowner: x@y\r\n---\r\n\r\n# A\r\n\r\nOne other word.\r\n")
    unterminated = "---\ntitle: A\n---\n\nNo newline at the end"
    assert edited_page_text(unterminated, {"title": "A"}, "\nNo newline at the end\n") == (
        unterminated)
    assert edited_page_text(None, {"title": "N"}, "\n# N\n") == "---\ntitle: N\n---\n\n# N\n"
    assert edited_page_text("# Plain\n", {}, "# Plain, edited\n") == "# Plain, edited\n"
