"""Pages and sections both count: section scores and page-name scores → results grouped by page.

The section stage scores sections (BM25F over their text); the name stage scores pages by what
names them (search.pagenames). A page's score is its best section's, plus its name's (more when
the query names the page's whole title), plus a little for a second good section, times the
preference the query's intent gives its type. Each section's score is first multiplied by its
quality (search.boilerplate), so a list of links never outranks the prose it points to, and
raised by how much of the query its heading names: in a section, as in a page's names, a
heading that asks the question ("Who is responsible for the postmortem") is better evidence
than a body that mentions the words.

A page lands on its top when its name answers the query better than any of its sections
("sabbatical policy"), else on the section that answers most of the query: its score times
the share of the query's words it holds ("jury duty leave" → the court-leave part of the
leave page; "internet allowance" → the section on allowances that names the internet one, not
the one on internet speed whose heading says "internet"). A few more of its good sections are
listed under it, so one page cannot fill the list.

For a question, the best few pages are then raised by how much of it their landing section
says word for word (search.proximity): "can I have TikTok on the phone I use for work"
prefers the section saying "the phone you use for work" to one saying "phone" and "work"
apart. A question is written in phrases, and the answer tends to use them; a few keywords
("refund policy") are not, and name a page rather than a passage (its title counts there).
Only a few pages, because reading positions costs more per section than scoring it.

A few keywords that no section holds all of may still name one page: "prohibited apps work
phone" is answered by the policy titled *Prohibited Hardware and Software*, one section of which
names phones and another work, rather than by a list of equipment rules that says "apps",
"work" and "phone" but never "prohibited". When no scored section holds every word of a
query that is not a question, a page that one of the words names (its title or other names)
is raised by the share of the query's words its scored sections hold between them beyond
what its best section holds: the name says what the page is about, its sections the details.
Not when some section holds every word (that section is the answer), not for a page no word
names (words scattered over a page that is about something else), not for a question or more
than a few words (a sentence's words, not a list of what the page is about).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

NAME_WEIGHT = 0.7  # a page name's score against its best section's …
# … times the share of the query's words the name holds, to this power: a name that is the
# query ("sabbatical policy") counts fully, one sharing a word with a long question little.
NAME_COVERAGE_POWER = 2.0
SECOND_SECTION_WEIGHT = 0.1  # a page with two good sections is more likely about the query
# A page lands on its top when its name holds every word of the query and outscores its best
# section, or holds some of them and outscores it by this factor: otherwise the section
# answering the detail is where the reader wants to be.
LANDING_FACTOR = 2.0
FULL_NAME_LANDING = 0.75  # … the factor when the name holds every word
QUALITY_POWER = 0.5  # a boilerplate section also lost weight on its body terms at indexing
# A section's score × (1 + HEADING_WEIGHT × (share of the query's words its heading holds)²).
HEADING_WEIGHT = 0.5
# The name's part × (1 + TITLE_WEIGHT × (share of the title's words the query holds)^
# TITLE_POWER): a query that names a page's whole title ("expense policy" → "Expenses") asks
# for that page more surely than one naming a word of a longer title ("Travel expenses and
# billing"). Not for a question: it asks for an answer, wherever it is written.
TITLE_WEIGHT = 1.0
TITLE_POWER = 3.0
# For a question, the best `limit + PROXIMITY_POOL` pages' totals × (1 + PROXIMITY_WEIGHT ×
# share of the query's neighbouring word pairs their landing section says side by side, in
# order).
PROXIMITY_WEIGHT = 0.5
PROXIMITY_POOL = 5
# A page named by a query word, when no section holds every word: total × (1 + SPREAD_WEIGHT ×
# share of the query's words its scored sections hold together beyond its best section's) …
SPREAD_WEIGHT = 1.0
# … for a few keywords only: the more words, the likelier a page says some of them in different
# sections by chance (a customer message's key words, search.suggestions, are up to six).
SPREAD_MAX_WORDS = 4
MORE_SECTIONS = 2  # sections listed under a page's landing section
MORE_SECTION_SHARE = 0.5  # … each scoring at least this share of the best one


@dataclass
class PageScore:
    """How one page scored, part by part (what `--explain` shows)."""

    path: str
    page_document: int | None = None  # the page's own document, if its name matched
    name: float = 0.0  # BM25 of the query in the page's names
    coverage: float = 0.0  # share of the query's words its names hold (tags, folder: a third)
    title: float = 0.0  # share of the title's words the query holds (0 for a question)
    # docnum, BM25, boilerplate weight, share of the query's words the heading holds, share
    # of the query's words the section holds
    sections: list[tuple[int, float, float, float, float]] = field(default_factory=list)
    intent: float = 1.0
    language: float = 1.0
    proximity: float = 0.0  # share of the query's word pairs said side by side (landing)
    spread: float = 0.0  # share of the query's words its other sections add to its best one
    total: float = 0.0
    landing: int | None = None  # the document the hit opens: the page's top or a section
    more: list[tuple[int, float]] = field(default_factory=list)  # docnum, weighted score

    def name_part(self) -> float:
        return (
            NAME_WEIGHT
            * self.name
            * float(self.coverage**NAME_COVERAGE_POWER)
            * (1 + TITLE_WEIGHT * float(self.title**TITLE_POWER))
        )

    def section_score(self, index: int) -> float:
        _, score, quality, heading, _ = self.sections[index]
        return section_score(score, quality, heading)

    def answer_score(self, index: int) -> float:
        """How well a section answers the whole query: its score × the share of the query's
        words it holds (what the page lands on; its best score is what ranks it)."""
        return self.section_score(index) * self.sections[index][4]


def section_score(bm25: float, quality: float, heading: float) -> float:
    """A section's BM25 weighed by its boilerplate weight and raised by its heading's share of
    the query's words."""
    weight = effective_quality(quality, heading)
    return bm25 * float(weight**QUALITY_POWER) * (1 + HEADING_WEIGHT * heading**2)


