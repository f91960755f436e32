"""Dates people type and dates already stored: the range a typed date must fall in, and day
arithmetic that holds at the calendar's ends instead of raising (a stored 9999-12-31 plus a
few days must not break a page)."""

from __future__ import annotations

import datetime as dt

from content.messages import N_, Message

EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


def outside_range(day: dt.date) -> Message | None:
    """Why a typed date is refused (a slip of the keyboard such as 9999-12-31), or None."""
    if EARLIEST <= day <= LATEST:
        return None
    return Message(N_("%(day)s is not a date we expect: choose one between %(earliest)s and "
                      "%(latest)s"), day=day.isoformat(), earliest=EARLIEST.isoformat(),
                   latest=LATEST.isoformat())


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, held at date.min / date.max where the calendar ends."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
