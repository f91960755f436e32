"""A heading's id is letters, digits, `-`, `_` and `.` — refused everywhere else, naming the
heading: the content model (so `deskbook check` and every write through the docstore), and the
site build itself, which prints ids into the table of contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import InvalidHeading, parse_page
from content.check import check_docs
from portal.sitebuild import SiteBuildError, build_site
from tests.helpers import REPO, write_page
from tests.hostile import BAD_HEADING_IDS, GOOD_HEADING_IDS


@pytest.mark.parametrize("heading", BAD_HEADING_IDS)
def test_a_heading_id_outside_the_allowed_characters_is_refused_naming_the_heading(
    heading: str,
) -> None:
    with pytest.raises(InvalidHeading) as refused:
        parse_page("faq/x.md", f"# Page\n\nIntro.\n\n{heading}\n\nText.\n")
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
    assert [s.anchor for s in parse_page("x.md", source).sections] == ["page"]


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
