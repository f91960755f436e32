"""A pasted customer message, bounded and cleaned before anything reads it."""

from __future__ import annotations

import re

from search.errors import QueryRejected

# A long email thread with its quotes fits; a pasted log file or a whole mailbox does not.
# Every step after this one is linear in the text (no regular expression can backtrack
# beyond a line or a bounded run), so even a hostile message at the limit is answered within
# about a tenth of a second (benchmarks/run_suggest.py).
MAX_MESSAGE_CHARS = 20_000

# Direction marks and zero-width characters that mail apps put around Arabic names and
# addresses; they would split words and hide quote headers.
_INVISIBLE = dict.fromkeys(
    [
        *map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"),
        *range(0x202A, 0x202F),  # embeddings and overrides
        *range(0x2066, 0x206A),  # isolates
    ]
)
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u202f\t"}
# Arabic-Indic and Eastern Arabic-Indic digits, and the Arabic decimal and thousands marks.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NEWLINES = re.compile(r"\r\n?")


# Why a message is refused, for a caller that says it in the reader's language.
TOO_LONG, HAS_NUL, EMPTY = "too long", "NUL byte", "empty"


class MessageRejected(QueryRejected):
    """The message cannot be read as sent; the text tells the user why (HTTP 400), `reason`
    which rule refused it (TOO_LONG, HAS_NUL, EMPTY; "" for another) and `length` its
    length."""

    def __init__(self, text: str, reason: str = "", length: int = 0) -> None:
        super().__init__(text)
        self.reason = reason
        self.length = length


def clean_message(text: str) -> str:
    """The message with plain newlines, spaces and ASCII digits; MessageRejected when it is
    empty, too long or binary."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageRejected(
            f"the message is too long ({len(text):,} characters; at most "
            f"{MAX_MESSAGE_CHARS:,}): paste the customer's latest message, not the whole thread",
            TOO_LONG,
            len(text),
        )
    if "\x00" in text:
        raise MessageRejected("the message contains a NUL byte: paste it as text", HAS_NUL)
    cleaned = _NEWLINES.sub("\n", text).translate(_INVISIBLE).translate(_SPACES)
    cleaned = _CONTROL.sub(" ", cleaned).translate(_DIGITS)
    if not cleaned.strip():
        raise MessageRejected("the message is empty: paste what the customer wrote", EMPTY)
    return cleaned
