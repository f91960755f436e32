"""A heading's id is letters, digits, `-`, `_` and `.` — refused everywhere else, naming the
heading: `deskbook check`, every write through the docstore, and the site build itself, which
prints ids into the table of contents. Reading and searching such a page go on."""

from __future__ import annotations

from pathlib import Path

import pytest

import search
from content import InvalidHeading, parse_page
from content.check import check_docs
from content.parse import check_heading_ids
from portal.site.build import SiteBuildError, build_site
from tests.helpers import REPO, write_page
from tests.hostile import BAD_HEADING_IDS, GOOD_HEADING_IDS


@pytest.mark.parametrize("heading", BAD_HEADING_IDS)
def test_a_heading_id_outside_the_allowed_characters_is_refused_naming_the_heading(
    heading: str,
) -> None:
    with pytest.raises(InvalidHeading) as refused:
        check_heading_ids("faq/x.md", f"# Page\n\nIntro.\n\n{heading}\n\nText.\n")
    assert refused.value.line == 5
    name = heading.lstrip("#").split("{")[0].strip()
    assert f"the heading “{name}” sets the id" in refused.value.message
    assert "letters, digits, '-', '_' and '.'" in refused.value.message


@pytest.mark.parametrize(("heading", "anchor"), GOOD_HEADING_IDS.items())
def test_letters_of_any_script_digits_and_dash_underscore_dot_are_allowed(
    heading: str, anchor: str
) -> None:
    page = parse_page("faq/x.md", f"# Page\n\n{heading}\n\nText.\n")
    assert page.sections[-1].anchor == anchor


def test_an_id_inside_a_code_block_is_text_not_an_id() -> None:
    source = "# Page\n\n```\n## Example {#x\"><script>}\n```\n\n    ## Indented {#<b>}\n"
    check_heading_ids("x.md", source)
    assert [s.anchor for s in parse_page("x.md", source).sections] == ["page"]


def test_a_page_with_such_an_id_is_still_read_and_searched(docs: Path, tmp_path: Path) -> None:
    """An imported handbook's `{##slack-channel}` is refused by check and the site build, but
    the page is not dropped from the content model or the search index."""
    write_page(docs, "handbook.md", "# Handbook\n\n## Slack channel {##slack}\n\nAsk here.\n")
    page = parse_page("handbook.md", (docs / "handbook.md").read_text())
    assert [s.heading for s in page.sections] == ["Handbook", "Slack channel"]
    assert search.build_index(docs, tmp_path / "index").problems == []


def test_check_reports_the_file_line_and_heading(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n\n## Escaped {#x\"\\><script\\>alert(1)</script\\>}\n")
    assert [p.format() for p in check_docs(docs)] == [
        "index.md:3: the heading “Escaped” sets the id “x\"\\><script\\>alert(1)</script\\>”: "
        "heading ids may only use letters, digits, '-', '_' and '.'; change the id or remove "
        "the {#…}"
    ]


@pytest.mark.slow
def test_the_site_build_refuses_such_an_id_and_keeps_the_site_it_had(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    site = tmp_path / "site"
    build_site(docs, site, REPO / "mkdocs.yml")
    before = site.resolve()
    write_page(docs, "faq/x.md", "# FAQ\n\n" + BAD_HEADING_IDS[0] + "\n\nText.\n")
    with pytest.raises(SiteBuildError) as refused:
        build_site(docs, site, REPO / "mkdocs.yml")
    assert "faq/x.md: the heading “" in str(refused.value)
    assert site.resolve() == before
    assert not list(site.rglob("faq/x/index.html"))
