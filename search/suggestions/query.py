"""A message's key words → the queries suggestions run. The only place a message becomes a query.

The customer's latest words, without what says nothing about the case: stop words, every
language's greetings, politeness and chat filler (`search.suggestions.lexicon`), anything with a
digit or an underscore (order numbers, dates, amounts, user names), addresses, month names
and the signer's name; an Indonesian doubled word keeps its word ("gerak2" → "gerak"). When
more words are left than a query may hold, the ones the knowledge base finds most specific
(fewest sections, but at least one) are kept, earlier words preferred over later ones; they
keep the order the customer wrote them in.

A query starts with a question word when the customer asks something ("…, can I still
cancel?"), so the search's intent prefers how-tos and FAQ answers as it does for a typed
question (`search.intent`). The synonyms file and the glossary widen every query
(`search.synonyms`). For an Arabic or Indonesian message, a second query says the same in
English as far as the knowledge base's own translations tell (`bilingual`): it reaches the
English pages that have no translation.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from content.schema import DEFAULT_LANGUAGE
from search.analysis import WORD, analyze, is_arabic, normalize_word
from search.intent import QUESTION_WORDS
from search.parsing import MAX_QUERY_CHARS, MAX_TERMS
from search.schema import field_name
from search.searchers import open_searcher
from search.suggestions.bilingual import Lexicon
from search.suggestions.lexicon import LEXICONS, NOT_KEY_WORDS
from search.synonyms import Synonyms

# Addresses, links, and chunks with a digit or an underscore (order numbers, dates, amounts,
# marketplace user names) say who and when, not what: they are fields, not query words.
_FIELD_CHUNK = re.compile(r"[@\d_]|^(?:https?://|www\.)", re.IGNORECASE)
_MONTHS = frozenset(
    normalize_word(name) for lexicon in LEXICONS.values() for name in lexicon.months
)
_DOUBLED = re.compile(r"(?<=[^\W\d_]{3})2(?=\W|$)")  # Indonesian "gerak2" for "gerak-gerak"
_QUESTION = re.compile(r"[?؟]")
_MIN_CHARS = 2
_POSITION_HALF_LIFE = 40  # words: a word this far into the message counts half as much


@dataclass(frozen=True)
class MessageQuery:
    """What suggestions search for one message."""

    language: str  # the message's
    text: str  # its key words, in its language ("" when nothing is left to look for)
    english: str  # for an Arabic or Indonesian message, the same in English as far as known
    synonyms: Synonyms | None  # the docs' synonyms file and glossary

    @property
    def searches(self) -> list[tuple[str, str | None]]:
        """(query, the language it is limited to): the message's own in any language, the
        English one among English pages."""
        searches: list[tuple[str, str | None]] = []
        if self.text:
            searches.append((self.text, None))
        if self.english:
            searches.append((self.english, DEFAULT_LANGUAGE))
        return searches


def message_query(
    index: Path,
    latest: str,
    signer: str | None,
    language: str,
    synonyms: Synonyms | None,
    lexicon: Lexicon | None,
) -> MessageQuery:
    """The queries for the customer's latest words (`lexicon`: the message language's)."""
    words = key_words(latest, signer)
    asks = _QUESTION.search(latest) is not None
    english = _in_english(words, language, lexicon) if language != DEFAULT_LANGUAGE else []
    if english == words:
        english = []  # nothing translated: the message's own query already searches English
    return MessageQuery(
        language=language,
        text=_query(index, words, language, asks),
        english=_query(index, english, DEFAULT_LANGUAGE, asks) if english else "",
        synonyms=synonyms,
    )


def _in_english(words: list[str], language: str, lexicon: Lexicon | None) -> list[str]:
    """Each word's English meanings; a Latin word in an Arabic message (a product, "refund")
    and an Indonesian word with no known meaning (often English already) as they are."""
    english: dict[str, None] = {}
    for word in words:
        meanings = lexicon.meanings(word) if lexicon is not None else ()
        if meanings:
            english.update(dict.fromkeys(meanings))
        elif language != "ar" or not is_arabic(word):
            english[word] = None
    return list(english)


def key_words(latest: str, signer: str | None) -> list[str]:
    """The words of the customer's latest words that may say what the case is, in order."""
    names = {normalize_word(word) for word in (signer or "").split()}
    words: dict[str, None] = {}  # in order, each once
    text = _DOUBLED.sub("", latest)
    chunks = " ".join(chunk for chunk in text.split() if not _FIELD_CHUNK.search(chunk))
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


def _query(index: Path, words: list[str], language: str, asks: bool) -> str:
    """`words` as one query `search.search` accepts ("" when there are none)."""
    if not words:
        return ""
    if len(words) > MAX_TERMS:
        words = _most_specific(index, words, language)
    if asks:
        words = [QUESTION_WORDS[language].split()[0], *words]  # how, كيف, bagaimana
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
