"""Typo tolerance: corrections within one edit, looked up only for words the index lacks.

Each index segment's word counts (segments never change; see search.vocabulary) are kept in
a dict, read the first time a correction is needed or when a server warms up, and the typed
word's one-edit variants (≈ 250 for a Latin word, ≈ 600 for an Arabic one) are probed in
them. The counts live with the vocabulary of an open index and are handed on to the next one
for the segments it still has, so a process holds words only for the segments it searches (a
merged-away segment's counts go with it).

An earlier version kept a SymSpell deletion map per segment (every word filed under each of
its deletions): a few microseconds faster per typo, but ten times the memory, and with
every approval adding a small segment it made a worker's size swing by megabytes.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from search.analysis import is_arabic
from search.vocabulary import segment_counts

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ARABIC = "ءابتثجحخدذرسشصضطظعغفقكلمنهويةؤئ"
MIN_WORD_LENGTH = 4  # shorter words have too many neighbours to guess from
# A correction must be in at least this many sections (one per _SECTIONS_PER_SUPPORT, at
# least one): a typed word the index lacks is as likely a real word the pages never use
# ("caught") as a typo, and a suggestion swapping it for a rare neighbour ("taught") is
# worse than none.
MIN_CORRECTION_FREQUENCY = 3
_SECTIONS_PER_SUPPORT = 100


class Vocabulary:
    """Document frequencies of the normalised surface words in the index (search.vocabulary)."""

    def __init__(
        self, reader: Any, previous: Vocabulary | None = None, folder: Path | None = None
    ) -> None:
        """`folder`: the index's folder (its segments' side files are there); `previous`: the
        vocabulary of the index this one replaces, whose counts are reused for the segments
        both share."""
        self._reader = reader
        self._folder = folder
        self._cache: dict[str, int] = {}
        self._words_lock = threading.Lock()
        self._words: dict[str, dict[str, int]] = {}
        if previous is not None:
            current = {_segment_id(leaf) for leaf in _leaves(reader)}
            with previous._words_lock:
                kept = {key: value for key, value in previous._words.items() if key in current}
            self._words = kept

    def frequency(self, word: str) -> int:
        known = self._cache.get(word)
        if known is None:
            known = sum(counts.get(word, 0) for counts in self._segment_counts())
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
        segments = self._segment_counts()
        variants = edits1(word)
        found: set[str] = set()
        for counts in segments:
            # keys() & set walks the smaller side; set.intersection(dict) walks the whole dict
            found |= counts.keys() & variants
        best, best_frequency = None, self.support() - 1
        for candidate in sorted(found):
            frequency = sum(counts.get(candidate, 0) for counts in segments)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best

    def support(self) -> int:
        """Sections a word must be in to be offered as a correction (or as part of one)."""
        sections = int(self._reader.doc_count())
        return max(1, min(MIN_CORRECTION_FREQUENCY, sections // _SECTIONS_PER_SUPPORT))

    def prepare(self) -> None:
        """Read the counts of every segment now rather than at the first typo."""
        self._segment_counts()

    def _segment_counts(self) -> list[dict[str, int]]:
        return [self._counts_of(leaf) for leaf in _leaves(self._reader)]

    def _counts_of(self, reader: Any) -> dict[str, int]:
        segment = _segment_id(reader)
        with self._words_lock:
            found = self._words.get(segment)
        if found is not None:
            return found
        counts = segment_counts(self._folder, reader)
        with self._words_lock:
            self._words[segment] = counts
        return counts


def _leaves(reader: Any) -> list[Any]:
    return [leaf for leaf, _ in reader.leaf_readers()]


def _segment_id(reader: Any) -> str:
    return str(reader.segment().segment_id())


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    letters = _ARABIC if is_arabic(word) else _LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts) - {word}
