"""The editor's plain parts: front matter fields written back exactly, block diffs."""

from __future__ import annotations

import datetime as dt

import pytest

from content import parse_page
from content.frontmatter import split_front_matter
from content.markdown import site_markdown
from portal.diffing import markdown_blocks, rendered_diff, unified_diff
from portal.editor.fields import EditForm, check_form, compose, form_from_text
from tests.helpers import REPO

PAGE = """\
---
title: Remote work
type: policy
owner: amira@lumen.example
# a comment the editor keeps while the front matter is unchanged
tags: [remote, hours]
lang: en
review_every: 90
last_reviewed: 2026-09-14
summary: Where and when we work.
x_custom: {nested: [1, 2]}
---

# Remote work

## Core hours

11:00–15:00 UTC.
"""


def test_a_form_round_trip_changes_nothing() -> None:
    loaded = form_from_text("policies/remote-work.md", PAGE, "h")
    assert loaded.extra == {"x_custom": {"nested": [1, 2]}}
    assert loaded.form.tags == "remote, hours" and loaded.form.last_reviewed == "2026-09-14"
    checked = check_form(loaded.form)
    assert not checked.errors
    assert compose(checked.values, loaded.extra, checked.body, original=PAGE) == PAGE


def test_changed_fields_are_rewritten_in_place_with_the_rest_kept_as_written() -> None:
    loaded = form_from_text("policies/remote-work.md", PAGE, "h")
    form = EditForm(**{**loaded.form.__dict__, "title": "Remote work: hours and tools",
                       "based_on": "policies/tools.md#chat\n\n", "summary": "  Two\nlines "})
    checked = check_form(form)
    text = compose(checked.values, loaded.extra, checked.body, original=PAGE)
    yaml_text = split_front_matter(text).yaml_text or ""
    keys = [line.split(":")[0] for line in yaml_text.splitlines() if not line.startswith(" ")]
    assert keys == ["title", "type", "owner",
                    "# a comment the editor keeps while the front matter is unchanged",
                    "tags", "lang", "review_every", "last_reviewed", "summary", "based_on",
                    "x_custom"]
    page = parse_page("policies/remote-work.md", text)
    front = page.front_matter
    assert front.title == "Remote work: hours and tools" and front.summary == "Two lines"
    assert front.based_on == ("policies/tools.md#chat",)
    assert front.last_reviewed == dt.date(2026, 9, 14) and front.tags == ("remote", "hours")
    assert front.extra == {"x_custom": {"nested": [1, 2]}}
    assert "tags: [remote, hours]" in yaml_text


def test_front_matter_the_form_has_no_field_for_is_kept() -> None:
    page = PAGE.replace("x_custom:", "draft: true\narchived: 2026-12-01\nreviewed_by: a@x\nx_custom:")
    loaded = form_from_text("policies/remote-work.md", page, "h")
    assert set(loaded.extra) == {"draft", "archived", "reviewed_by", "x_custom"}
    form = EditForm(**{**loaded.form.__dict__, "title": "Remote work, again"})
    checked = check_form(form)
    text = compose(checked.values, loaded.extra, checked.body, original=page)
    assert text == page.replace("title: Remote work\n", "title: Remote work, again\n")


@pytest.mark.parametrize("body", [
    "---\ntitle: Evil\n---\n# Hi\n",
    "---\n---\n",
    "...\n---\ntype: faq\n",
])
def test_a_body_never_becomes_front_matter(body: str) -> None:
    form = EditForm("faq/x.md", title="Safe", type="howto", body=body)
    checked = check_form(form)
    text = compose(checked.values, {}, checked.body)
    page = parse_page("faq/x.md", text)
    assert page.front_matter.title == "Safe" and page.type == "howto"
    assert split_front_matter(text).body == checked.body


def test_titles_and_values_that_look_like_yaml_stay_strings() -> None:
    form = EditForm("guides/x.ar.md", title="no", owner="@someone", tags="yes, 1.0, [x]",
                    summary="key: value # not a comment", lang="ar")
    checked = check_form(form)
    assert not checked.errors
    page = parse_page("guides/x.ar.md", compose(checked.values, {}, "# العنوان\n"))
    assert page.front_matter.title == "no" and page.front_matter.owner == "@someone"
    assert page.front_matter.tags == ("yes", "1.0", "[x]")
    assert page.front_matter.summary == "key: value # not a comment"


def test_errors_name_the_field() -> None:
    form = EditForm("policies/x.id.md", title="x", type="memo", lang="ar", review_every="0",
                    last_reviewed="31/01/2026", translation_of="../x.md")
    assert set(check_form(form).errors) == {"type", "lang", "review_every", "last_reviewed",
                                            "translation_of"}


def test_source_and_rendered_diffs() -> None:
    before = "---\ntitle: A\n---\n# A\n\nOld <b>para</b>.\n\n```text\nx\n\ny\n```\n"
    after = "---\ntitle: A\n---\n# A\n\nNew para <script>x</script>.\n\n```text\nx\n\ny\n```\n"
    kinds = [(line.kind, line.text) for line in unified_diff(before, after)]
    assert ("del", "Old <b>para</b>.") in kinds and ("add", "New para <script>x</script>.") in kinds
    blocks = rendered_diff(before, after, site_markdown(REPO / "mkdocs.yml"))
    assert [b.kind for b in blocks] == ["same", "del", "add", "same"]
    assert "<script" not in blocks[2].html
    assert len(markdown_blocks("```\na\n\nb\n```\n\npara\n")) == 2  # no split inside a fence




def test_a_page_with_broken_front_matter_still_opens_with_the_reason() -> None:
    loaded = form_from_text("faq/x.md", "---\ntitle: [unclosed\n---\n# X\n", "h")
    assert loaded.problem and "not valid YAML" in loaded.problem
    assert loaded.form.title == "" and loaded.form.body == "# X\n"
