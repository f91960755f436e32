"""What a preview shows is what the site will show: the portal renders a page's Markdown with
the site's extensions (admonitions, definition lists, tables, details, attribute lists) and the
same sanitiser, so the preview's HTML has the built page's structure."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.site.build import build_site
from tests.helpers import REPO, write_page
from tests.portal.helpers import page_csrf

MARKDOWN = (Path(__file__).parent / "fixtures" / "site_markdown.md").read_text("utf-8")
PAGE = "guides/rendering.md"


class _Structure(HTMLParser):
    """Each element as (tag, id, classes) and each run of text, in document order; only inside
    the built page's article when `article_only`."""

    def __init__(self, article_only: bool) -> None:
        super().__init__()
        self.depth = 0 if article_only else 1
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article" and "md-content__inner" in (found.get("class") or ""):
            self.depth = 1
            return
        if self.depth:
            self.depth += tag not in ("img", "br", "hr", "input")
            self.items.append((tag, found.get("id") or "", found.get("class") or ""))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in ("img", "br", "hr", "input"):
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and data.strip():
            self.items.append(("text", " ".join(data.split())))


def _structure(html: str, article_only: bool = False) -> list[tuple[str, ...]]:
    parser = _Structure(article_only)
    parser.feed(html)
    return parser.items


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, PAGE, MARKDOWN)
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, tmp_path: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "SITE_DIR": str(tmp_path / "kb-site")}


@pytest.mark.slow
def test_the_preview_of_a_page_has_the_built_pages_html_structure(
    lead: FlaskClient, kb: Path, settings: dict[str, Any]
) -> None:
    build_site(kb, Path(settings["SITE_DIR"]), REPO / "mkdocs.yml")
    built = (Path(settings["SITE_DIR"]) / "guides/rendering/index.html").read_text("utf-8")
    site = _structure(built, article_only=True)

    token = page_csrf(lead, f"/portal/editor/edit?page={PAGE}")
    headers = {"X-CSRFToken": token}
    editor = lead.post("/portal/editor/preview", json={"markdown": MARKDOWN, "page": PAGE},
                       headers=headers).get_json()["html"]
    capture = lead.post("/portal/capture/preview", json={"markdown": MARKDOWN},
                        headers=headers).get_json()["html"]

    assert _structure(editor) == site
    assert _structure(capture) == site
    tags = {item[0] for item in site}
    assert {"dl", "dt", "dd", "table", "details", "summary"} <= tags
    assert ("div", "", "admonition note") in site and ("h2", "steps", "wide") in site
    assert "script" not in tags and "alert(1)" not in editor
