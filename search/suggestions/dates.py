"""Dates in a message: `2026-11-12`, `12/11/2026`, `12 Nov`, `November 12th, 2026`,
`12 Desember 2026`, `١٢ نوفمبر` (digits are already ASCII here).

Numeric dates are read day first, as customers in Europe, the Middle East and Indonesia write
them, unless only the other order makes a date (`11/28/2026`). A date without a year is given
as `--MM-DD` (ISO 8601's form for it): the message rarely says which year it means.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from search.analysis import normalize_word
from search.suggestions.lexicon import LEXICONS


@dataclass(frozen=True)
class FoundDate:
    text: str  # as written
    value: str  # ISO 8601: 2026-11-12, or --11-12 without a year


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for lexicon in LEXICONS.values():
        for name, month in lexicon.months.items():
            names[name.lower()] = month
            names[normalize_word(name)] = month
    return names


_MONTHS = _month_names()
_MONTH = "|".join(re.escape(name) for name in sorted(_MONTHS, key=len, reverse=True))
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s{1,2}(\d{4}))?"
_PATTERNS = (
    # 2026-11-12
    ("ymd", re.compile(r"(?<![\d/.-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d/-])")),
    # 12/11/2026, 12.11.26, 12-11-2026
    ("dmy", re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-])")),
    # 12 Nov, 12th of November 2026, 12 نوفمبر ٢٠٢٦, 5 Des
    (
        "d_month",
        re.compile(
            rf"(?<![\w/.-])(\d{{1,2}}){_ORDINAL}\.?\s{{0,2}}(?:of\s)?({_MONTH})\.?{_YEAR}(?![^\W\d_])",
            re.IGNORECASE,
        ),
    ),
    # November 12, Nov 12th 2026
    (
        "month_d",
        re.compile(
            rf"(?<![^\W\d_])({_MONTH})\.?\s{{1,2}}(\d{{1,2}}){_ORDINAL}{_YEAR}(?![\w/-])",
            re.IGNORECASE,
        ),
    ),
)


def find_dates(text: str) -> Iterator[tuple[tuple[int, int], FoundDate]]:
    """Each date with its span in `text`, in no particular order; overlapping candidates are
    all yielded (the caller keeps the first that claims a span)."""
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            value = _value(kind, match)
            if value is not None:
                yield match.span(), FoundDate(match.group(0), value)


def _value(kind: str, match: re.Match[str]) -> str | None:
    groups = match.groups()
    if kind == "ymd":
        return _iso(int(groups[0]), int(groups[1]), int(groups[2]))
    if kind == "dmy":
        first, second, year = int(groups[0]), int(groups[2]), _full_year(groups[3])
        if second > 12 >= first:
            first, second = second, first  # only month-first makes a date: 11/28/2026
        return _iso(year, second, first)
    day_text, name, year_text = groups if kind == "d_month" else (groups[1], groups[0], groups[2])
    month = _MONTHS.get(name.lower()) or _MONTHS.get(normalize_word(name))
    if month is None:
        return None
    return _iso(int(year_text) if year_text else None, month, int(day_text))


def _full_year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _iso(year: int | None, month: int, day: int) -> str | None:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29 February stays possible
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
