"""Dates, numbers, shares and durations as the reader's language writes them.

Arabic keeps the Latin digits the team's Arabic pages use. A date or a time is drawn as a
`<time>` element that the stylesheets isolate (`unicode-bidi: isolate`), so the Arabic around
it never reorders its parts: an ISO date inside Arabic text would otherwise read backwards.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_skeleton, format_time, get_datetime_format
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from markupsafe import Markup, escape

NOTHING = "—"
DATE_SKELETON = "yMMMd"  # "Nov 20, 2026", "20 نوفمبر 2026", "20 Nov 2026"


def date_text(value: dt.date, language: str) -> str:
    day = value.date() if isinstance(value, dt.datetime) else value
    return format_skeleton(DATE_SKELETON, day, locale=language)


def datetime_text(value: dt.datetime, language: str) -> str:
    """The day and the minute, in UTC (the portal stores UTC and says so)."""
    moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    pattern = get_datetime_format("medium", locale=language)
    time = format_time(moment, "short", tzinfo=dt.UTC, locale=language)
    return str(pattern).replace("{1}", date_text(moment, language)).replace("{0}", time)


def time_element(value: dt.date | None, language: str) -> Markup:
    """`<time datetime="2026-11-20">20 نوفمبر 2026</time>`; a dash for no date."""
    if value is None:
        return Markup(NOTHING)
    if isinstance(value, dt.datetime):
        text, stamp = datetime_text(value, language), value.isoformat(timespec="minutes")
    else:
        text, stamp = date_text(value, language), value.isoformat()
    return Markup('<time datetime="{}">{}</time>').format(stamp, text)


def number_text(value: float | int | None, language: str) -> str:
    return NOTHING if value is None else format_decimal(value, locale=language)


def share_text(value: float | None, language: str) -> str:
    """A share in 0…1 as a whole percentage."""
    return NOTHING if value is None else format_percent(value, locale=language)


def duration_text(value: dt.timedelta | None, language: str) -> str:
    """In the unit a person would say it in: seconds, minutes, hours, then days."""
    if value is None:
        return NOTHING
    seconds = max(0.0, value.total_seconds())
    amount: float
    if seconds < 90:
        amount, unit = round(seconds), "duration-second"
    elif seconds < 90 * 60:
        amount, unit = round(seconds / 60), "duration-minute"
    elif seconds < 48 * 3600:
        amount, unit = round(seconds / 3600, 1), "duration-hour"
    else:
        amount, unit = round(seconds / 86400, 1), "duration-day"
    whole = float(amount).is_integer()
    return str(format_unit(int(amount) if whole else amount, unit, length="long",
                           format="#,##0.#", locale=language))


def isolated(text: str) -> Markup:
    """Text that must keep its own order inside text of the other direction."""
    return Markup("<bdi>{}</bdi>").format(escape(text))


# Embeddings and overrides (U+202A…U+202E) and isolates (U+2066…U+2069): in what people type
# they can turn the text around them backwards (a title ending in U+202E reverses the rest of a
# subject line).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ISOLATES = str.maketrans("", "", "\u2066\u2067\u2068\u2069")
FSI, PDI = "\u2068", "\u2069"


_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")


def contained_text(text: str) -> str:
    """Kept text whose values were filled in before they were isolated (a notification from an
    earlier version), made as safe as `isolated_text` would have: an embedding or override
    outside an isolate is dropped (where the person's value ended is no longer known, so it
    could turn the words after it around), a closer without an opener too, and an isolate
    left open is closed. Text isolated as it was made comes back as it is."""
    if BIDI_CONTROLS.isdisjoint(text):
        return text
    kept: list[str] = []
    depth = 0
    for char in text:
        if char == FSI or char in "\u2066\u2067":
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        elif char in _EMBEDDINGS and depth == 0:
            continue
        kept.append(char)
    return "".join(kept) + PDI * depth


def isolated_text(text: str) -> str:
    """Plain text (a mail subject, a notification's title) holding bidi controls, kept to
    itself: wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, which ends every
    embedding and override inside, with the isolates of its own taken out so none can close
    the wrapper early. Text without bidi controls is left as it is."""
    if BIDI_CONTROLS.isdisjoint(text):
        return text
    return FSI + text.translate(_ISOLATES) + PDI
