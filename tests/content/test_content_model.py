"""The content model: one parse of a page gives title, language, type and sections."""

from __future__ import annotations

from pathlib import Path

from content import load_docs, parse_page
from tests.helpers import write_page


def test_page_without_front_matter_takes_title_type_and_language_from_the_file() -> None:
    page = parse_page("policies/jam-kerja.id.md", "Intro.\n\n## Jam inti\n\nPukul 11.00–15.00.\n")
    assert page.title == "Jam kerja"
    assert page.type == "policy"
    assert page.lang == "id"
    assert page.url == "id/policies/jam-kerja/"


def test_title_falls_back_to_the_file_name_when_there_is_no_heading() -> None:
    assert parse_page("howtos/reset-password.md", "Just steps.\n").title == "Reset password"
    assert parse_page("faq/index.md", "").title == "Faq"


def test_a_page_without_an_h1_is_titled_by_its_file_name_as_on_the_site() -> None:
    # mkdocs titles such a page by its file name; a section heading ("Purpose") names a part.
    page = parse_page("training/incident_commander.md", "Intro.\n\n## Purpose\n\nWhy.\n")
    assert page.title == "Incident commander"
    assert [s.heading for s in page.sections][1:] == ["Purpose"]


def test_first_h1_wins_when_a_page_has_several() -> None:
    page = parse_page("guide.md", "## Before\n\n# First\n\n# Second\n")
    assert page.title == "First"
    assert [s.anchor for s in page.sections] == ["before", "first", "second"]


def test_hash_lines_in_code_fences_are_not_headings() -> None:
    page = parse_page(
        "howtos/shell.md",
        "# Shell\n\n```bash\n# install\npip install x\n```\n\n    # indented code\n\n## Real\n",
    )
    assert [s.heading for s in page.sections] == ["Shell", "Real"]
    assert "# install" in page.sections[0].text


def test_raw_html_blocks_keep_their_text_and_do_not_break_sections() -> None:
    page = parse_page(
        "wiki.md",
        "# Wiki\n\n<table>\n<tr><td>Amazon</td><td>24 h</td></tr>\n</table>\n\n## After\n\nok\n",
    )
    assert [s.heading for s in page.sections] == ["Wiki", "After"]
    assert "Amazon" in page.sections[0].text and "<td>" not in page.sections[0].text


def test_sections_carry_source_line_ranges_counted_in_the_whole_file() -> None:
    source = (
        "---\ntitle: Refunds\n---\nIntro line.\n\n## Window\n\n30 days.\n\n## Method\n\nCard.\n"
    )
    page = parse_page("policies/refunds.md", source)
    intro, window, method = page.sections
    assert (intro.anchor, intro.heading, intro.start_line) == ("", "Refunds", 4)
    assert (window.start_line, window.end_line) == (6, 9)
    assert window.source(source) == "## Window\n\n30 days.\n\n"
    assert (method.start_line, method.end_line) == (10, 13)


def test_inline_markup_in_headings_becomes_plain_text() -> None:
    page = parse_page("a.md", "## Use `refund --partial` for **damaged** items\n")
    assert page.sections[0].heading == "Use refund --partial for damaged items"


def test_content_hash_changes_with_the_file() -> None:
    assert parse_page("a.md", "# A\n").content_hash != parse_page("a.md", "# A!\n").content_hash


def test_loading_a_folder_reports_broken_pages_and_keeps_the_rest(docs: Path) -> None:
    write_page(docs, "good.md", "# Good\n")
    (docs / "bad.md").write_text("---\ntitle: [\n---\n# Bad\n", encoding="utf-8")
    (docs / "latin1.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    (docs / ".git").mkdir()
    (docs / ".git" / "HEAD.md").write_text("# not a page\n", encoding="utf-8")
    result = load_docs(docs)
    assert [p.path for p in result.pages] == ["good.md"]
    assert sorted(p.path for p in result.problems) == ["bad.md", "latin1.md"]
    assert "UTF-8" in next(p.message for p in result.problems if p.path == "latin1.md")
