"""Both kinds of evidence for every candidate page.

The section stage finds pages by their best sections, the name stage by their names; each
stage stops at the pages it was asked for. A page one stage found but the other did not
would be ranked on half its evidence: a page found by its name would count no section
(the chatops page found by "chatops" in its file name, whose sections say how to use it),
a page found by a section no name. So each such page gets the other half scored exactly,
on its own documents only.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from search.evaluate import Clause, Lookups, Weights, score_documents, segment_of
from search.postings import every_document
from search.schema import PAGE_DOCUMENT

Scored = list[tuple[int, float, float]]  # (document, BM25, clauses matched)


def _segment_bounds(reader: Any, docnum: int) -> tuple[int, int]:
    """The first and past-the-last document numbers of the segment holding `docnum`: a page's
    documents are added together, so they lie next to each other in one segment."""
    found = segment_of(reader, docnum)
    return (found[1], found[2]) if found is not None else (docnum, docnum + 1)


def page_starts(reader: Any) -> list[int]:
    """The document number of every page's own document, in order, deleted ones too: a
    page's documents are added together, its own first, so its sections run from there to
    the next page's."""
    starts: list[int] = []
    for leaf, offset in reader.leaf_readers():
        starts += (offset + docnum for docnum in every_document(leaf, "kind", PAGE_DOCUMENT))
    return starts


def page_document(
    reader: Any, section: int, path_of: Callable[[int], str], starts: Sequence[int]
) -> int:
    """The document holding the names of the page `section` belongs to: the page's first."""
    start, _ = _segment_bounds(reader, section)
    path = path_of(section)
    found = bisect_right(starts, section) - 1
    if found >= 0 and start <= starts[found] and path_of(starts[found]) == path:
        docnum = starts[found]
        if docnum == start or path_of(docnum - 1) != path:
            return docnum
    docnum = section  # not laid out as expected: walk back to the page's first document
    while docnum > start and path_of(docnum - 1) == path:
        docnum -= 1
    return docnum


def section_documents(
    reader: Any, page: int, path_of: Callable[[int], str], starts: Sequence[int]
) -> set[int]:
    """The section documents following a page's own document."""
    _, end = _segment_bounds(reader, page)
    path = path_of(page)
    following = bisect_right(starts, page)
    stop = starts[following] if following < len(starts) else end
    stop = min(stop, end)
    if (
        following
        and starts[following - 1] == page
        and path_of(stop - 1) == path
        and (stop == end or path_of(stop) != path)
    ):
        return set(range(page + 1, stop))
    sections = set()  # not laid out as expected: walk while the path is the page's
    docnum = page + 1
    while docnum < end and path_of(docnum) == path:
        sections.add(docnum)
        docnum += 1
    return sections


def complete(
    searcher: Any,
    sections: Scored,
    names: Scored,
    section_clauses: list[Clause],
    name_clauses: list[Clause],
    section_weights: Weights,
    name_weights: Weights,
    name_lengths: dict[str, float],
    full_weight: float,
    path_of: Callable[[int], str],
    starts: Sequence[int],
    allowed: set[int] | None,
    lookups: Lookups | None = None,
) -> tuple[Scored, Scored]:
    """`sections` and `names` with the missing half of each candidate page scored (`starts`:
    page_starts of the searcher's reader)."""
    reader = searcher.reader()
    with_sections = {path_of(docnum) for docnum, _, _ in sections}
    with_names = {path_of(docnum) for docnum, _, _ in names}
    more_sections: set[int] = set()
    for docnum, _, _ in names:
        if path_of(docnum) not in with_sections:
            more_sections |= section_documents(reader, docnum, path_of, starts)
    more_names: set[int] = set()
    for docnum, _, _ in sections:
        if path_of(docnum) not in with_names:
            more_names.add(page_document(reader, docnum, path_of, starts))
    if allowed is not None:
        more_sections &= allowed
        more_names &= allowed
    if more_sections:
        sections = sections + score_documents(
            searcher, section_clauses, more_sections, section_weights, lookups=lookups
        )
    if more_names:
        names = names + score_documents(
            searcher, name_clauses, more_names, name_weights, name_lengths, full_weight, lookups
        )
    return sections, names