def effective_quality(quality: float, heading: float) -> float:
    """The boilerplate weight, waived as much as the heading names the query: a reading list
    asked for by its heading is the answer."""
    return quality + (1 - quality) * heading**2


@dataclass(frozen=True)
class QueryWord:
    """One word of the query: its index terms (its alternatives' too), and for a word typed
    with hyphens the terms of each of its parts."""

    terms: frozenset[str]
    parts: tuple[frozenset[str], ...] = ()

    def named_by(self, heading: frozenset[str]) -> bool:
        """Whether a heading holding these terms names the word: a word typed with hyphens
        only by all its parts or by an alternative ("E" does not name "e-mail"; "Email" or
        "E-mail" does)."""
        if not self.parts:
            return not self.terms.isdisjoint(heading)
        alternatives = self.terms.difference(*self.parts)
        return not alternatives.isdisjoint(heading) or all(
            not part.isdisjoint(heading) for part in self.parts
        )


@dataclass(frozen=True)
class Columns:
    """Per-document values the ranking needs, read from index columns (no stored fields)."""

    path: Callable[[int], str]
    quality: Callable[[int], float]
    type: Callable[[int], str]
    heading: Callable[[int], frozenset[str]]  # the index terms of a section's heading
    title: Callable[[int], frozenset[str]]  # … and of a page's title (its own document)


def rank_pages(
    sections: list[tuple[int, float, float]],
    names: list[tuple[int, float, float]],
    words: list[QueryWord],
    columns: Columns,
    intent: Callable[[str], float],
    limit: int,
    *,
    question: bool = False,
    proximity: Callable[[set[int]], dict[int, float]] | None = None,
    held: Callable[[int], frozenset[int]] | None = None,
) -> list[PageScore]:
    """The best `limit` pages, best first, each with its landing and more sections.

    `sections` and `names` are (document, BM25, query words matched) from the two stages;
    `words` holds the index terms of each of the query's words (empty for a quoted phrase);
    `intent(type)` the preference for a page type; a `question` is not asking for a page by
    its title; `proximity(sections)` the share of the query's word pairs each section says
    side by side (search.proximity), asked for a question's best pages only; `held(section)`
    the query's words (their numbers in `words`) a section holds, asked only when no section
    holds them all.
    """
    pages: dict[str, PageScore] = {}
    for docnum, score, matched in names:
        path = columns.path(docnum)
        page = pages.setdefault(path, PageScore(path))
        page.page_document, page.name = docnum, score
        page.coverage = matched / max(len(words), 1)
        if not question:
            page.title = _title_share(columns.title(docnum), words)
    for docnum, score, matched in sections:
        path = columns.path(docnum)
        heading = _heading_share(columns, docnum, words)
        share = matched / max(len(words), 1)
        pages.setdefault(path, PageScore(path)).sections.append(
            (docnum, score, columns.quality(docnum), heading, share)
        )
    for page in pages.values():
        page.sections.sort(key=lambda s: -section_score(s[1], s[2], s[3]))
        best = page.section_score(0) if page.sections else 0.0
        second = page.section_score(1) if len(page.sections) > 1 else 0.0
        some_document = (
            page.page_document if page.page_document is not None else page.sections[0][0]
        )
        page.intent = intent(columns.type(some_document))
        page.total = (page.name_part() + best + SECOND_SECTION_WEIGHT * second) * page.intent
    keywords = not question and 1 < len(words) <= SPREAD_MAX_WORDS
    if held is not None and keywords and not _answered(pages):
        for page in pages.values():
            _raise_by_spread(page, held, len(words))
    by_order = proximity if question and len(words) > 1 else None
    pool = limit + PROXIMITY_POOL if by_order is not None else limit
    ranked = sorted(pages.values(), key=lambda p: (-p.total, p.path))[:pool]
    for page in ranked:
        _choose_landing(page)
    if by_order is not None:
        _raise_by_proximity(ranked, len(words), by_order)
        ranked = sorted(ranked, key=lambda p: (-p.total, p.path))[:limit]
    return ranked


