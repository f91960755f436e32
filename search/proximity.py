"""Whether a section says the query's words side by side: the word pairs it holds.

A section that says "phone I use for work" answers "can I have TikTok on the phone I use for
work" better than one that says "phone" in one paragraph and "work" in another. Each section
keeps, in a column, the pairs of index terms it says next to each other (stop words are
dropped first, so "time off to vote" pairs "off" with "vote"; a heading and the body are
separate), as 32-bit hashes: reading one section's is one column lookup, where reading the
same from the postings' positions costs a block decode per word.
"""

from __future__ import annotations

from array import array
from itertools import pairwise
from zlib import crc32

from search.evaluate import Clause


def pair_hash(first: str, second: str) -> int:
    return crc32(f"{first}\x00{second}".encode())


def section_pairs(parts: list[list[tuple[str, ...]]]) -> bytes:
    """The `word_pairs` column of a section: the hashes of the term pairs said side by side
    within each of its parts (terms by position), sorted."""
    hashes = {
        pair_hash(first, second)
        for by_position in parts
        for before, after in pairwise(by_position)
        for first in before
        for second in after
    }
    return array("I", sorted(hashes)).tobytes()


def query_pairs(clauses: list[Clause]) -> list[frozenset[int]]:
    """Per neighbouring pair of the query's words, the hashes that say them side by side in
    the query's order (the words' own terms, not their synonyms or compounds)."""
    terms = [{text for _, text, _, alternative in clause if not alternative} for clause in clauses]
    return [
        frozenset(pair_hash(first, second) for first in before for second in after)
        for before, after in pairwise(terms)
    ]


def adjacency(pairs: list[frozenset[int]], column: bytes) -> float:
    """Share of the query's neighbouring word pairs (`query_pairs`) the section (its
    `word_pairs` column) says side by side; 0 for a one-word query."""
    if not pairs:
        return 0.0
    said = array("I")
    said.frombytes(column)
    held = set(said)
    return sum(1 for hashes in pairs if not hashes.isdisjoint(held)) / len(pairs)
