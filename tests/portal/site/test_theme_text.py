"""What mkdocs-material prints around the article from a page's own text — front matter, the
navigation, the table of contents — shows as text in the built site, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from portal.site.build import build_site
from tests.helpers import REPO, inline_scripts, write_page
from tests.hostile import HOSTILE_H1S

pytestmark = pytest.mark.slow


class _Page(HTMLParser):
    """The elements of a built page that matter here: every tag with its attributes, and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def assert_inert(path: Path) -> None:
    """No element or attribute a script could come from."""
    page = parsed(path)
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
        assert tag != "script" or "src" in attrs or attrs.get("type") == "application/json", (
            path, attrs)
        if tag == "meta":
            assert attrs.get("http-equiv") is None, (path, attrs)
    assert not inline_scripts(path.read_text(encoding="utf-8")), path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("theme") / "docs"
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    # Folders become navigation sections titled after their names.
    write_page(docs, "<img src=x onerror=alert('section')>/page.md", "# In a folder\n")
    write_page(
        docs, "faq/meta.md", "# Meta\n\nText.\n",
        title="Meta", description={"\" autofocus onfocus=alert('key') x=\"": "\"><script>alert('dict')</script>"},
        author=["</title><script>alert('list')</script>"],
        template="redirect.html", location="javascript:alert('redirect')",
    )
    # Pages without front matter (an imported handbook) take their title from the first H1.
    for name, heading in HOSTILE_H1S.items():
        write_page(docs, f"notes/{name}.md", f"# {heading[0]}\n\nText.\n")
    site = docs.parent / "site"
    build_site(docs, site, REPO / "mkdocs.yml")
    return site


def _title(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(text[text.index("<title>"):text.index("</head>")])
    return page.texts[0]


@pytest.mark.parametrize("name", HOSTILE_H1S)
def test_a_title_from_an_h1_is_escaped_once_wherever_the_theme_puts_it(
    site: Path, name: str
) -> None:
    shown = HOSTILE_H1S[name][1]
    page = site / "notes" / name / "index.html"
    assert_inert(page)
    assert _title(page) == f"{shown} - Deskbook"
    texts = [" ".join(t.split()) for t in parsed(page).texts]
    assert texts.count(shown) >= 2  # the header and the navigation


def test_a_section_named_after_a_hostile_folder_is_text_in_every_navigation(site: Path) -> None:
    for path in site.rglob("*.html"):
        assert_inert(path)
    home = "".join(parsed(site / "index.html").texts)
    assert "<img src=x onerror=alert('section')>" in home  # shown, as text


def test_front_matter_lists_and_mappings_are_escaped_like_strings(site: Path) -> None:
    page = site / "faq" / "meta" / "index.html"
    assert_inert(page)
    description = next(attrs["content"] for tag, attrs in parsed(page).tags
                       if tag == "meta" and attrs.get("name") == "description")
    assert description is not None and "alert('dict')" in description  # text inside the value


def test_a_page_cannot_pick_another_template(site: Path) -> None:
    """The theme's redirect template runs an inline script that navigates to the page's
    `location`; every page is drawn by the site's own template instead."""
    page = (site / "faq" / "meta" / "index.html").read_text(encoding="utf-8")
    assert "window.location.replace" not in page and "javascript:" not in page
    assert '<meta name="deskbook-page" content="faq/meta.md">' in page
