"""The starter knowledge base a team can adopt on day one: complete, consistent, buildable."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from content import Page, load_docs
from content.check import check_docs, nav_from_config
from content.urls import page_url
from onboarding import check_tracks, load_tracks
from portal.site.build import build_site
from tests.helpers import REPO

DOCS = REPO / "docs"
TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    loaded = load_docs(DOCS)
    assert not loaded.problems, [str(p) for p in loaded.problems]
    return loaded.pages


def test_deskbook_check_passes_on_the_starter_docs_and_tracks(pages: list[Page]) -> None:
    problems = check_docs(DOCS, nav_from_config(REPO / "mkdocs.yml"))
    problems += check_tracks(REPO / "onboarding", {p.path: p for p in pages})
    assert [p.format() for p in problems] == []


def test_there_is_enough_content_in_every_language_and_folder(pages: list[Page]) -> None:
    by_lang = Counter(p.lang for p in pages)
    assert by_lang["en"] >= 45 and by_lang["ar"] >= 12 and by_lang["id"] >= 12
    english = Counter(p.path.split("/")[0] for p in pages if p.lang == "en" and "/" in p.path)
    assert english["policies"] >= 8 and english["howtos"] >= 8
    assert english["case-studies"] >= 4 and english["templates"] >= 12
    faq_questions = [
        s for p in pages if p.type == "faq" and p.lang == "en" for s in p.sections if s.level == 2
    ]
    assert len(faq_questions) >= 25


def test_every_page_has_an_owner_and_a_review_date_and_some_are_overdue(pages: list[Page]) -> None:
    overdue = []
    for page in pages:
        front = page.front_matter
        assert front.owner and front.review_every and front.last_reviewed, page.path
        if front.last_reviewed + dt.timedelta(days=front.review_every) < TODAY:
            overdue.append(page.path)
    assert 3 <= len(overdue) <= len(pages) // 3, overdue


def test_templates_have_placeholders_and_rely_on_policy_sections(pages: list[Page]) -> None:
    for page in pages:
        if page.type != "template":
            continue
        source = (DOCS / page.path).read_text(encoding="utf-8")
        assert re.search(r"\{[a-z_]+\}", source), page.path
        assert page.front_matter.based_on, page.path
        assert all(ref.startswith("policies/") for ref in page.front_matter.based_on), page.path


def test_translations_name_their_english_source(pages: list[Page]) -> None:
    for page in pages:
        if page.lang != "en":
            assert page.front_matter.translation_of, page.path
    translated = {p.front_matter.translation_of for p in pages if p.lang == "ar"}
    for day_one in ("index.md", "policies/remote-work.md", "policies/response-times.md",
                    "policies/customer-data-and-privacy.md", "policies/tools.md"):
        assert day_one in translated
        assert day_one in {p.front_matter.translation_of for p in pages if p.lang == "id"}


def test_tracks_exist_for_new_agents_and_new_leads_and_resolve(pages: list[Page]) -> None:
    tracks = load_tracks(REPO / "onboarding")
    assert {"new-agent", "new-team-lead"} <= set(tracks)
    agent = tracks["new-agent"]
    assert {"Day 1", "Week 1", "Month 1"} <= {item.phase for item in agent.items}
    assert {"read", "task"} == {item.kind for item in agent.items}
    anchors = {p.path: p.anchors for p in pages}
    for track in tracks.values():
        for item in track.items:
            if item.kind == "read":
                assert item.page in anchors, item.id
                assert not item.anchor or item.anchor in anchors[str(item.page)], item.id


@pytest.mark.slow
def test_the_site_builds_strict_with_arabic_right_to_left_and_nothing_external(
    pages: list[Page], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(DOCS, site, REPO / "mkdocs.yml", strict=True)
    arabic = next(p for p in pages if p.path == "policies/remote-work.ar.md")
    html = (site / page_url(arabic.path) / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in html and '<body dir="rtl"' in html
    assert (site / "templates" / "refund-confirmation" / "index.html").is_file()
    assert "Owner" not in html and arabic.front_matter.owner in html
    for built in site.rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        external = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', text)
        loaded_from_outside = [
            e for e in external if re.search(r"\.(js|css|woff2?|ttf|png|svg|jpg)\b", e)
        ]
        assert not loaded_from_outside, (built, loaded_from_outside)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
