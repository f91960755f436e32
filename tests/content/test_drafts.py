"""Drafts: a page whose front matter says `draft: true` is shown nowhere until it is published,
and publishing it changes nothing but that key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

import search
from content import parse_page
from content.drafts import is_draft, published_text
from content.newpage import new_page_text
from content.schema import validate_front_matter
from search.schema import page_documents
from tests.helpers import REPO, write_page

TODAY = dt.date(2026, 12, 3)


def _build(docs: Path, site: Path) -> None:
    config = load_config(config_file=str(REPO / "mkdocs.yml"), docs_dir=str(docs),
                         site_dir=str(site), strict=True)
    config.plugins["deskbook"].config.skip_index = True
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)


@pytest.mark.slow
def test_a_draft_is_not_on_the_site_and_a_draft_translation_leaves_the_english_page(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n\nSee [the escalation policy](policies/escalation.md).\n")
    write_page(docs, "policies/escalation.md", "# Escalation\n\nEscalate after two hours.\n")
    write_page(docs, "policies/escalation.id.md", "# Eskalasi\n\nNyatakan aturannya.\n",
               lang="id", draft=True)
    write_page(docs, "policies/secret-plan.md", "# Secret plan\n\nNot yet decided.\n",
               draft=True)
    write_page(docs, "policies/links-to-draft.md",
               "# Links\n\nSoon: [the plan](secret-plan.md).\n")
    site = tmp_path / "site"

    _build(docs, site)

    assert not (site / "policies" / "secret-plan").exists()
    english = (site / "id" / "policies" / "escalation" / "index.html").read_text("utf-8")
    assert "Escalate after two hours" in english and "Nyatakan" not in english
    built = "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "Secret plan" not in built and "Nyatakan" not in built  # not in any navigation


def test_a_new_page_can_start_as_a_draft_and_publishing_it_removes_only_the_key() -> None:
    draft = new_page_text("policy", "Secret plan", "lead@example.com", TODAY, "## Rule\n",
                          draft=True)
    live = new_page_text("policy", "Secret plan", "lead@example.com", TODAY, "## Rule\n")

    assert is_draft(draft) and not is_draft(live)
    assert parse_page("policies/secret-plan.md", draft).front_matter.draft
    assert published_text(draft) == live
    assert published_text(live) == live


def test_publishing_keeps_every_other_byte_as_it_was() -> None:
    text = ("---\r\ntitle: 'Plan'   # quoted\r\ndraft: true\r\nowner: a@example.com\r\n---\r\n"
            "\r\n# Plan\r\n\r\nBody without a final newline")

    assert published_text(text) == text.replace("draft: true\r\n", "")


def test_draft_takes_only_true() -> None:
    assert validate_front_matter({"draft": True}).values == {"draft": True}
    assert "draft" in validate_front_matter({"draft": False}).errors
    assert "draft" in validate_front_matter({"draft": "yes"}).errors
    assert not is_draft("---\ntitle: draft: notes\n---\n")  # no YAML it can read: no draft
    assert not is_draft("# draft: true\n")


def test_nobody_finds_a_draft_and_a_page_made_a_draft_leaves_the_index(
    docs: Path, tmp_path: Path
) -> None:
    page = write_page(docs, "policies/plan.md", "# Plan\n\nZanzibar shipments wait.\n")
    index = tmp_path / "index"
    search.build_index(docs, index)
    assert search.index_page_count(index) == 1

    text = page.read_text("utf-8")
    page.write_text(text.replace("# Plan", "---\ndraft: true\n---\n# Plan", 1), "utf-8")
    search.update_index(docs, index, ["policies/plan.md"])

    assert search.index_page_count(index) == 0
    assert page_documents(parse_page("policies/plan.md", page.read_text("utf-8"))) == []
