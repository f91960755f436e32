"""A served page's review state as of the day it is read, not the day it was built.

The build writes the state it saw with the next review day (`data-next-review`, overrides/
main.html); serving a page puts in the state that day gives (content.schema.review_state), in
the same language as the label the build wrote. So "due for review" and "overdue" turn up on
their day without a rebuild.
"""

from __future__ import annotations

import datetime as dt
import html
import re

from content.schema import PAGE_STATES, review_state

_STATE = re.compile(
    rb'<span class="db-state db-state-(?P<key>[a-z]+)" data-state="(?P=key)" '
    rb'data-next-review="(?P<due>\d{4}-\d{2}-\d{2})">(?P<label>[^<]*)</span>'
)


def with_current_states(page: bytes, today: dt.date) -> bytes:
    """The built page with each review state as of `today`."""
    if b"data-next-review" not in page:
        return page
    return _STATE.sub(lambda found: _current(found, today), page)


def _current(found: re.Match[bytes], today: dt.date) -> bytes:
    built = found["key"].decode()
    try:
        due = dt.date.fromisoformat(found["due"].decode())
        labels = PAGE_STATES[built].labels
    except (ValueError, KeyError):
        return found[0]
    written = html.unescape(found["label"].decode("utf-8", "replace"))
    lang = next((code for code, label in labels.items() if label == written), None)
    state = review_state(today, due)
    if lang is None or state == built:
        return found[0]
    label = html.escape(PAGE_STATES[state].labels[lang])
    return (f'<span class="db-state db-state-{state}" data-state="{state}" '
            f'data-next-review="{due.isoformat()}">{label}</span>').encode()
