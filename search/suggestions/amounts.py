"""Amounts of money in a message: `AED 250`, `250 dirhams`, `٢٥٠ درهم` (digits already
ASCII), `Rp 1.250.000`, `350rb`, `1,2 jt`, `€30`, `89,90 €`, `$49.99`, `SAR 1,299.50`.

A number's separators are read the way its writer meant them: with both `.` and `,` the last
one is the decimal mark; a single kind that repeats, or is followed by exactly three digits,
groups thousands (`1.250.000`, `1,250`); otherwise it is the decimal mark (`89,90`).
Indonesian `rb`/`ribu` and `jt`/`juta` multiply and mean rupiah.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from search.suggestions.lexicon import CURRENCY_CODES, CURRENCY_SYMBOLS, LEXICONS


@dataclass(frozen=True)
class Amount:
    text: str  # as written
    value: str  # a plain decimal number: "1250000", "89.90"
    currency: str  # ISO 4217


# How rupiah amounts are written ("350rb", "1,2 jt"): the word multiplies and means IDR.
_MULTIPLIERS = {"rb": 1_000, "ribu": 1_000, "jt": 1_000_000, "juta": 1_000_000}


def _currency_words() -> dict[str, str]:
    words = {code.lower(): code for code in CURRENCY_CODES}
    for lexicon in LEXICONS.values():
        words.update((word.lower(), code) for word, code in lexicon.currencies.items())
    return words


_CURRENCIES = {**_currency_words(), **CURRENCY_SYMBOLS}
_CURRENCY = "|".join(re.escape(word) for word in sorted(_CURRENCIES, key=len, reverse=True))
_MULTIPLIER = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
_NUMBER = r"(\d{1,3}(?:[., ]\d{3})+(?:[.,]\d{1,2})?|\d{1,15}(?:[.,]\d{1,2})?)"
_EDGE_BEFORE = r"(?<![^\W\d_])"  # a currency word is not the end of a longer word
_EDGE_AFTER = r"(?![^\W\d_])"
_PATTERNS = (
    re.compile(  # AED 250, Rp1.250.000, €30, Rp 350 rb
        rf"{_EDGE_BEFORE}({_CURRENCY})\.?\s{{0,2}}{_NUMBER}(?!\d)(?:\s?({_MULTIPLIER}){_EDGE_AFTER})?",
        re.IGNORECASE,
    ),
    re.compile(  # 250 AED, 89,90 €, 1,2 jt rupiah, ٢٥٠ درهم
        rf"(?<![\d.,]){_NUMBER}(?:\s?({_MULTIPLIER}))?\s{{0,2}}({_CURRENCY}){_EDGE_AFTER}",
        re.IGNORECASE,
    ),
    re.compile(  # 350rb, 1,2 juta
        rf"(?<![\d.,]){_NUMBER}\s?({_MULTIPLIER}){_EDGE_AFTER}",
        re.IGNORECASE,
    ),
)


def find_amounts(text: str) -> Iterator[tuple[tuple[int, int], Amount]]:
    """Each amount with its span in `text`; overlapping candidates are all yielded."""
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(text):
            if index == 0:
                currency, number, multiplier = match.groups()
            elif index == 1:
                number, multiplier, currency = match.groups()
            else:
                number, multiplier = match.groups()
                currency = "rp"
            amount = _amount(match.group(0).strip(), number, multiplier, currency)
            if amount is not None:
                yield match.span(), amount


def _amount(text: str, number: str, multiplier: str | None, currency: str) -> Amount | None:
    code = _CURRENCIES.get(currency.lower())
    if multiplier:
        code = "IDR"
    value = parse_number(number)
    if code is None or value is None:
        return None
    if multiplier:
        value *= _MULTIPLIERS[multiplier.lower()]
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 1,2 jt → 1200000, not 1200000.0
    return Amount(text=text, value=format(value, "f"), currency=code)


def parse_number(text: str) -> Decimal | None:
    """`1.250.000` → 1250000, `1,299.50` → 1299.50, `89,90` → 89.90, `1,2` → 1.2."""
    digits = text.replace(" ", "")
    marks = [c for c in digits if c in ".,"]
    decimal_mark = None
    if marks:
        tail = digits.rsplit(marks[-1], 1)[1]
        if len(set(marks)) == 2 or (len(marks) == 1 and len(tail) != 3):
            decimal_mark = marks[-1]
    for mark in ".,":
        if mark != decimal_mark:
            digits = digits.replace(mark, "")
    try:
        return Decimal(digits.replace(decimal_mark, ".") if decimal_mark else digits)
    except InvalidOperation:
        return None
