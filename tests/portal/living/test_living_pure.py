"""Living documents as plain functions: review order, front-matter edits, stale templates and
out-of-date translations from a real git history (no Flask)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from content import load_docs, parse_page
from portal.diffing import DiffLine
from portal.docstore import DocStore
from portal.insights.page_urls import docs_path_for_url
from portal.insights.usage import normalise_query
from portal.living import (
    due_for_review,
    outdated_translations,
    set_last_reviewed,
    stale_templates,
)
from tests.helpers import write_page

TODAY = dt.date(2026, 11, 22)


def _page(path: str, **front: object) -> object:
    import yaml

    text = "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n# T\n\nBody.\n"
    return parse_page(path, text)


def test_overdue_pages_come_first_then_the_most_used() -> None:
    pages = [
        _page("a.md", review_every=30, last_reviewed=dt.date(2026, 11, 1)),  # due 12-01, current
        _page("b.md", review_every=30, last_reviewed=dt.date(2026, 9, 1)),  # overdue
        _page("c.md", review_every=30, last_reviewed=dt.date(2026, 8, 1)),  # overdue, more used
        _page("d.md", review_every=90),  # never reviewed: overdue
        _page("e.md", review_every=90, last_reviewed=dt.date(2026, 11, 20)),  # current, most used
        _page("f.md"),  # no interval
    ]
    views = {"a.md": 5, "b.md": 1, "c.md": 7, "e.md": 9, "f.md": 50}
    opens = {"b.md": 1, "c.md": 1}
    rows = due_for_review(pages, views, opens, TODAY)  # type: ignore[arg-type]
    # Overdue by use (c 8, b 2, d 0), then current by use (e 9, a 5), then pages with no interval.
    assert [r.path for r in rows] == ["c.md", "b.md", "d.md", "e.md", "a.md", "f.md"]
    by_path = {r.path: r for r in rows}
    assert by_path["b.md"].overdue and by_path["b.md"].due == dt.date(2026, 10, 1)
    assert by_path["b.md"].days_overdue == 52
    assert by_path["d.md"].overdue and by_path["d.md"].due is None
    assert not by_path["a.md"].overdue and not by_path["f.md"].overdue
    assert by_path["c.md"].use == 8 and by_path["b.md"].use == 2


def test_a_page_due_today_is_not_yet_overdue() -> None:
    page = _page("a.md", review_every=10, last_reviewed=dt.date(2026, 11, 12))
    (row,) = due_for_review([page], {}, {}, TODAY)  # type: ignore[list-item]
    assert row.due == TODAY and not row.overdue


SOURCE = """\
---
title: Refunds   # the page title
type: policy
review_every: 90
last_reviewed: 2026-01-05  # by Amira
owner: amira@lumen.example
---
# Refunds

## Window

