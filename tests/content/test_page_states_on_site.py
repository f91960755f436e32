"""Page states as the site shows them: reviewed by whom and when, next review, due or overdue;
an archived page out of the navigation and search, saying so and where to go instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from content import parse_page
from search.schema import page_documents
from tests.content.test_drafts import _build
from tests.helpers import write_page

TODAY = dt.datetime.now(dt.UTC).date()


@pytest.mark.slow
def test_the_site_shows_each_page_state_and_an_archived_page_leaves_the_navigation(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "policies/fresh.md", "# Fresh rules\n\nCurrent.\n", owner="a@example.com",
               review_every=90, last_reviewed=TODAY, reviewed_by="lead@example.com")
    write_page(docs, "policies/stale.md", "# Stale rules\n\nOld.\n", review_every=30,
               last_reviewed=TODAY - dt.timedelta(days=100))
    write_page(docs, "policies/old-refunds.md", "# Old refunds\n\nGone.\n",
               archived=TODAY, archived_by="lead@example.com",
               archive_reason="Merged into <b>Fresh rules</b>.", replaced_by="policies/fresh.md")
    site = tmp_path / "site"

    _build(docs, site)

    fresh = (site / "policies" / "fresh" / "index.html").read_text("utf-8")
    next_review = (TODAY + dt.timedelta(days=90)).isoformat()
    assert f'data-state="reviewed" data-next-review="{next_review}">Reviewed<' in fresh
    assert "by lead@example.com" in fresh
    assert f'Next review: <time datetime="{next_review}">' in fresh
    assert "Old refunds" not in fresh  # not in the navigation
    stale = (site / "policies" / "stale" / "index.html").read_text("utf-8")
    assert 'data-state="overdue" data-next-review=' in stale and ">Overdue for review<" in stale
    archived = (site / "policies" / "old-refunds" / "index.html").read_text("utf-8")
    assert 'data-state="archived"' in archived
    assert "This page is archived and no longer kept up to date." in archived
    assert "Merged into &lt;b&gt;Fresh rules&lt;/b&gt;." in archived
    assert 'Go to: <a href="../fresh/">' in archived


def test_nobody_finds_an_archived_page() -> None:
    text = "---\narchived: 2026-12-01\n---\n# Old refunds\n\nGone.\n"
    assert page_documents(parse_page("policies/old-refunds.md", text)) == []
