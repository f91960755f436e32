"""English words for an Arabic or Indonesian message, learned from the knowledge base's own
translated pages.

A translation (`x.ar.md`) and its English source (`x.md`) say the same things in the same
order: their titles and summaries, and each section of the translation and the section in the
same place of the source (when both have the same outline of headings), are pairs of texts
that mean the same. A word of the translation is taken to mean the English words that occur in
the same pairs far more often than chance, by the Dice coefficient of the pairs holding each
(2·both / (one + other)); words in too few pairs say nothing. With the starter knowledge base
that turns "مكسور" into "cracked", "التتبع" into "tracking" and "alamatnya" into "address": the
team's own translations are the dictionary, so a team that translates its own handbook gets
one for its own words.

Learning is linear in the pairs' words; what a word means is worked out the first time a
message uses it and remembered until the pages change.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from content import Page
from search.analysis import STOP_WORDS, analyze, surface_words
from search.suggestions.knowledge import matching_section

MIN_DICE = 0.3  # below this, two words share pairs by chance ("خلال" meant "hours")
MIN_SHARED = 2  # pairs a word and its meaning must share: one is a coincidence
MAX_MEANINGS = 2  # English words kept per word, best first


@dataclass(frozen=True)
class TextPair:
    """Two texts that say the same: stems in the other language, English stems."""

    words: frozenset[str]
    english: frozenset[str]


def aligned_pairs(translation: Page, source: Page) -> tuple[list[TextPair], dict[str, str]]:
    """The title and summary, then each section, of a translation beside its source's; and
    for each English stem, a word that has it (what a query will be written with)."""
    language = translation.lang
    spelled: dict[str, str] = {}

    def english(text: str) -> frozenset[str]:
        return frozenset(_english_stems(text, spelled))

    pairs = [
        TextPair(
            frozenset(analyze(language, f"{translation.title} {translation.summary}")),
            english(f"{source.title} {source.summary}"),
        )
    ]
    for section in source.sections:
        if not section.anchor:
            continue
        match = matching_section(source, section.anchor, translation)
        if match is None:
            break  # the outlines differ: nothing after this point lines up
        pairs.append(
            TextPair(
                frozenset(analyze(language, f"{match.heading} {match.text}")),
                english(f"{section.heading} {section.text}"),
            )
        )
    return pairs, spelled


def _english_stems(text: str, spelled: dict[str, str]) -> Iterable[str]:
    stop = STOP_WORDS["en"]
    for word in surface_words(text):
        if word in stop or not word.isalpha():
            continue
        for stem in analyze("en", word):
            spelled.setdefault(stem, word)
            yield stem


@dataclass
class Lexicon:
    """What one language's words mean in English, as far as the translated pages show."""

    language: str
    pairs: list[TextPair] = field(default_factory=list)
    spelled: dict[str, str] = field(default_factory=dict)  # English stem → a word that has it
    _pairs_of: dict[str, list[int]] = field(default_factory=dict)
    _english_pairs: Counter[str] = field(default_factory=Counter)
    _meanings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def learn(cls, language: str, pairs: list[TextPair], spelled: dict[str, str]) -> Lexicon:
        lexicon = cls(language, pairs, spelled)
        for number, pair in enumerate(pairs):
            for stem in pair.words:
                lexicon._pairs_of.setdefault(stem, []).append(number)
            lexicon._english_pairs.update(pair.english)
        return lexicon

    def meanings(self, word: str) -> tuple[str, ...]:
        """English words `word` (as the customer wrote it) means, best first; () if unknown."""
        found: dict[str, None] = {}
        for stem in analyze(self.language, word):
            for meaning in self._stem_meanings(stem):
                found[meaning] = None
        return tuple(found)[:MAX_MEANINGS]

    def _stem_meanings(self, stem: str) -> tuple[str, ...]:
        with self._lock:
            known = self._meanings.get(stem)
        if known is not None:
            return known
        numbers = self._pairs_of.get(stem, [])
        shared: Counter[str] = Counter()
        for number in numbers:
            shared.update(self.pairs[number].english)
        scored = sorted(
            (
                (2 * both / (len(numbers) + self._english_pairs[english]), english)
                for english, both in shared.items()
                if both >= MIN_SHARED
            ),
            reverse=True,
        )
        meanings = tuple(
            self.spelled.get(english, english)
            for dice, english in scored[:MAX_MEANINGS]
            if dice >= MIN_DICE
        )
        with self._lock:
            self._meanings[stem] = meanings
        return meanings
