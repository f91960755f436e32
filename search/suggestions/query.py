"""A message's key words → one search query. The only place a message becomes a query.

The customer's latest words, without what says nothing about the case: stop words, every
language's greetings, politeness and chat filler (`search.suggestions.lexicon`), anything with a
digit or an underscore (order numbers, dates, amounts, user names), addresses, month names
and the signer's name. When more
words are left than a query may hold, the ones the knowledge base finds most specific (fewest
sections, but at least one) are kept, earlier words preferred over later ones; they keep the
order the customer wrote them in.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from search.analysis import WORD, analyze, is_arabic, normalize_word
from search.parsing import MAX_QUERY_CHARS, MAX_TERMS
from search.schema import field_name
from search.searchers import open_searcher
from search.suggestions.lexicon import LEXICONS, NOT_KEY_WORDS

# Addresses, links, and chunks with a digit or an underscore (order numbers, dates, amounts,
# marketplace user names) say who and when, not what: they are fields, not query words.
_FIELD_CHUNK = re.compile(r"[@\d_]|^(?:https?://|www\.)", re.IGNORECASE)
_MONTHS = frozenset(
    normalize_word(name) for lexicon in LEXICONS.values() for name in lexicon.months
)
_MIN_CHARS = 2
_POSITION_HALF_LIFE = 40  # words: a word this far into the message counts half as much


def key_words(latest: str, signer: str | None) -> list[str]:
    """The words of the customer's latest words that may say what the case is, in order."""
    names = {normalize_word(word) for word in (signer or "").split()}
    words: dict[str, None] = {}  # in order, each once
    chunks = " ".join(chunk for chunk in latest.split() if not _FIELD_CHUNK.search(chunk))
    for raw in WORD.findall(chunks):
        word = normalize_word(raw)
        if (
            len(word) < _MIN_CHARS
            or word in NOT_KEY_WORDS
            or word in _MONTHS
            or word in names
            or word in words
        ):
            continue
        words[word] = None
    return list(words)


def message_query(index: Path, latest: str, signer: str | None, lang: str) -> str:
    """The query `search.search` runs for a message (empty when nothing is left to look for)."""
    words = key_words(latest, signer)
    if len(words) > MAX_TERMS:
        words = _most_specific(index, words, lang)
    query = " ".join(words)
    while len(query) > MAX_QUERY_CHARS:
        words = words[:-1]
        query = " ".join(words)
    return query


def _most_specific(index: Path, words: list[str], lang: str) -> list[str]:
    with open_searcher(index) as opened:
        reader = opened.searcher.reader()
        sections = max(reader.doc_count(), 1)
        scores = {}
        for position, word in enumerate(words):
            languages = ("ar",) if is_arabic(word) else (lang, "en") if lang != "ar" else ("en",)
            frequency = max(
                (
                    reader.doc_frequency(field_name(language), stem)
                    for language in dict.fromkeys(languages)
                    for stem in analyze(language, word)
                ),
                default=0,
            )
            specificity = math.log(1 + sections / frequency) if frequency else 0.0
            scores[word] = specificity * 2 ** (-position / _POSITION_HALF_LIFE)
    kept = set(sorted(words, key=lambda word: -scores[word])[:MAX_TERMS])
    return [word for word in words if word in kept]
