"""Whether a section says the query's words side by side, read from the index's positions.

A section that says "phone I use for work" answers "TikTok on the phone I use for work" better
than one that says "phone" in one paragraph and "work" in another. The section fields store
each term's positions (stop words are dropped before positions are counted, so "time off to
vote" holds "time", "off" and "vote" side by side; a heading and the body are far apart), and
this reads them for the few sections the ranking asks about, never for every candidate.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher

from search.evaluate import Clause, Lookups, lookup_term

Positions = dict[int, list[set[int]]]  # document → per query word, where it says the word


def adjacency_by_document(
    searcher: Any, clauses: list[Clause], documents: set[int], lookups: Lookups
) -> dict[int, float]:
    """`adjacency` of each of `documents` (global numbers) for the query's words."""
    return {
        docnum: adjacency(where)
        for docnum, where in word_positions(searcher, clauses, documents, lookups).items()
    }


def adjacency(where: list[set[int]]) -> float:
    """Share of the query's neighbouring word pairs that the section says side by side and in
    the query's order (a pair it does not hold counts as apart); 0 for a one-word query."""
    if len(where) < 2:
        return 0.0
    adjacent = sum(
        1
        for first, second in pairwise(where)
        if any(position + 1 in second for position in first)
    )
    return adjacent / (len(where) - 1)


def word_positions(
    searcher: Any, clauses: list[Clause], documents: set[int], lookups: Lookups
) -> Positions:
    """Where each of `documents` says each query word: the positions of the word's own terms
    (not its synonyms or compounds, which may be several words). A term's positions are read
    only for the documents its postings (already looked up for the search) say hold it."""
    found: Positions = {docnum: [set() for _ in clauses] for docnum in documents}
    ordered = sorted(documents)
    leaves = searcher.leaf_searchers()
    for word, clause in enumerate(clauses):
        for fieldname, text, _, alternative in clause:
            if alternative:
                continue
            per_segment, _ = lookup_term(searcher, fieldname, text, lookups)
            for (subsearcher, offset), postings in zip(leaves, per_segment, strict=True):
                if postings is None:
                    continue
                ids = postings.ids
                holding = [
                    docnum - offset
                    for docnum in ordered
                    if (i := bisect_left(ids, docnum - offset)) < len(ids)
                    and ids[i] == docnum - offset
                ]
                if not holding:
                    continue
                btext = searcher.schema[fieldname].to_bytes(text)
                matcher = subsearcher.reader().postings(fieldname, btext)
                if not matcher.supports("positions"):
                    continue
                for docnum in holding:
                    if not _skip_to(matcher, docnum):
                        break
                    if matcher.id() == docnum:
                        found[docnum + offset][word].update(matcher.value_as("positions"))
    return found


def _skip_to(matcher: Any, docnum: int) -> bool:
    """Move `matcher` to its first posting at or after `docnum`; False past the end.

    Whoosh's own skip_to steps through a block one posting at a time in Python; this skips
    whole blocks by their highest id and bisects the block's ids."""
    if not matcher.is_active():
        return False
    if not isinstance(matcher, W3LeafMatcher):
        matcher.skip_to(docnum)
        return bool(matcher.is_active())
    while matcher.is_active() and matcher.block_max_id() < docnum:
        matcher._next_block()
    if not matcher.is_active():
        return False
    if matcher._ids is None:
        matcher._read_ids()
    matcher._i = bisect_left(matcher._ids, docnum, matcher._i)
    return True
