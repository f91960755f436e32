"""The page schema is the one definition of languages, types and front matter: the site,
search, templates and README agree with it, and its file-name rule is one rule."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
import yaml

from content import parse_page
from content.newpage import TEMPLATES, new_page_text, template_body
from content.schema import (
    FEATURE_KEYS,
    KEYS,
    LANGUAGES,
    MAX_SLUG,
    PAGE_TYPES,
    SITE_ORDER,
    file_slug,
    is_file_slug,
    page_path,
    type_of_path,
    validate_front_matter,
)
from search.analysis import ANALYZERS, STOP_WORDS
from tests.helpers import REPO

SLUG_CASES = [
    tuple(part.strip().strip('"') for part in line.split(" → "))
    for line in (Path(__file__).parent / "fixtures" / "file_slugs.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.mark.parametrize(("title", "slug"), SLUG_CASES)
def test_a_title_gives_one_file_name_and_that_name_is_a_valid_typed_one(
    title: str, slug: str
) -> None:
    assert file_slug(title) == slug
    assert is_file_slug(slug) == bool(slug)


def test_file_names_are_capped_without_a_trailing_hyphen() -> None:
    slug = file_slug("word " * 40)
    assert len(slug) <= MAX_SLUG and not slug.endswith("-") and is_file_slug(slug)
    assert not is_file_slug("Capitals") and not is_file_slug("two--hyphens")


def test_every_type_has_a_folder_that_implies_it_a_template_and_titles_in_every_language() -> None:
    for kind, page_type in PAGE_TYPES.items():
        path = page_path(kind, "x", "ar")
        assert path == f"{page_type.folder}/x.ar.md" and type_of_path(path) == kind
        assert parse_page(path, "# T\n").type == kind
        assert (TEMPLATES / f"{kind}.md").is_file()
        assert set(page_type.section_titles) in (set(), set(LANGUAGES)), kind
    assert set(SITE_ORDER) <= set(PAGE_TYPES)
    assert type_of_path("glossary.md") == "reference" and type_of_path("notes.md") == "guide"


def test_mkdocs_builds_exactly_the_schemas_languages() -> None:
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    built = {item["locale"]: item["name"] for item in i18n["languages"]}
    assert built == {code: language.name for code, language in LANGUAGES.items()}
    default = next(item["locale"] for item in i18n["languages"] if item.get("default"))
    assert default == "en"


def test_search_analyzes_every_language_of_the_schema() -> None:
    assert set(ANALYZERS) == set(STOP_WORDS) == set(LANGUAGES)


def test_one_validator_reports_every_bad_key_at_once() -> None:
    checked = validate_front_matter(
        {"title": " Refunds ", "type": "memo", "tags": ["a", "a", "b"], "lang": "en",
         "review_every": 0, "last_reviewed": "2026-02-30", "based_on": "policies/x.md#y",
         "audience": "agents"},
        "policies/refunds.ar.md",
    )
    assert checked.values == {"title": "Refunds", "tags": ["a", "b"],
                              "based_on": ["policies/x.md#y"]}
    assert set(checked.errors) == {"type", "lang", "review_every", "last_reviewed"}
    assert checked.errors["lang"] == "must be ar (the file name ends in .ar.md), got 'en'"
    assert checked.extra == {"audience": "agents"}


def test_a_new_page_has_complete_front_matter_with_its_types_review_interval() -> None:
    text = new_page_text("faq", "Gift wrap: how? #", "lead@example.com", dt.date(2026, 3, 1),
                         "Yes.\n", summary="Wrapping.")
    assert text.startswith(
        "---\ntitle: 'Gift wrap: how? #'\ntype: faq\nowner: lead@example.com\nlang: en\n"
        "review_every: 60\nlast_reviewed: 2026-03-01\nsummary: Wrapping.\n---\n\n"
        "# Gift wrap: how? \\#\n\nYes.\n"
    )
    page = parse_page("faq/gift-wrap.md", text)
    assert page.title == "Gift wrap: how? #" and page.front_matter.review_every == 60
    assert [s.heading for s in page.sections] == ["Gift wrap: how? #"]


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_template_starts_below_the_title_the_writer_adds(kind: str) -> None:
    body = template_body(kind)
    assert not body.lstrip().startswith("# ")
    page = parse_page(page_path(kind, "x"), new_page_text(kind, "A title", "o@x", dt.date.today(),
                                                          body))
    assert page.sections[0].heading == "A title" and page.sections[0].level == 1


def test_a_feature_key_is_the_key_its_module_reads() -> None:
    for key in FEATURE_KEYS:
        assert key.name == importlib.import_module(key.checked_by).FRONT_MATTER_KEY
        assert key.name not in KEYS  # kept in `extra` for its feature, as written
