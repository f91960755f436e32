"""Typo tolerance: corrections within one edit, looked up only for words the index lacks.

Candidates come from a deletion map (SymSpell): every vocabulary word is filed under itself
and under each string one deletion away from it, so the words one edit from a typed word are
found with a handful of dict lookups (the typed word and its deletions) instead of a
dictionary lookup per possible edit (≈ 250 for a Latin word, ≈ 300 for an Arabic one).
The map is built once per index segment (segments never change), the first time a
correction is needed, and only for segments with a bounded vocabulary; beyond that, and if
it cannot be built, the edits are enumerated as before. Maps live with the vocabulary of an
open index and are handed on to the next one for the segments it still has, so a process
holds maps only for the segments it searches (a merged-away segment's map goes with it).
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
MAX_MAPPED_WORDS = 200_000  # a segment with more words is searched by enumerating edits

DeletionMap = dict[str, list[str]]


class Vocabulary:
    """Section frequencies of the normalised surface words in the index (the `words` field)."""

    def __init__(self, reader: Any, previous: Vocabulary | None = None) -> None:
        """`previous`: the vocabulary of the index this one replaces, whose deletion maps
        are reused for the segments both share."""
        self._reader = reader
        self._cache: dict[str, int] = {}
        self._maps_lock = threading.Lock()
        self._maps: dict[str, DeletionMap | None] = {}
        if previous is not None:
            current = set(filter(None, map(_segment_id, _leaves(reader))))
            with previous._maps_lock:
                kept = {key: value for key, value in previous._maps.items() if key in current}
            self._maps = kept

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
            candidates = edits1(word)
        sections = int(self._reader.doc_count())
        support = max(1, min(MIN_CORRECTION_FREQUENCY, sections // _SECTIONS_PER_SUPPORT))
        best, best_frequency = None, support - 1
        for candidate in sorted(candidates):
            frequency = self._reader.doc_frequency("words", candidate)
            if frequency > best_frequency:
                best, best_frequency = candidate, frequency
        return best

    def prepare(self) -> None:
        """Build the deletion maps of every segment now rather than at the first typo."""
        for reader in _leaves(self._reader):
            self._deletion_map(reader)

    def _neighbours(self, word: str) -> set[str] | None:
        """Indexed words one edit from `word` (None: no deletion map for some segment)."""
        maps = []
        for reader in _leaves(self._reader):
            mapped = self._deletion_map(reader)
            if mapped is None:
                return None
            maps.append(mapped)
        keys = {word, *deletions(word)}
        letters = _ARABIC if is_arabic(word) else _LATIN
        found: set[str] = set()
        for mapped in maps:
            for key in keys:
                found.update(mapped.get(key, ()))
        return {candidate for candidate in found if one_edit(word, candidate, letters)}

    def _deletion_map(self, reader: Any) -> DeletionMap | None:
        segment = _segment_id(reader)
        if segment is None:
            return None
        with self._maps_lock:
            if segment in self._maps:
                return self._maps[segment]
        mapped = _build_deletion_map(reader)
        with self._maps_lock:
            self._maps[segment] = mapped
        return mapped


def _leaves(reader: Any) -> list[Any]:
    return [leaf for leaf, _ in reader.leaf_readers()]


def _segment_id(reader: Any) -> str | None:
    try:
        return str(reader.segment().segment_id())
    except AttributeError:
        return None


def _build_deletion_map(reader: Any) -> DeletionMap | None:
    mapped: DeletionMap | None = {}
    words = 0
    for term in reader.lexicon("words"):
        word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
        if len(word) < MIN_WORD_LENGTH - 1:
            continue  # never one edit from a word long enough to correct
        words += 1
        if words > MAX_MAPPED_WORDS:
            mapped = None
            break
        for key in {word, *deletions(word)}:
            mapped.setdefault(key, []).append(word)  # type: ignore[union-attr]
    return mapped


def deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def one_edit(word: str, candidate: str, letters: str) -> bool:
    """Whether `candidate` is in edits1(word) (inserted or replacing letters from `letters`)."""
    size, other = len(word), len(candidate)
    if candidate == word:
        return False
    if other == size:
        diffs = [i for i in range(size) if word[i] != candidate[i]]
        if len(diffs) == 1:
            return candidate[diffs[0]] in letters
        first = diffs[0]
        return (
            len(diffs) == 2
            and diffs[1] == first + 1
            and word[first] == candidate[first + 1]
            and word[first + 1] == candidate[first]
        )
    if other == size - 1:
        return any(word[:i] + word[i + 1 :] == candidate for i in range(size))
    if other == size + 1:
        return any(
            candidate[i] in letters and candidate[:i] + candidate[i + 1 :] == word
            for i in range(other)
        )
    return False


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    letters = _ARABIC if is_arabic(word) else _LATIN
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in letters if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + transposes + replaces + inserts) - {word}
