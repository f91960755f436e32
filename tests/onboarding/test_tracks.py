"""Onboarding tracks: the YAML format, and progress rules for reading items and tasks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from content import load_docs
from onboarding import ItemStatus, TrackError, check_tracks, load_track, track_progress
from onboarding.progress import Completion
from tests.helpers import write_page

TRACK = """\
id: starter
title: Starter
default_for_roles: [new_hire]
items:
  - id: read-refunds
    read: policies/refunds.md
    due_day: 0
  - id: window
    read: policies/refunds.md#window
    due_day: 2
  - id: enable-2fa
    task: Turn on two-factor sign-in
    due_day: 1
"""


def _track(tmp_path: Path, text: str = TRACK, name: str = "starter") -> Path:
    folder = tmp_path / "onboarding"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_track_loads_in_due_order(tmp_path: Path) -> None:
    track = load_track(_track(tmp_path))
    assert [i.id for i in track.items] == ["read-refunds", "enable-2fa", "window"]
    window = track.item("window")
    assert window is not None and (window.page, window.anchor) == ("policies/refunds.md", "window")
    assert [i.phase for i in track.items] == ["Day 1", "Week 1", "Week 1"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (TRACK.replace("id: starter", "id: other"), 1, "must equal the file name"),
        (TRACK.replace("    due_day: 2", "    due_day: soon"), 8, "`due_day` must be a whole number"),
        (TRACK.replace("    task: Turn on two-factor sign-in\n", ""), 11, "exactly one of `read` or `task`"),
        (TRACK.replace("id: window", "id: read-refunds"), 8, "used twice"),
        ("id: starter\ntitle: [\n", 2, "not valid YAML"),
    ],
)
def test_broken_tracks_name_the_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    with pytest.raises(TrackError) as caught:
        load_track(_track(tmp_path, text))
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_items_pointing_at_missing_pages_or_sections_are_reported(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Method\n")
    _track(tmp_path)
    pages = {p.path: p for p in load_docs(docs).pages}
    problems = [p.format() for p in check_tracks(tmp_path / "onboarding", pages)]
    assert problems == ["onboarding/starter.yml:8: item `window`: policies/refunds.md has no #window"]


def test_an_item_pointing_at_a_draft_is_reported(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Method\n\n## Window\n", draft=True)
    _track(tmp_path)
    pages = {p.path: p for p in load_docs(docs).pages}
    problems = [p.format() for p in check_tracks(tmp_path / "onboarding", pages)]
    assert problems and all("policies/refunds.md is a draft; publish it first" in p
                            for p in problems)


def _progress(tmp_path: Path, docs: Path, completions: dict[str, Completion],
              minor: dict[str, str] | None = None, today: dt.date = dt.date(2026, 11, 3)):
    track = load_track(_track(tmp_path))
    page = next(p for p in load_docs(docs).pages if p.path == "policies/refunds.md")
    versions = {i.target: page.version_of(i.anchor) for i in track.items if i.kind == "read"}
    return track_progress(track, dt.date(2026, 11, 2), today, completions, versions, minor)


def test_overdue_done_and_progress(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\n30 days.\n")
    page = load_docs(docs).pages[0]
    now = dt.datetime(2026, 11, 2, 9, 0)
    progress = _progress(tmp_path, docs, {"read-refunds": Completion(now, page.body_hash)})
    status = {s.item.id: s.status for s in progress.items}
    assert status == {"read-refunds": ItemStatus.DONE, "enable-2fa": ItemStatus.TODO,
                      "window": ItemStatus.TODO}
    later = _progress(tmp_path, docs, {}, today=dt.date(2026, 11, 10))
    assert later.overdue == 3 and later.percent == 0
    assert progress.percent == 33


def test_a_changed_section_needs_a_reread_unless_the_edit_was_minor(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\n30 days.\n\n## Method\n\nCard.\n")
    before = load_docs(docs).pages[0]
    read = {"window": Completion(dt.datetime(2026, 11, 2), before.version_of("window"))}

    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\n30 days.\n\n## Method\n\nCash.\n")
    other_section_changed = {s.item.id: s.status for s in _progress(tmp_path, docs, read).items}
    assert other_section_changed["window"] is ItemStatus.DONE

    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\n14 days.\n\n## Method\n\nCash.\n")
    after = load_docs(docs).pages[0]
    changed = {s.item.id: s.status for s in _progress(tmp_path, docs, read).items}
    assert changed["window"] is ItemStatus.REREAD

    minor = {str(before.version_of("window")): str(after.version_of("window"))}
    typo_fix = {s.item.id: s.status for s in _progress(tmp_path, docs, read, minor).items}
    assert typo_fix["window"] is ItemStatus.DONE
