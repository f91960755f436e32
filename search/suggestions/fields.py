"""What a message tells about the case: order numbers, email addresses, phone numbers, dates
and amounts, and the name the customer signed with.

Order numbers are found by the shapes the knowledge base declares (`content.order_numbers`),
then by the words that introduce one ("order #48213", "no. pesanan 48213", "رقم الطلب").
Each later kind skips text an earlier one took, so a date is not also read as a phone number.
The customer's own part of the message is read first; the quoted thread adds order numbers
only when the customer's part has none (they often sit in our quoted reply's subject).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from content.order_numbers import DEFAULT_PLACEHOLDER, OrderNumberShape
from search.suggestions.amounts import Amount, find_amounts
from search.suggestions.dates import FoundDate, find_dates
from search.suggestions.lexicon import LEXICONS

Span = tuple[int, int]
Found = TypeVar("Found")

MAX_EACH = 10  # of each kind: a sidebar shows a few, never a list scraped from a long thread
# Candidates of one kind looked at: far more than MAX_EACH, so overlaps between kinds still
# resolve in any real message, while a message made of 10,000 amounts costs no more than this.
MAX_CANDIDATES = 200


@dataclass(frozen=True)
class OrderNumber:
    value: str  # as the shape writes it: LUM-100234
    name: str | None  # the declared shape's name; None when only a cue word introduced it
    placeholder: str
    marketplace: str | None


@dataclass
class Fields:
    customer_name: str | None = None
    order_numbers: list[OrderNumber] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)


_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"  # the local part
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,5}[A-Za-z]{2,24}(?![\w-])"  # the domain
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']{1,500}", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d ().-]{6,20}\d(?!\w)")
_PHONE_DIGITS = range(8, 16)


def _cue_pattern() -> re.Pattern[str]:
    cues = sorted({cue for lexicon in LEXICONS.values() for cue in lexicon.order_cues}, key=len)
    alternatives = "|".join(re.escape(cue).replace(r"\ ", r"\s{1,2}") for cue in reversed(cues))
    return re.compile(
        rf"(?<![^\W\d_])(?:{alternatives})(?![^\W\d_])[\s:.]{{0,3}}"
        r"(?:(?:no|nr|number|nomor|num|رقم)\.?[\s:]{0,3})?#?\s{0,2}"
        r"([A-Za-z0-9][A-Za-z0-9-]{2,24})(?![\w-])",
        re.IGNORECASE,
    )


_ORDER_CUE = _cue_pattern()


def extract_fields(
    own: str, quoted: str, shapes: Sequence[OrderNumberShape], signer: str | None
) -> Fields:
    """The fields of a message split into the customer's own part and the quoted thread."""
    fields = Fields(customer_name=signer)
    claimed = _Claimed()
    fields.order_numbers = _take(_order_numbers(own, shapes), claimed)
    if not fields.order_numbers:
        fields.order_numbers = _take(_order_numbers(quoted, shapes), _Claimed())
    fields.emails = _take(((m.span(), m.group(0)) for m in _EMAIL.finditer(own)), claimed)
    _take(((m.span(), m.group(0)) for m in _URL.finditer(own)), claimed)  # never a phone
    fields.dates = _take(find_dates(own), claimed)
    fields.amounts = _take(find_amounts(own), claimed)
    fields.phones = _take(_phones(own), claimed)
    return fields


class _Claimed:
    """Spans of text a field has taken, kept sorted (they never overlap) so that checking a new
    span costs a binary search, not a walk over thousands of matches in a long thread."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def take(self, span: Span) -> bool:
        """Claim `span` unless it overlaps a claimed one; whether it was free."""
        start, end = span
        index = bisect.bisect_left(self._starts, end)  # the spans that start before it ends
        if index and self._ends[index - 1] > start:
            return False
        if index < len(self._starts) and self._starts[index] < end:
            return False
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True


def _take(found: Iterable[tuple[Span, Found]], claimed: _Claimed) -> list[Found]:
    """Found values in text order whose spans no earlier value claimed, each value once; of
    two candidates starting at one place the longer wins ("12 Nov 2026" over "12 Nov")."""
    kept: list[Found] = []
    for span, value in sorted(islice(found, MAX_CANDIDATES), key=lambda c: (c[0][0], -c[0][1])):
        if claimed.take(span) and value not in kept and len(kept) < MAX_EACH:
            kept.append(value)
    return kept


def _order_numbers(
    text: str, shapes: Sequence[OrderNumberShape]
) -> Iterator[tuple[Span, OrderNumber]]:
    for shape in shapes:
        for match in shape.pattern.finditer(text):
            value = shape.canonical(match)
            yield match.span(), OrderNumber(value, shape.name, shape.placeholder, shape.marketplace)
    for match in _ORDER_CUE.finditer(text):
        token = match.group(1)
        if sum(c.isdigit() for c in token) >= 4:
            number = OrderNumber(token.upper(), None, DEFAULT_PLACEHOLDER, None)
            yield match.span(1), number


def _phones(text: str) -> Iterator[tuple[Span, str]]:
    """International (+971…, 00971…) or national (0812…) numbers of 8 to 15 digits."""
    for match in _PHONE.finditer(text):
        raw = match.group(0)
        digits = "".join(c for c in raw if c.isdigit())
        if len(digits) not in _PHONE_DIGITS or not raw.startswith(("+", "0")):
            continue
        if raw.startswith("00"):
            digits = "+" + digits[2:]
        elif raw.startswith("+"):
            digits = "+" + digits
        yield match.span(), digits
