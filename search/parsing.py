"""What a user typed → words, quoted phrases and prefixes, within fixed bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import SEPARATOR, WORD_PATTERN, is_acronym, normalize_word
from search.errors import QueryRejected

MAX_QUERY_CHARS = 256
MAX_TERMS = 12
MIN_PREFIX_CHARS = 3

_PHRASE = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(rf"{WORD_PATTERN}\*?|\*")
_WORD = re.compile(WORD_PATTERN)
_CONTROL = re.compile(r"[\x01-\x1f\x7f]")


@dataclass
class ParsedQuery:
    text: str  # the query as typed (trimmed)
    words: list[str] = field(default_factory=list)  # normalised, in order
    phrases: list[list[str]] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    acronyms: set[str] = field(default_factory=set)  # words typed in capitals ("CAN", "US")
    # Positions in `words` of a part joined by a hyphen to the next word ("sev-1": sev's).
    joined: set[int] = field(default_factory=set)

    @property
    def is_empty(self) -> bool:
        return not (self.words or self.phrases or self.prefixes)


def parse_query(text: str) -> ParsedQuery:
    """Split a query; raise QueryRejected for input no search should run on."""
    if "\x00" in text:
        raise QueryRejected("the query contains a NUL byte")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRejected(
            f"the query is too long ({len(text)} characters; at most {MAX_QUERY_CHARS})"
        )
    text = _CONTROL.sub(" ", text).strip()
    if not text:
        raise QueryRejected("the query is empty; type a few words")
    parsed = ParsedQuery(text)
    budget = MAX_TERMS
    for phrase_text in _PHRASE.findall(text):
        words = [normalize_word(w) for w in _WORD.findall(phrase_text)][:budget]
        if words:
            parsed.phrases.append(words)
            budget -= len(words)
    unquoted = _PHRASE.sub(" ", text).replace('"', " ")
    previous_end: int | None = None  # where the word before this token ends
    for found in _TOKEN.finditer(unquoted):
        token = found.group()
        if (
            previous_end is not None
            and not token.endswith("*")
            and SEPARATOR.fullmatch(unquoted[previous_end : found.start()])
        ):
            parsed.joined.add(len(parsed.words) - 1)
        previous_end = None if token.endswith("*") else found.end()
        if token.endswith("*"):
            stem = normalize_word(token[:-1])
            if len(stem) < MIN_PREFIX_CHARS:
                raise QueryRejected(
                    f"a wildcard needs at least {MIN_PREFIX_CHARS} letters before the *"
                    f" (got {token!r})"
                )
            if budget > 0:
                parsed.prefixes.append(stem)
                budget -= 1
        else:
            parsed.words.append(normalize_word(token))  # capped after stop words are dropped
            if is_acronym(token):
                parsed.acronyms.add(parsed.words[-1])
    if parsed.is_empty:
        raise QueryRejected("the query has no words to search for")
    return parsed
