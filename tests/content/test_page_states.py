"""Page states as readers see them, from a page's review dates and archive mark."""

from __future__ import annotations

import datetime as dt

from content.schema import (
    DUE_SOON_DAYS,
    LANGUAGES,
    PAGE_STATES,
    next_review,
    page_state,
)

TODAY = dt.date(2026, 12, 3)


def _state(last: dt.date | None, every: int | None, archived: dt.date | None = None) -> str | None:
    return page_state(TODAY, last_reviewed=last, review_every=every, archived=archived)


def test_a_page_reviewed_within_its_interval_is_reviewed_until_its_review_comes_near() -> None:
    assert _state(dt.date(2026, 11, 1), 90) == "reviewed"
    due = TODAY + dt.timedelta(days=DUE_SOON_DAYS)
    assert _state(due - dt.timedelta(days=90), 90) == "due"
    assert _state(due - dt.timedelta(days=91), 90) == "due"
    assert _state(due - dt.timedelta(days=89), 90) == "reviewed"


def test_a_page_past_its_review_date_or_never_reviewed_is_overdue() -> None:
    assert _state(dt.date(2026, 1, 1), 90) == "overdue"
    assert _state(TODAY - dt.timedelta(days=90), 90) == "due"  # due today, not yet overdue
    assert _state(None, 90) == "overdue"


def test_without_an_interval_a_page_is_reviewed_once_reviewed_and_says_nothing_before() -> None:
    assert _state(dt.date(2020, 1, 1), None) == "reviewed"
    assert _state(None, None) is None


def test_an_archived_page_is_archived_whatever_its_review_dates() -> None:
    assert _state(dt.date(2026, 1, 1), 90, archived=dt.date(2026, 12, 1)) == "archived"


def test_next_review_needs_a_first_review_and_an_interval() -> None:
    assert next_review(dt.date(2026, 9, 14), 90) == dt.date(2026, 12, 13)
    assert next_review(None, 90) is None
    assert next_review(dt.date(2026, 9, 14), None) is None
    assert next_review(dt.date(9999, 12, 30), 90) == dt.date.max


def test_every_state_has_a_label_in_every_language() -> None:
    for state in PAGE_STATES.values():
        assert set(state.labels) == set(LANGUAGES)
    assert {s.kcs for s in PAGE_STATES.values()} == {"work in progress", "validated", "archived"}


def test_a_draft_is_a_draft_whatever_its_review_dates() -> None:
    assert page_state(TODAY, last_reviewed=TODAY, review_every=90, draft=True) == "draft"
