"""Abbreviations a knowledge base defines in its own text: "Time Off In Lieu (TOIL)",
"PII (personally identifiable information)".

Found when a page is indexed (the initials of the long form must spell the abbreviation,
small linking words aside), kept with the page's own document, and looked up when a query
uses the abbreviation: "TOIL" then also searches "time off in lieu", on every page, like a
synonym from the synonyms file.
"""

from __future__ import annotations

import re
from collections import Counter

from search.analysis import normalize_word

_ABBREVIATION = r"[A-Z][A-Za-z0-9&]{1,7}"
_IN_PARENTHESES = re.compile(rf"\(\s*({_ABBREVIATION})\s*\)")
_WORDS_BEFORE = re.compile(r"[^\W\d_][\w'’-]*")
_LOOK_BACK = 120  # characters before "(ABBR)" that may hold its long form
_SHORT_THEN_LONG = re.compile(rf"\b({_ABBREVIATION})[ \t]*\(([^()\n]{{3,80}})\)")
# Words a long form may hold that its abbreviation skips: "Department of Labor (DOL)".
_LINKING = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&", "de"})
MAX_PER_PAGE = 50


def _letters(abbreviation: str) -> str:
    return "".join(c for c in abbreviation.lower() if c.isalpha())


def _long_form(words: list[str], letters: str) -> str | None:
    """The shortest tail of `words` whose initials (linking words aside) spell `letters`."""
    wanted = list(letters)
    taken: list[str] = []
    for word in reversed(words):
        if not wanted:
            break
        lowered = word.lower()
        if lowered[0] == wanted[-1]:
            wanted.pop()
            taken.append(word)
        elif lowered in _LINKING and taken:
            taken.append(word)
        else:
            return None
    if wanted or len(taken) < 2:
        return None
    return " ".join(reversed(taken))


def _is_abbreviation(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and len(_letters(text)) >= 2


def acronym_definitions(text: str) -> dict[str, str]:
    """Abbreviation (normalised) → its long form, for the definitions written in `text`."""
    found: Counter[tuple[str, str]] = Counter()
    for match in _IN_PARENTHESES.finditer(text):
        abbreviation = match.group(1)
        if _is_abbreviation(abbreviation):
            line = text[max(0, match.start() - _LOOK_BACK) : match.start()].rsplit("\n", 1)[-1]
            if not line.rstrip(" \t")[-1:].isalpha():
                continue  # the long form leads up to the parenthesis, on the same line
            words = _WORDS_BEFORE.findall(line)[-8:]
            long = _long_form(words, _letters(abbreviation))
            if long is not None:
                found[normalize_word(abbreviation), long.lower()] += 1
    for match in _SHORT_THEN_LONG.finditer(text):
        abbreviation = match.group(1)
        words = match.group(2).split()
        if _is_abbreviation(abbreviation) and words:
            long = _long_form(words, _letters(abbreviation))
            if long is not None and long.split()[0].lower() == words[0].lower():
                found[normalize_word(abbreviation), long.lower()] += 1
    definitions: dict[str, str] = {}
    for (abbreviation, long), _ in found.most_common(MAX_PER_PAGE):
        definitions.setdefault(abbreviation, long)
    return definitions
