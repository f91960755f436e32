"""A page's review state is the one of the day it is read: a page built as "reviewed" reads
"due for review" and then "overdue" on their days, in its own language, without a rebuild."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from portal.site.review_states import with_current_states
from tests.content.test_drafts import _build
from tests.helpers import write_page

TODAY = dt.datetime.now(dt.UTC).date()


def _state(page: bytes) -> str:
    text = page.decode("utf-8")
    start = text.index('<span class="db-state')
    return text[start:text.index("</span>", start) + len("</span>")]


@pytest.mark.slow
def test_a_built_page_reads_due_and_then_overdue_on_their_days(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "policies/fresh.md", "# Fresh rules\n\nCurrent.\n", review_every=30,
               last_reviewed=TODAY)
    write_page(docs, "policies/fresh.ar.md", "# قواعد\n\nحالية.\n", lang="ar", review_every=30,
               last_reviewed=TODAY, translation_of="policies/fresh.md")
    write_page(docs, "policies/plain.md", "# Plain\n\nNo review interval.\n",
               last_reviewed=TODAY)
    site = tmp_path / "site"
    _build(docs, site)
    english = (site / "policies" / "fresh" / "index.html").read_bytes()
    arabic = (site / "ar" / "policies" / "fresh" / "index.html").read_bytes()
    plain = (site / "policies" / "plain" / "index.html").read_bytes()
    due_day = (TODAY + dt.timedelta(days=30)).isoformat()

    assert with_current_states(english, TODAY) == english  # the build's day: as built
    assert _state(english).endswith(">Reviewed</span>")
    assert _state(with_current_states(english, TODAY + dt.timedelta(days=16))) == (
        f'<span class="db-state db-state-due" data-state="due" data-next-review="{due_day}">'
        "Due for review</span>")
    assert _state(with_current_states(english, TODAY + dt.timedelta(days=31))).endswith(
        'data-state="overdue" data-next-review="' + due_day + '">Overdue for review</span>')
    assert _state(with_current_states(arabic, TODAY + dt.timedelta(days=31))).endswith(
        ">تأخرت مراجعتها</span>")
    # Only the state changes: the rest of the page is the built one, byte for byte.
    later = with_current_states(english, TODAY + dt.timedelta(days=31))
    assert later.replace(_state(later).encode(), b"") == english.replace(
        _state(english).encode(), b"")
    # A page without a review interval has no next review: "reviewed" whatever the day.
    assert with_current_states(plain, TODAY + dt.timedelta(days=400)) == plain