30 days.
"""


def test_set_last_reviewed_changes_only_that_line() -> None:
    updated = set_last_reviewed("policies/refunds.md", SOURCE, TODAY)
    before, after = SOURCE.splitlines(), updated.splitlines()
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [("last_reviewed: 2026-01-05  # by Amira", "last_reviewed: 2026-11-22  # by Amira")]
    assert parse_page("policies/refunds.md", updated).front_matter.last_reviewed == TODAY


def test_set_last_reviewed_adds_the_key_after_the_interval_or_a_block() -> None:
    without = SOURCE.replace("last_reviewed: 2026-01-05  # by Amira\n", "")
    updated = set_last_reviewed("p.md", without, TODAY)
    assert "review_every: 90\nlast_reviewed: 2026-11-22\nowner:" in updated
    bare = "# Plain\n\nNo front matter.\n"
    added = set_last_reviewed("p.md", bare, TODAY)
    assert added == "---\nlast_reviewed: 2026-11-22\n---\n" + bare
    assert parse_page("p.md", added).body_hash == parse_page("p.md", bare).body_hash


# --- git history -----------------------------------------------------------------------------


def _git(repo: Path, *args: str, when: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Seed", "GIT_AUTHOR_EMAIL": "seed@x",
           "GIT_COMMITTER_NAME": "Seed", "GIT_COMMITTER_EMAIL": "seed@x"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True, env=env).stdout


def _commit(docs: Path, message: str, when: str) -> None:
    _git(docs, "add", "--all")
    _git(docs, "commit", "--quiet", "-m", message, when=when)


POLICY = "# Refunds\n\n## Window\n\nCustomers have 30 days.\n\n## Method\n\nCard.\n"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    write_page(docs, "policies/refunds.md", POLICY, title="Refunds", type="policy")
    write_page(docs, "templates/refund-ok.md", "# Refund OK\n\n## Reply\n\n```text\nDone.\n```\n",
               title="Refund OK", type="template", review_every=90,
               last_reviewed=dt.date(2026, 3, 1), based_on=["policies/refunds.md#window"])
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## المدة\n\n30 يوما.\n",
               title="الاسترداد", translation_of="policies/refunds.md")
    _git(docs, "init", "--quiet")
    _commit(docs, "seed", "2026-02-01T10:00:00Z")
    return docs


def _state(docs: Path) -> tuple[DocStore, dict[str, object]]:
    store = DocStore(docs, docs.parent / "index", None, docs.parent / "instance" / "docs.lock")
    return store, {p.path: p for p in load_docs(docs).pages}


def test_a_template_goes_stale_when_its_policy_section_changes_after_its_review(docs: Path) -> None:
    store, pages = _state(docs)
    assert stale_templates(store, pages) == []  # type: ignore[arg-type]

    # Another section changing does not make the template stale.
    write_page(docs, "policies/refunds.md", POLICY.replace("Card.", "Card or PayPal."),
               title="Refunds", type="policy")
    _commit(docs, "methods", "2026-04-01T10:00:00Z")
    store, pages = _state(docs)
    assert stale_templates(store, pages) == []  # type: ignore[arg-type]

    write_page(docs, "policies/refunds.md",
               POLICY.replace("Card.", "Card or PayPal.").replace("30 days", "14 days"),
               title="Refunds", type="policy")
    _commit(docs, "Shorter window", "2026-04-02T10:00:00Z")
    store, pages = _state(docs)
    (stale,) = stale_templates(store, pages)  # type: ignore[arg-type]
    assert stale.template.path == "templates/refund-ok.md"
    assert stale.reference == "policies/refunds.md#window" and not stale.missing
    assert DiffLine("del", "Customers have 30 days.") in stale.diff
    assert DiffLine("add", "Customers have 14 days.") in stale.diff
    assert stale.last_change is not None and stale.last_change.subject == "Shorter window"


def test_reviewing_the_template_after_the_change_clears_it(docs: Path) -> None:
    write_page(docs, "policies/refunds.md", POLICY.replace("30 days", "14 days"),
               title="Refunds", type="policy")
    _commit(docs, "Shorter window", "2026-04-02T10:00:00Z")
    template = docs / "templates/refund-ok.md"
    template.write_text(template.read_text().replace("2026-03-01", "2026-04-02"))
    _commit(docs, "reviewed", "2026-04-03T10:00:00Z")
    store, pages = _state(docs)
    assert stale_templates(store, pages) == []  # type: ignore[arg-type]


def test_a_removed_policy_section_is_reported_missing(docs: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Method\n\nCard.\n", title="Refunds")
    _commit(docs, "drop window", "2026-05-01T10:00:00Z")
    store, pages = _state(docs)
    (stale,) = stale_templates(store, pages)  # type: ignore[arg-type]
    assert stale.missing and DiffLine("del", "Customers have 30 days.") in stale.diff


def test_a_translation_is_out_of_date_when_its_source_changes_later(docs: Path) -> None:
    store, pages = _state(docs)
    assert outdated_translations(store, pages) == []  # type: ignore[arg-type]

    # A front-matter-only change of the source (e.g. marked reviewed) does not count.
    source = docs / "policies/refunds.md"
    source.write_text(source.read_text().replace("type: policy", "type: policy\nowner: a@x"))
    _commit(docs, "owner", "2026-02-05T10:00:00Z")
    store, pages = _state(docs)
    assert outdated_translations(store, pages) == []  # type: ignore[arg-type]

    source.write_text(source.read_text().replace("30 days", "14 days"))
    _commit(docs, "Shorter window", "2026-03-01T10:00:00Z")
    store, pages = _state(docs)
    (late,) = outdated_translations(store, pages)  # type: ignore[arg-type]
    assert late.translation.path == "policies/refunds.ar.md" and late.source == "policies/refunds.md"
    assert DiffLine("del", "Customers have 30 days.") in late.diff and DiffLine("add", "Customers have 14 days.") in late.diff
    assert late.updated_as_of == dt.datetime(2026, 2, 1, 10, tzinfo=dt.UTC)

    # Updating the translation afterwards brings it up to date.
    translation = docs / "policies/refunds.ar.md"
    translation.write_text(translation.read_text().replace("30 يوما", "14 يوما"))
    _commit(docs, "translate", "2026-03-02T10:00:00Z")
    store, pages = _state(docs)
    assert outdated_translations(store, pages) == []  # type: ignore[arg-type]


def test_a_translation_marked_reviewed_after_the_change_is_current(docs: Path) -> None:
    source = docs / "policies/refunds.md"
    source.write_text(source.read_text().replace("30 days", "14 days"))
    _commit(docs, "Shorter window", "2026-03-01T10:00:00Z")
    translation = docs / "policies/refunds.ar.md"
    translation.write_text(translation.read_text().replace("translation_of:", "last_reviewed: 2026-03-01\ntranslation_of:"))
    store, pages = _state(docs)  # not even committed: last_reviewed alone counts
    assert outdated_translations(store, pages) == []  # type: ignore[arg-type]


def test_urls_map_back_to_docs_pages(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    assert docs_path_for_url(docs, "policies/refunds/") == "policies/refunds.md"
    assert docs_path_for_url(docs, "policies/refunds/index.html") == "policies/refunds.md"
    assert docs_path_for_url(docs, "ar/policies/refunds/") == "policies/refunds.ar.md"
    assert docs_path_for_url(docs, "") == "index.md"
    assert docs_path_for_url(docs, "search/") == "/search/"
    assert docs_path_for_url(docs, "../etc/") == "/../etc/"


def test_queries_are_normalised() -> None:
    assert normalise_query("  Refund \t WINDOW ") == "refund window"
    assert normalise_query("x" * 400) == "x" * 300


def test_the_most_reused_page_comes_first_among_the_overdue() -> None:
    pages = [
        _page("viewed.md", review_every=30, last_reviewed=dt.date(2026, 8, 1)),
        _page("reused.md", review_every=30, last_reviewed=dt.date(2026, 8, 1)),
    ]
    views = {"viewed.md": 40, "reused.md": 2}
    rows = due_for_review(pages, views, {}, TODAY, {"reused.md": 3})  # type: ignore[arg-type]
    assert [r.path for r in rows] == ["reused.md", "viewed.md"]
    assert rows[0].reuses == 3 and rows[1].reuses == 0