def _raise_by_proximity(
    pages: list[PageScore], words: int, proximity: Callable[[set[int]], dict[int, float]]
) -> None:
    """Raise each page's total by how much of the query its landing section (its best one,
    for a page landing on its top) says word for word. A section holding fewer than two of
    the query's words says no pair: its positions are not read."""
    said = {page.path: index for page in pages if (index := _said(page, words)) is not None}
    found = proximity({page.sections[said[page.path]][0] for page in pages if page.path in said})
    for page in pages:
        index = said.get(page.path)
        if index is None:
            continue
        page.proximity = found.get(page.sections[index][0], 0.0)
        page.total *= 1 + PROXIMITY_WEIGHT * page.proximity


def _answered(pages: dict[str, PageScore]) -> bool:
    """Whether a scored section holds every word of the query."""
    return any(share >= 1 - 1e-9 for page in pages.values() for *_, share in page.sections)


def _raise_by_spread(page: PageScore, held: Callable[[int], frozenset[int]], words: int) -> None:
    """Raise a page one of the query's words names by the share of the query's words its
    scored sections hold between them beyond its best section's."""
    if page.coverage <= 0 or len(page.sections) < 2:
        return
    together = frozenset().union(*(held(docnum) for docnum, *_ in page.sections))
    page.spread = max(0.0, len(together) / words - page.sections[0][4])
    page.total *= 1 + SPREAD_WEIGHT * page.spread


def _said(page: PageScore, words: int) -> int | None:
    """The section whose word order counts for `page`, if it holds two or more words."""
    for index, (docnum, _, _, _, share) in enumerate(page.sections):
        if docnum == page.landing or page.landing == page.page_document:
            return index if share * words >= 2 - 1e-9 else None
    return None


def _heading_share(columns: Columns, docnum: int, words: list[QueryWord]) -> float:
    """Share of the query's words the section's heading names."""
    if not words:
        return 0.0
    heading = columns.heading(docnum)
    return sum(1 for word in words if word.named_by(heading)) / len(words)


def _title_share(title: frozenset[str], words: list[QueryWord]) -> float:
    """Share of the title's terms that the query's words hold."""
    if not title:
        return 0.0
    asked = frozenset().union(*(word.terms for word in words))
    return len(title & asked) / len(title)


def _choose_landing(page: PageScore) -> None:
    best = page.section_score(0) if page.sections else 0.0
    factor = FULL_NAME_LANDING if page.coverage >= 1.0 else LANDING_FACTOR
    if page.page_document is not None and page.name_part() >= factor * best:
        page.landing = page.page_document
        candidates = list(range(len(page.sections)))
    else:
        answer = max(range(len(page.sections)), key=page.answer_score)  # first of equals
        page.landing = page.sections[answer][0]
        candidates = [i for i in range(len(page.sections)) if i != answer]
    page.more = [
        (page.sections[i][0], page.section_score(i))
        for i in candidates
        if page.section_score(i) >= MORE_SECTION_SHARE * best
    ][:MORE_SECTIONS]
