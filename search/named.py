"""Whether a query names a page: every part of it is a word of the page's title or of its
type ("refund policy" names the policy titled "Refunds and returns"), as typed or as one of
its synonyms. The English fallback of an Arabic or Indonesian search uses it to tell a page
the translated query names from pages that merely mention its words."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from search.analysis import analyze
from search.intent import type_term, type_terms
from search.synonyms import Synonyms, Term

Segment = tuple[Term, ...]  # the ways one part of a query may be written


def segments(
    words: Sequence[str], synonyms: Synonyms | None, stop_word: Callable[[str], bool]
) -> list[Segment]:
    """The query's parts: each term the synonyms know with its alternatives, and each other
    word (not a stop word) on its own."""
    found: list[Segment] = []
    covered: set[int] = set()
    for start, end, term, alternatives in synonyms.matches(list(words)) if synonyms else []:
        found.append((term, *(alternative.words for alternative in alternatives)))
        covered.update(range(start, end))
    found += [
        ((word,),)
        for position, word in enumerate(words)
        if position not in covered and not stop_word(word)
    ]
    return found


# A word as a name holds it: its index terms (a title's) and its form as a page-type word.
_Word = tuple[frozenset[str], str | None]


@lru_cache(maxsize=8192)
def _word(language: str, text: str) -> _Word:
    return frozenset(analyze(language, text)), type_term(language, text)


@dataclass(frozen=True)
class Naming:
    """A query's parts, each word analysed once in one language, to check many pages."""

    parts: tuple[tuple[tuple[_Word, ...], ...], ...]  # part → its ways → their words
    language: str

    @classmethod
    def of(cls, parts: Sequence[Segment], language: str) -> Naming:
        """`parts`: each as typed first, then its synonyms. A synonym with a stop word is a
        phrasing ("where is my order"), not a name: without its stop words it would be
        "order", which names far more than the query did."""

        def analysed(part: Segment) -> tuple[tuple[_Word, ...], ...]:
            ways = [tuple(_word(language, text) for text in way) for way in part]
            typed, synonyms = ways[0], ways[1:]
            return (typed, *(way for way in synonyms if all(stems for stems, _ in way)))

        return cls(tuple(analysed(part) for part in parts if part), language)

    def names(self, title_terms: frozenset[str], page_type: str) -> bool:
        """Whether every part is written, one way or another, in the title's index terms or
        the page type's words (a stop word in a way is neither there nor missing)."""
        types = {term for (term,) in type_terms(page_type, self.language)} if page_type else set()

        def written(way: tuple[_Word, ...]) -> bool:
            said = [form in types or bool(stems & title_terms) for stems, form in way if stems]
            return bool(said) and all(said)

        return bool(self.parts) and all(any(map(written, part)) for part in self.parts)
