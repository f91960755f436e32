"""Typo tolerance: corrections within one edit, looked up only for words the index lacks."""

from __future__ import annotations

from typing import Any

from search.analysis import is_arabic

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_ARABIC = "ءابتثجحخدذرسشصضطظعغفقكلمنهويةؤئ"
MIN_WORD_LENGTH = 4  # shorter words have too many neighbours to guess from
RARE = 1  # a word seen in at most this many sections may itself be a typo
_CLEARLY_COMMONER = 10


class Vocabulary:
    """Section frequencies of the normalised surface words in the index (the `words` field)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._cache: dict[str, int] = {}

    def frequency(self, word: str) -> int:
        known = self._cache.get(word)
        if known is None:
            known = int(self._reader.doc_frequency("words", word))
            if len(self._cache) < 100_000:
                self._cache[word] = known
        return known

    def correction(self, word: str) -> str | None:
        """The most frequent indexed word one edit away, if `word` is missing or rare."""
        if len(word) < MIN_WORD_LENGTH or word.isdigit():
            return None
        own = self.frequency(word)
        if own > RARE:
            return None
        best, best_frequency = None, max(own * _CLEARLY_COMMONER, 0)
        for candidate in sorted(edits1(word)):
            frequency = self._reader.doc_frequency("words", candidate)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    letters = _ARABIC if is_arabic(word) else _LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts) - {word}
