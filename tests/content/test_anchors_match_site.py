"""Every heading id in the built HTML equals the content model's anchor for that heading."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from content import load_docs
from content.urls import page_url
from portal.site.build import build_site
from tests.helpers import REPO, write_page

FIXTURES = {
    "policies/duplicates.md": """
        # Duplicates

        ## Notes
        ## Notes
        ## Notes_1
        ## Notes
        ### Amazon & eBay: 24-hour rule
        ## Use `refund --partial` for **damaged** items
        ## Emoji 🚀 launch ✅
        ## :smile: shortcodes stay text
        ## C'est l'été — déjà?
        ## Custom id {#my-anchor}
        ## Notes_1
        """,
    "policies/remote-work.ar.md": """
        # سياسة العمل عن بُعد

        ## ساعات العمل الأساسية
        ## الأمن والخصوصية
        ## ساعات العمل الأساسية
        ## أوقاتُ الرّدِّ على العملاء
        """,
    "policies/remote-work.id.md": """
        # Kebijakan kerja jarak jauh

        ## Jam kerja inti (11.00–15.00 UTC)
        ## Keamanan & privasi
        ## Perangkat kerja
        """,
    "policies/remote-work.md": """
        # Remote work

        ## Core hours
        """,
    "wiki/export.md": """
        Text before any heading.

        <div class="legacy"><p>Raw HTML</p></div>

        # First H1
        ```
        # not a heading
        ```
        # Second H1
        Setext heading
        --------------
        """,
}


class _HeadingIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.in_article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self.in_article = True
        elif (
            self.in_article and tag in {"h1", "h2", "h3", "h4", "h5", "h6"} and attributes.get("id")
        ):
            self.ids.append(str(attributes["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article = False


@pytest.mark.slow
def test_heading_ids_in_the_built_site_equal_the_model_anchors(docs: Path, tmp_path: Path) -> None:
    for relative, body in FIXTURES.items():
        write_page(docs, relative, body)
    write_page(docs, "index.md", "# Home\n")
    site = tmp_path / "site"
    build_site(docs, site, REPO / "mkdocs.yml")

    loaded = load_docs(docs)
    assert not loaded.problems
    for page in loaded.pages:
        html_file = site / page_url(page.path) / "index.html"
        parser = _HeadingIds()
        parser.feed(html_file.read_text(encoding="utf-8"))
        expected = [s.anchor for s in page.sections if s.anchor]
        assert parser.ids == expected, page.path

    arabic = next(p for p in loaded.pages if p.path == "policies/remote-work.ar.md")
    assert "ساعات-العمل-الأساسية_1" in arabic.anchors
    duplicates = next(p for p in loaded.pages if p.path == "policies/duplicates.md")
    assert [s.anchor for s in duplicates.sections][1:5] == [
        "notes",
        "notes_1",
        "notes_2",
        "notes_3",
    ]
