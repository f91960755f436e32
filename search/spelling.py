"""Typo tolerance: corrections within one edit, looked up only for words the index lacks.

Each index segment's words (segments never change) are kept in a set, built the first time a
correction is needed or when a server warms up, and the typed word's one-edit variants
(≈ 250 for a Latin word, ≈ 600 for an Arabic one) are probed in those sets instead of being
looked up one by one in the index. The sets live with the vocabulary of an open index and are
handed on to the next one for the segments it still has, so a process holds words only for
the segments it searches (a merged-away segment's set goes with it).

An earlier version kept a SymSpell deletion map per segment (every word filed under each of
its deletions): a few microseconds faster per typo, but ten times the memory, and with
every approval adding a small segment it made a worker's size swing by megabytes.
"""

from __future__ import annotations

import threading
from typing import Any

from search.analysis import is_arabic

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ARABIC = "ءابتثجحخدذرسشصضطظعغفقكلمنهويةؤئ"
MIN_WORD_LENGTH = 4  # shorter words have too many neighbours to guess from
# A correction must be in at least this many sections (one per _SECTIONS_PER_SUPPORT, at
# least one): a typed word the index lacks is as likely a real word the pages never use
# ("caught") as a typo, and a suggestion swapping it for a rare neighbour ("taught") is
# worse than none.
MIN_CORRECTION_FREQUENCY = 3
_SECTIONS_PER_SUPPORT = 100
MAX_SET_WORDS = 500_000  # a segment with more words is searched through the index itself


class Vocabulary:
    """Section frequencies of the normalised surface words in the index (the `words` field)."""

    def __init__(self, reader: Any, previous: Vocabulary | None = None) -> None:
        """`previous`: the vocabulary of the index this one replaces, whose word sets are
        reused for the segments both share."""
        self._reader = reader
        self._cache: dict[str, int] = {}
        self._words_lock = threading.Lock()
        self._words: dict[str, frozenset[str] | None] = {}
        if previous is not None:
            current = set(filter(None, map(_segment_id, _leaves(reader))))
            with previous._words_lock:
                kept = {key: value for key, value in previous._words.items() if key in current}
            self._words = kept

    def frequency(self, word: str) -> int:
        known = self._cache.get(word)
        if known is None:
            known = int(self._reader.doc_frequency("words", word))
            if len(self._cache) < 100_000:
                self._cache[word] = known
        return known

    def correction(self, word: str) -> str | None:
        """The most frequent indexed word one edit away, if the index lacks `word`.

        A word the index holds, however rarely, is never replaced: it is a real word.
        """
        if len(word) < MIN_WORD_LENGTH or word.isdigit():
            return None
        if self.frequency(word) > 0:
            return None
        candidates = self._neighbours(word)
        if candidates is None:
            candidates = edits1(word)  # each looked up in the index below
        best, best_frequency = None, self.support() - 1
        for candidate in sorted(candidates):
            frequency = self._reader.doc_frequency("words", candidate)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best

    def support(self) -> int:
        """Sections a word must be in to be offered as a correction (or as part of one)."""
        sections = int(self._reader.doc_count())
        return max(1, min(MIN_CORRECTION_FREQUENCY, sections // _SECTIONS_PER_SUPPORT))

    def prepare(self) -> None:
        """Collect the words of every segment now rather than at the first typo."""
        for reader in _leaves(self._reader):
            self._segment_words(reader)

    def _neighbours(self, word: str) -> set[str] | None:
        """Indexed words one edit from `word` (None: some segment has no word set)."""
        word_sets = []
        for reader in _leaves(self._reader):
            words = self._segment_words(reader)
            if words is None:
                return None
            word_sets.append(words)
        variants = edits1(word)
        found: set[str] = set()
        for words in word_sets:
            found |= variants & words
        return found

    def _segment_words(self, reader: Any) -> frozenset[str] | None:
        segment = _segment_id(reader)
        if segment is None:
            return None
        with self._words_lock:
            if segment in self._words:
                return self._words[segment]
        words = _collect_words(reader)
        with self._words_lock:
            self._words[segment] = words
        return words


def _leaves(reader: Any) -> list[Any]:
    return [leaf for leaf, _ in reader.leaf_readers()]


def _segment_id(reader: Any) -> str | None:
    try:
        return str(reader.segment().segment_id())
    except AttributeError:
        return None


def _collect_words(reader: Any) -> frozenset[str] | None:
    words: list[str] = []
    for term in reader.lexicon("words"):
        word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if len(word) < MIN_WORD_LENGTH - 1:
            continue  # never one edit from a word long enough to correct
        if len(words) == MAX_SET_WORDS:
            return None
        words.append(word)
    return frozenset(words)


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    letters = _ARABIC if is_arabic(word) else _LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts) - {word}
