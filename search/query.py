"""search(): what the user typed → ranked section hits with snippets."""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, cast

from whoosh import query as q
from whoosh.scoring import BM25F

from content.schema import language_of_path
from content.urls import deep_link
from search.analysis import (
    LANGUAGES,
    STOP_WORDS,
    WORD,
    analyze,
    is_arabic,
    normalize_word,
    stems_of,
    surface_words,
)
from search.candidates import complete, page_document, page_starts
from search.errors import QueryRejected
from search.evaluate import (
    Clause,
    Lookups,
    Weights,
    clauses_held,
    holds_every_clause,
    top_sections,
)
from search.explain import Explanation, explain_page, matched_terms
from search.intent import Intent, query_intent, question_word, type_term
from search.model import Hit, SearchResult
from search.named import Naming, segments
from search.pagenames import NAME_BOOSTS
from search.parsing import MAX_TERMS, ParsedQuery, parse_query
from search.postings import CachedTerm
from search.proximity import adjacency, query_pairs
from search.ranking import Columns, PageScore, QueryWord, rank_pages
from search.schema import PAGE_DOCUMENT, field_name, listed, name_field
from search.searchers import OpenIndex, open_searcher
from search.snippets import make_snippet
from search.spelling import Vocabulary
from search.synonyms import (
    BUILTIN_LABEL,
    GLOSSARY_PAGES,
    LEXICON_WEIGHT,
    SYNONYM_WEIGHT,
    Synonyms,
    builtin_lexicon,
    without_article,
)

MAX_LIMIT = 100
DEFAULT_LIMIT = 10
# Pages are ranked in tiers of these sizes, each from its own pool of sections, and a tier
# adds only pages the tiers before it did not rank: the first pages of any limit are the
# default's, so asking for more appends hits and never reorders the ones already seen.
RANK_TIERS = (DEFAULT_LIMIT, 2 * DEFAULT_LIMIT, 4 * DEFAULT_LIMIT, MAX_LIMIT)
# The name stage stops at its first stage that finds a page: pages whose names hold every
# word, else pages whose names hold any. Pages the section stage found have their names
# scored anyway (search.candidates); the name stage is for pages no section brought.
NAME_STAGE_ENOUGH = 1
# Sections scored to rank pages: as many as pages asked for, plus a few so the best pages'
# second sections count (10 more for 10 pages scored as well on the dev set as 40 more).
SECTION_POOL_EXTRA = 10
# A query filtered to Arabic or Indonesian that finds fewer pages than this in its language
# also gets English pages, labelled as having no translation yet.
FALLBACK_LANGUAGES = ("ar", "id")
FALLBACK_MIN_HITS = 3
# … and English pages the query names (search.named) come first when none in the reader's
# language is named; a query of more parts than this names no page.
MAX_NAMING_PARTS = 4
# … else the best English page with no translation whose section holds the whole query takes
# this place (0: first) among the reader's own.
ENGLISH_ANSWER_AT = 1
# … unless a page in the reader's language the query names is more than a canned reply.
REPLY_TYPE = "template"
NAMED_PLACED = "first: the query in English names this page, and none in %s"
ANSWER_PLACED = "second: its section holds the whole query in English; no %s translation"
FALLBACK_PLACED = "after the %s pages: English standing in where they are few"
_FALLBACK_NAMES = {"ar": "Arabic", "id": "Indonesian"}  # for --explain
# The built-in lexicon widens a query no section answers in the reader's words (_planned), and
# then only a term with a word in fewer sections than this: a word the
# pages use often is the knowledge base's own word for the thing, and its synonyms add noise.
LEXICON_RARE_SECTIONS = 5
MAX_SECTIONS_NAMING = 20  # sections saying a rare word read for a heading naming it
MAX_PREFIX_EXPANSION = 50  # index terms one `refu*` may stand for, across fields
_MAX_CACHED_FILTERS = 64
_WEIGHTING = BM25F(B=0.5, K1=1.2)  # tuned with the merged fields on tests/search/relevance
_WEIGHTS = Weights(B=_WEIGHTING.B, K1=_WEIGHTING.K1)
# Names are short and say what the whole page is about: a word in a two-word title names
# the page more than the same word in a long description.
_NAME_WEIGHTS = Weights(B=0.9, K1=1.2)


# A word in more than this share of the sections (and more than _COMMON_MIN of them) is
# common: it still scores the sections other words find, but finding the sections that hold
# it would mean walking most of the index. The full union is the fallback when the rarer
# words find fewer sections than asked for.
_COMMON_SHARE = 0.02
_COMMON_MIN = 500

# Scores from the fields of the language the query is written in are multiplied by this:
# an English query prefers the English page when an Indonesian one scores about the same.
QUERY_LANGUAGE_BOOST = 1.3


@dataclass
class QueryPlan:
    query: Any  # a Whoosh query, or None when nothing is left to search for
    all_words: Any = None  # the same words all required: tried first, it is much cheaper
    rare_words: Any = None  # sections with a rarer word, scored by all: tried next
    terms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    corrections: dict[str, str] = field(default_factory=dict)  # typed word → indexed word
    # The same words for search.evaluate (None when a phrase needs Whoosh's own matchers):
    clauses: list[Clause] | None = None
    rare: list[bool] | None = None  # which clauses are rare_words' candidates
    language: str | None = None  # the language the query seems written in
    expansions: list[str] = field(default_factory=list)  # synonyms and compounds added
    acronyms: set[str] = field(default_factory=set)  # stop words typed as acronyms: kept
    # The terms of each part of a word typed with hyphens, by the number of its clause.
    parts: dict[int, tuple[frozenset[str], ...]] = field(default_factory=dict)


def warm_up(index_dir: Path) -> None:
    """Open the index, collect its typo word lists and read the built-in lexicon, so a new
    process's first searches (and its memory over time) do not pay for them later; raises
    IndexUnavailable (no index)."""
    with open_searcher(index_dir) as opened:
        opened.vocabulary.prepare()
    builtin_lexicon()


def search(
    index_dir: Path,
    query: str,
    *,
    lang: str | None = None,
    type: str | None = None,
    tag: str | None = None,
    limit: int = DEFAULT_LIMIT,
    explain: bool = False,
    synonyms: Synonyms | None = None,
    snippets: bool = True,
    reader_lang: str | None = None,
) -> SearchResult:
    """Search the index: the best `limit` pages, each landing on its top or its best section
    with a few more of its sections under it; a larger `limit` keeps a smaller one's hits
    first, in the same order. Raises QueryRejected (bad query) or
    IndexUnavailable (no index). With `explain`, each hit says how it scored; `synonyms`
    (search.synonyms.load_synonyms of the docs) widen the query; without `snippets` the hits
    have none (a caller that shows few of many hits makes its own). `reader_lang`, with no
    `lang`: the language the reader reads; the query then searches the language it is
    written in (`_written_in`: an Arabic reader who types English words gets English pages,
    a reader of English who types Indonesian gets Indonesian ones), with English standing in
    where Arabic or Indonesian has few answers — never a third language."""
    started = time.perf_counter()
    if lang is not None and lang not in LANGUAGES:
        raise QueryRejected(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    parsed = parse_query(query)
    limit = max(1, min(limit, MAX_LIMIT))
    intent = query_intent(parsed.words)
    explanations: list[Explanation] = []
    # The English pages added for an Arabic or Indonesian query: how each was placed
    explained_by: dict[str, str] = {}
    with open_searcher(index_dir) as opened:
        if lang is None and reader_lang is not None:
            lang = _written_in(parsed, opened.searcher.reader(), reader_lang)
        plan = _planned(opened, parsed, lang, synonyms)
        few = FALLBACK_MIN_HITS if lang in FALLBACK_LANGUAGES else 0
        found, total = _ranked(opened, plan, intent, lang, type, tag, limit, few=few)
        if lang in FALLBACK_LANGUAGES:
            across = synonyms.across() if synonyms else None
            english = cache(lambda: _planned(opened, parsed, "en", across))
            found, explained_by = _with_english(
                opened, parsed, plan, english, found, lang, synonyms, (intent, type, tag),
                limit, few,
            )  # fmt: skip
        untranslated = {
            page.path
            for page, _, _ in found
            if _lacks_translation(opened, page.path, plan.language or lang)
        }
        if explain:
            explanations = [
                _explain(opened.searcher, page, fields["heading"], plan, intent)
                if page.path not in explained_by
                else replace(
                    _explain(opened.searcher, page, fields["heading"], english(), intent),
                    placed=explained_by[page.path] % _FALLBACK_NAMES.get(str(lang), str(lang)),
                )
                for page, fields, _ in found
            ]
    # per language, for the snippets (None: no snippets asked for)
    known: dict[str, dict[str, bool]] | None = defaultdict(dict) if snippets else None
    hits = [
        _grouped_hit(page, fields, more, plan.terms, page.path in untranslated, known)
        for page, fields, more in found
    ]
    return SearchResult(
        query=query,
        hits=hits,
        suggestion=suggestion(parsed.text, plan.corrections),
        total=max(total, len(hits)),
        ms=(time.perf_counter() - started) * 1000,
        explanations=explanations,
        expansions=list(plan.expansions),
    )


Found = tuple[PageScore, dict[str, Any], list[dict[str, Any]]]


def _planned(
    opened: OpenIndex, parsed: ParsedQuery, lang: str | None, synonyms: Synonyms | None
) -> QueryPlan:
    """The query's plan, widened by the built-in lexicon only when the pages do not answer in
    the reader's own words (and the team's synonyms): no section holds them all, a word is in
    no section at all, or the pages only mention in passing the rare word the lexicon knows
    (no heading or title of a section saying it names it: "retreat" said once in a meeting's
    notes is not what the knowledge base calls its company retreat). A knowledge base that
    answers in the reader's words is searched in them."""
    reader, vocabulary = opened.searcher.reader(), opened.vocabulary
    rare = _rare_lexicon_words(parsed.words, synonyms, vocabulary) if synonyms else []
    if synonyms is None or not rare:
        return plan_query(parsed, reader, vocabulary, lang, synonyms)
    own = plan_query(parsed, reader, vocabulary, lang, synonyms.without_lexicon())
    typed = [word for word in parsed.words if word not in own.corrections]
    if own.clauses is None or _unknown_word(typed, vocabulary):
        return plan_query(parsed, reader, vocabulary, lang, synonyms)
    if (
        own.clauses
        and holds_every_clause(opened.searcher, own.clauses, {})
        and _named_where_said(opened, rare)
    ):
        return own
    return plan_query(parsed, reader, vocabulary, lang, synonyms)


def _rare_lexicon_words(
    words: list[str], synonyms: Synonyms, vocabulary: Vocabulary
) -> list[str]:
    """The words the pages rarely use of the terms in `words` the built-in lexicon has
    synonyms for."""
    return [
        word
        for _, _, term, alternatives in synonyms.matches(words)
        if alternatives[0].builtin
        for word in term
        if vocabulary.frequency(word) < LEXICON_RARE_SECTIONS
    ]


def _named_where_said(opened: OpenIndex, words: list[str]) -> bool:
    """Whether a section saying one of `words` (rare words: a few sections) names it in its
    heading or its page's title."""
    reader, columns, starts = opened.searcher.reader(), _columns(opened), _page_starts(opened)
    for language in LANGUAGES:
        stems = {stem for word in words for stem in analyze(language, word)}
        for stem in stems:
            if not reader.doc_frequency(field_name(language), stem):
                continue
            for section in islice(reader.postings(field_name(language), stem).all_ids(),
                                  MAX_SECTIONS_NAMING):
                page = page_document(reader, section, columns.path, starts)
                if stem in columns.heading(section) or stem in columns.title(page):
                    return True
    return False


def _unknown_word(words: list[str], vocabulary: Vocabulary) -> bool:
    """Whether a word of the query (not a stop word) is in no section: the pages do not say
    what the reader said ("WFH")."""
    return any(
        not vocabulary.frequency(word)
        for word in words
        if not any(word in stop_words for stop_words in STOP_WORDS.values())
    )


def _ranked(
    opened: OpenIndex,
    plan: QueryPlan,
    intent: Intent,
    lang: str | None,
    type: str | None,
    tag: str | None,
    limit: int,
    *,
    few: int = 0,
) -> tuple[list[Found], int]:
    """The plan's best `limit` pages (RANK_TIERS: the first ones are the same for any limit)
    with the stored fields of their landing and more sections, and how many sections match.
    Stops after the first tier when it finds fewer than `few` pages."""
    if plan.query is None or limit < 1:
        return [], 0
    lookups: Lookups = {}  # each term's postings, looked up once for every tier and stage
    allowed = _allowed_documents(opened, lang, type, tag)
    pages: dict[str, PageScore] = {}
    total = 0
    for tier in RANK_TIERS:
        ranked, matched = _ranked_tier(opened, plan, intent, allowed, tier, lookups)
        total = max(total, matched)
        for page in ranked:
            pages.setdefault(page.path, page)
        if tier >= limit or len(pages) >= limit or len(pages) < few:
            break
    found = []
    for page in islice(pages.values(), limit):
        if page.landing is not None:
            fields = opened.searcher.stored_fields(page.landing)
            found.append((page, fields, [_listed(opened, fields, d) for d, _ in page.more]))
    return found, total


def _listed(opened: OpenIndex, page_fields: dict[str, Any], docnum: int) -> dict[str, Any]:
    """The fields a section listed under its page's hit shows: its page's (`page_fields`, of
    another of its documents) with its own anchor and heading, from the `listing` column."""
    column: Any = opened.memo.get("listing")
    if column is None:
        column = opened.memo["listing"] = opened.searcher.reader().column_reader("listing")
    anchor, heading = listed(column[docnum])
    return {**page_fields, "anchor": anchor, "heading": heading, "text": ""}


def _ranked_tier(
    opened: OpenIndex,
    plan: QueryPlan,
    intent: Intent,
    allowed: set[int] | None,
    limit: int,
    lookups: Lookups,
) -> tuple[list[PageScore], int]:
    """The plan's best `limit` pages among the `allowed` documents (None: all), from a pool
    of `limit + SECTION_POOL_EXTRA` sections."""
    searcher = opened.searcher
    searcher.weighting = _WEIGHTING
    sections, total = section_stage(
        searcher, plan, allowed, limit + SECTION_POOL_EXTRA, limit, lookups
    )
    names: list[tuple[int, float, float]] = []
    columns = _remembered(_columns(opened))
    if plan.clauses is not None:
        name_clauses = [_as_names(clause) for clause in plan.clauses]
        lengths = _name_lengths(opened)
        full = NAME_BOOSTS["alias"]
        names, _ = top_sections(
            searcher, name_clauses, None, allowed, limit, _NAME_WEIGHTS,
            lengths=lengths, full_weight=full, lookups=lookups, enough=NAME_STAGE_ENOUGH,
        )  # fmt: skip
        sections, names = complete(
            searcher, sections, names, plan.clauses, name_clauses, _WEIGHTS, _NAME_WEIGHTS,
            lengths, full, columns.path, _page_starts(opened), allowed, lookups,
        )  # fmt: skip
    words = [
        QueryWord(frozenset(text for _, text, _, _ in clause), plan.parts.get(number, ()))
        for number, clause in enumerate(plan.clauses or ())
    ]
    clauses = plan.clauses
    ranked = rank_pages(
        sections, names, words, columns, intent.preference, limit, question=intent.question,
        proximity=None if clauses is None else _proximity(opened, query_pairs(clauses)),
        held=None if clauses is None else _held(searcher, clauses, lookups),
    )  # fmt: skip
    return ranked, total


def _with_english(
    opened: OpenIndex,
    parsed: ParsedQuery,
    plan: QueryPlan,
    english: Callable[[], QueryPlan],
    found: list[Found],
    language: str,
    synonyms: Synonyms | None,
    filters: tuple[Intent, str | None, str | None],
    limit: int,
    few: int,
) -> tuple[list[Found], dict[str, str]]:
    """The hits of an Arabic or Indonesian search with the English pages that may hold the
    answer (found through the synonyms' and glossary's cross-language pairs or words both
    languages share), and how each English page was placed (for --explain):

    - first, English pages with no translation that the query, put into English, names
      (search.named), unless a page in the reader's language is named by it;
    - second, else, the best English page with no translation whose landing section holds
      every part of the query put into English: the pages in the reader's language are often
      replies that mention a topic whose policy or how-to exists only in English;
    - after the reader's own pages, English pages standing in when those are few.

    Never the English source of a page the reader's language already lists."""
    named, answer = _english_answers(opened, parsed, english, found, language, synonyms, filters)
    fallback: list[Found] = []
    if len(found) < few:
        intent, type, tag = filters
        fallback, _ = _ranked(opened, english(), intent, "en", type, tag, limit)
    if not (named or answer or fallback):
        return found, {}
    answers = [answer] if answer else []
    shown = {page.path for page, _, _ in [*named, *answers]}
    own = [hit for hit in found if _source(hit[0].path, language) not in shown]
    shown |= {_source(page.path, language) for page, _, _ in own}
    fallback = [hit for hit in fallback if hit[0].path not in shown]
    merged = [*named, *own[:ENGLISH_ANSWER_AT], *answers, *own[ENGLISH_ANSWER_AT:], *fallback]
    plan.terms["en"] |= english().terms["en"]
    plan.expansions += [e for e in english().expansions if e not in plan.expansions]
    placed = {
        **{page.path: FALLBACK_PLACED for page, _, _ in fallback},
        **{page.path: ANSWER_PLACED for page, _, _ in answers},
        **{page.path: NAMED_PLACED for page, _, _ in named},
    }
    return merged[:limit], placed


def _english_answers(
    opened: OpenIndex,
    parsed: ParsedQuery,
    english: Callable[[], QueryPlan],
    found: list[Found],
    language: str,
    synonyms: Synonyms | None,
    filters: tuple[Intent, str | None, str | None],
) -> tuple[list[Found], Found | None]:
    """The English pages with no translation into `language` that the query names (see
    _with_english), or else the best one whose landing section holds every part of the
    query put into English; neither when a part has no English."""
    columns = _columns(opened)

    def stop(word: str) -> bool:  # a word that names nothing: "the", "how"
        return _stop_word(word, (language, "en")) or question_word(word, (language, "en"))

    def named_by(naming: Naming, page: PageScore) -> bool:
        document = _page_document(opened, page)
        return document is not None and naming.names(
            columns.title(document), columns.type(document)
        )

    def answered(naming: Naming, page: PageScore) -> bool:  # by a page or a heading
        landing = page.landing
        return named_by(naming, page) or (
            landing is not None and naming.names(columns.heading(landing), "")
        )

    own = segments(parsed.words, synonyms, stop)
    translated = segments(parsed.words, synonyms.across() if synonyms else None, stop)
    if not own or len(translated) > MAX_NAMING_PARTS:
        return [], None  # no English title says that many things
    plan = english()
    # Parts of the query with no English (no lexicon pair, in no English page): none for a
    # name; one of three or four for an answer ("cara", how, in "cara eskalasi tiket").
    untold = sum(all(is_arabic(w) for way in part for w in way) for part in translated)
    missing = max(untold, len(translated) - len(plan.clauses or ()))
    if plan.clauses is None or missing > (1 if len(translated) >= 3 else 0):
        return [], None
    intent, type, tag = filters
    pages, _ = _ranked(opened, plan, intent, "en", type, tag, DEFAULT_LIMIT)
    untranslated = [hit for hit in pages if _lacks_translation(opened, hit[0].path, language)]
    in_own = Naming.of(own, language)
    named_own = [page for page, _, _ in found[:DEFAULT_LIMIT] if answered(in_own, page)]
    if named_own:
        if missing or any(_type_of(opened, page) != REPLY_TYPE for page in named_own):
            return [], None  # the reader's language has the page; or the English is partial
    elif not missing:
        in_english = Naming.of(translated, "en")
        named = [hit for hit in untranslated if named_by(in_english, hit[0])]
        if named:
            return named, None
    clauses, searcher = plan.clauses, opened.searcher
    every, names = frozenset(range(len(clauses))), [_as_names(clause) for clause in clauses]
    lookups: Lookups = {}

    def held(page: PageScore) -> frozenset[int]:  # by its landing section, or its names
        found: frozenset[int] = frozenset()
        if page.landing is not None:
            found |= clauses_held(searcher, clauses, page.landing, lookups)
        document = _page_document(opened, page)
        if document is not None:
            found |= clauses_held(searcher, names, document, lookups)
        return found

    for hit in untranslated:
        # The glossary quotes the reader's words beside the English ones: it holds them all.
        if hit[0].path not in GLOSSARY_PAGES and held(hit[0]) == every:
            return [], hit
    return [], None


def _type_of(opened: OpenIndex, page: PageScore) -> str:
    document = _page_document(opened, page)
    return "" if document is None else _columns(opened).type(document)


def _page_document(opened: OpenIndex, page: PageScore) -> int | None:
    """The document of the page itself (its names, its title's terms)."""
    if page.page_document is not None or page.landing is None:
        return page.page_document
    reader, columns = opened.searcher.reader(), _columns(opened)
    return page_document(reader, page.landing, columns.path, _page_starts(opened))


def _lacks_translation(opened: OpenIndex, path: str, language: str | None) -> bool:
    """Whether `path` is an English page the query's language (Arabic, Indonesian) has no
    translation of in the index."""
    if language not in FALLBACK_LANGUAGES or language_of_path(path) is not None:
        return False
    return not opened.searcher.reader().doc_frequency("path", _translation(path, language))


def _translation(path: str, language: str) -> str:
    """Where the translation of the English page `path` into `language` would be."""
    return f"{path.removesuffix('.md')}.{language}.md"


def _source(path: str, language: str) -> str:
    """The English page a page in `language` translates, by its path ("x.ar.md" → "x.md")."""
    return f"{path.removesuffix(f'.{language}.md')}.md"


def _explain(
    searcher: Any, page: PageScore, heading: str, plan: QueryPlan, intent: Intent
) -> Explanation:
    terms = [
        (field, text)
        for clause in plan.clauses or []
        for field, text, _, _ in [*clause, *_as_names(clause)]
    ]
    documents = [d for d in (page.landing, page.page_document) if d is not None]
    matched = matched_terms(searcher, documents, terms)
    return explain_page(page, heading, intent, matched, tuple(plan.expansions), plan.corrections)


def section_stage(
    searcher: Any,
    plan: QueryPlan,
    allowed: set[int] | None,
    pool: int,
    enough: int | None = None,
    lookups: Lookups | None = None,
) -> tuple[list[tuple[int, float, float]], int]:
    """The best `pool` sections (document, BM25F, words matched) and how many match: plain
    words through search.evaluate, quoted phrases through Whoosh's own matchers. The cheaper
    candidate stages stop once they find `enough` sections (default: `pool`)."""
    if plan.clauses is not None:
        return top_sections(
            searcher, plan.clauses, plan.rare, allowed, pool, _WEIGHTS, enough=enough,
            lookups=lookups,
        )  # fmt: skip
    return _whoosh_stages(searcher, plan, allowed, pool)


def _as_names(clause: Clause) -> Clause:
    """The same word looked up in the page-name fields."""
    return [
        (name_field(field[len("text_") :]), text, boost, alternative)
        for field, text, boost, alternative in clause
    ]


def _name_lengths(opened: OpenIndex) -> dict[str, float]:
    """Average length of each name field over the page documents (only they have one)."""
    lengths = opened.memo.get("name_lengths")
    if lengths is None:
        reader = opened.searcher.reader()
        pages = max(1, int(reader.doc_frequency("kind", PAGE_DOCUMENT)))
        lengths = {
            name_field(language): reader.field_length(name_field(language)) / pages or 1.0
            for language in LANGUAGES
        }
        opened.memo["name_lengths"] = lengths
    return cast(dict[str, float], lengths)


def _page_starts(opened: OpenIndex) -> list[int]:
    starts = opened.memo.get("page_starts")
    if starts is None:
        starts = opened.memo["page_starts"] = page_starts(opened.searcher.reader())
    return cast(list[int], starts)


def _columns(opened: OpenIndex) -> Columns:
    columns = opened.memo.get("columns")
    if columns is None:
        reader = opened.searcher.reader()
        paths = reader.column_reader("path")
        types = reader.column_reader("type")
        quality = reader.column_reader("quality")
        headings = reader.column_reader("heading_terms")
        titles = reader.column_reader("title_terms")
        columns = Columns(
            path=lambda docnum: str(paths[docnum]),
            quality=lambda docnum: float(quality[docnum]),
            type=lambda docnum: str(types[docnum]),
            heading=lambda docnum: frozenset(bytes(headings[docnum]).decode("utf-8").split()),
            title=lambda docnum: frozenset(bytes(titles[docnum]).decode("utf-8").split()),
        )
        opened.memo["columns"] = columns
    return cast(Columns, columns)


def _proximity(
    opened: OpenIndex, pairs: list[frozenset[int]]
) -> Callable[[set[int]], dict[int, float]]:
    """Share of the query's word pairs each of some sections says side by side."""
    column: Any = opened.memo.get("word_pairs")
    if column is None:
        column = opened.memo["word_pairs"] = opened.searcher.reader().column_reader("word_pairs")

    def proximity(documents: set[int]) -> dict[int, float]:
        return {docnum: adjacency(pairs, bytes(column[docnum])) for docnum in documents}

    return proximity


def _held(
    searcher: Any, clauses: list[Clause], lookups: Lookups
) -> Callable[[int], frozenset[int]]:
    """The query's words (clause numbers) a section holds."""
    return lambda docnum: clauses_held(searcher, clauses, docnum, lookups)


def _remembered(columns: Columns) -> Columns:
    """`columns` with each document's path read once (a search asks for some many times)."""
    paths: dict[int, str] = {}

    def path(docnum: int) -> str:
        found = paths.get(docnum)
        if found is None:
            found = paths[docnum] = columns.path(docnum)
        return found

    return replace(columns, path=path)


def _whoosh_stages(
    searcher: Any, plan: QueryPlan, allowed: set[int] | None, limit: int
) -> tuple[list[tuple[int, float, float]], int]:
    """Run the plan's Whoosh queries (quoted phrases need Whoosh's own matchers)."""
    results = None
    # Cheapest first: sections with every word rank first anyway, and an intersection
    # skips through postings far faster than a union; then the sections holding a
    # rarer word; the whole union only when those find too few.
    for candidates in (plan.all_words, plan.rare_words):
        if candidates is not None:
            results = searcher.search(candidates, limit=limit, filter=allowed)
            if results.scored_length() >= limit:
                break
            results = None
    if results is None:
        results = searcher.search(plan.query, limit=limit, filter=allowed)
    found = [(hit.docnum, hit.score, 1.0) for hit in results]
    return found, results.estimated_min_length()


def plan_query(
    parsed: ParsedQuery,
    reader: Any,
    vocabulary: Vocabulary,
    lang: str | None,
    synonyms: Synonyms | None = None,
) -> QueryPlan:
    """Turn parsed words into a Whoosh query over the fields of the languages they can be in,
    widened with synonyms and compounds."""
    plan = QueryPlan(query=None, acronyms=parsed.acronyms)
    optional: list[tuple[Any, int]] = []  # (clause, sections holding its commonest term)
    clause_of: dict[int, int] = {}  # position in parsed.words → its clause in `optional`
    seen: set[str] = set()
    arabic_query = _has_arabic(parsed)
    if lang is None:
        plan.language = _query_language(parsed.words, arabic_query, reader)
    searched = [  # positions of the words searched for: not stop words, unless acronyms
        position
        for position, word in enumerate(parsed.words)
        if word in parsed.acronyms or not _stop_word(word, _languages(word, lang, arabic_query))
    ]
    hyphenated = _hyphenated(searched, parsed.joined)
    # Words the pages never say are typos — unless the synonyms know them: "cuti" (leave)
    # searched on an English knowledge base is not a slip for "cut".
    not_typos = _known_when_joined(parsed, vocabulary) | _synonym_words_in(parsed, synonyms)
    # Put into English for the fallback, the reader's words are no English typos.
    crossing = synonyms is not None and synonyms.cross
    unmatched_parts: list[int] = []  # parts of hyphenated words found in no field
    for position in searched:
        word = parsed.words[position]
        if word in seen:
            continue
        seen.add(word)
        if len(seen) > MAX_TERMS:
            break
        parts = hyphenated.get(position, (position,))
        weight = 1 / len(parts)
        languages = _languages(word, lang, arabic_query)
        correct = position not in not_typos and not crossing
        clause = _word_clause(word, languages, reader, vocabulary, plan, weight, correct)
        if clause is None and lang is None and not arabic_query and not is_arabic(word):
            # Arabic pages quote Latin product names: look there when no other page has it.
            clause = _word_clause(word, ("ar",), reader, vocabulary, plan, weight, correct)
        if clause is None:
            if len(parts) > 1:
                unmatched_parts.append(position)
            continue
        first = next((clause_of[p] for p in parts if p in clause_of), None)
        if first is None:
            clause_of[position] = len(optional)
            optional.append(clause)
        else:  # a later part of a hyphenated word joins the word's clause
            clause_of[position] = first
            (earlier, frequency), (later, more) = optional[first], clause
            both = q.Or([*_subqueries(earlier), *_subqueries(later)])
            optional[first] = (both, max(frequency, more))
            known = plan.parts.get(first) or (_texts(earlier),)
            plan.parts[first] = (*known, _texts(later))
    for position in unmatched_parts:  # "mail" of "e-mail": no page says it alone
        first = next((clause_of[p] for p in hyphenated[position] if p in clause_of), None)
        if first is not None:
            known = plan.parts.get(first) or (_texts(optional[first][0]),)
            plan.parts[first] = (*known, frozenset())
    widening = _with_learned_acronyms(parsed.words, reader, synonyms)
    _widen(
        parsed, optional, clause_of, reader, vocabulary, lang, arabic_query, plan, widening
    )
    for prefix in parsed.prefixes:
        clause = _prefix_clause(prefix, _languages(prefix, lang, True), reader, plan)
        if clause is not None:
            optional.append((clause, 0))
    required = [_phrase_clause(words, lang, plan) for words in parsed.phrases]
    if any(clause is None for clause in required):
        return plan  # a quoted phrase made only of stop words, or in no language's fields
    clauses = [clause for clause, _ in optional]
    if required:
        must = required[0] if len(required) == 1 else q.And(required)
        plan.query = q.AndMaybe(must, q.Or(clauses)) if clauses else must
    elif clauses:
        plan.query = clauses[0] if len(clauses) == 1 else q.Or(clauses)
        plan.clauses = [_clause_terms(clause) for clause in clauses]
        if len(clauses) > 1:
            plan.all_words = q.And(clauses)
            plan.rare_words = _rare_words(optional, reader.doc_count())
            plan.rare = _rare_mask(optional, reader.doc_count())
    return plan


def _widen(
    parsed: ParsedQuery,
    optional: list[tuple[Any, int]],
    clause_of: dict[int, int],
    reader: Any,
    vocabulary: Vocabulary,
    lang: str | None,
    arabic_query: bool,
    plan: QueryPlan,
    synonyms: Synonyms | None,
) -> None:
    """Add to the words' clauses what they may also be written as: two neighbouring words
    written as one ("log in" → "login", "e mail" → "email"), and synonyms of the words. A
    word typed with a hyphen ("e-mail", "post-mortem") is the same word without it: its
    joined form weighs fully, not as a synonym, whatever its parts' length."""
    words = parsed.words
    extra: dict[int, list[list[Any]]] = {}  # position → each alternative's terms
    ends: dict[int, int] = {}  # position → past the last word those alternatives stand for
    for position in range(len(words) - 1):
        head, tail = words[position], words[position + 1]
        joined = head + tail
        typed_as_one = position in parsed.joined
        if min(len(head), len(tail)) > MAX_PARTICLE_CHARS and not typed_as_one:
            continue  # two full words ("time off") are rarely one written together
        if vocabulary.frequency(joined) < vocabulary.support():
            continue  # not a word the pages use
        languages = _languages(joined, lang, arabic_query)
        weight = 1.0 if typed_as_one else SYNONYM_WEIGHT
        terms, _ = _term_queries(joined, languages, reader, plan, weight)
        if terms:
            extra.setdefault(position, []).append(terms)
            ends[position] = len(words)  # a compound of stop words ("a to") joins a later word
            plan.expansions.append(f"{words[position]} {words[position + 1]} → {joined}")
    crossing = synonyms is not None and synonyms.cross
    for start, end, term, synonyms_of_term in synonyms.matches(words) if synonyms else []:
        if synonyms_of_term[0].builtin and not crossing and not _rarely_used(term, vocabulary):
            continue  # crossing: the English pages never use the reader's Arabic words
        for alternative, builtin in synonyms_of_term:
            searched, weight = _synonym_words(term, alternative, builtin, words)
            # The lexicon's groups within a language are searched in the query's language
            # (an Indonesian group's English loanword must not pull English pages).
            within = lang or (plan.language if builtin and not crossing else None)
            terms = []
            for word in searched:
                other_script = _other_script(word, term)
                languages = _languages(word, None if other_script else within, False)
                if _stop_word(word, languages):
                    continue
                found, _ = _term_queries(word, languages, reader, plan, weight)
                terms += found
            if terms:
                extra.setdefault(start, []).append(terms)
                ends[start] = max(ends.get(start, 0), end)
                label = f" {BUILTIN_LABEL}" if builtin else ""
                plan.expansions.append(f"{' '.join(term)} → {' '.join(alternative)}{label}")
    for position, found_alternatives in extra.items():
        # a synonym joins the clause of a word it stands for, or makes its own: joined to a
        # later word's, "bayar" (pay) in "bayar ongkir retur" would stand in for "retur"
        span = range(position, ends[position])
        target = next((clause_of[p] for p in span if p in clause_of), None)
        if target is None:
            clause_of[position] = target = len(optional)
            optional.append((q.Or([]), 0))
        clause, frequency = optional[target]
        existing = clause.subqueries if isinstance(clause, q.Or) else [clause]
        number = max((getattr(t, "alternative", 0) for t in existing), default=0)
        added: list[Any] = []
        for alternative_terms in found_alternatives:
            number += 1
            for query_term in alternative_terms:
                query_term.alternative = number
            added += alternative_terms
        optional[target] = (q.Or([*existing, *added]), frequency)


def _rarely_used(term: tuple[str, ...], vocabulary: Vocabulary) -> bool:
    """Whether a word of `term` is in fewer than LEXICON_RARE_SECTIONS sections."""
    return min(vocabulary.frequency(word) for word in term) < LEXICON_RARE_SECTIONS


def _synonym_words(
    term: tuple[str, ...], alternative: tuple[str, ...], builtin: bool, typed: Sequence[str] = ()
) -> tuple[tuple[str, ...], float]:
    """The words of a synonym to search for, and the weight of each. The lexicon's synonym
    stands for the words typed: the words it shares with them (the term's, or the query's
    other `typed` words) are searched already ("expense policy" → "spend policy" adds "spend",
    not every page saying "policy"; "كنسلة الطلب" → "الغاء الطلب" adds "الغاء"), and the rest
    together weigh no more than the words they stand for, each at most LEXICON_WEIGHT: a page
    saying all of "preferred name" finds a reader who typed "nickname" as well as one saying
    "nickname" would, and "paid time off" does not outweigh "vacation" by matching three
    words. The team's synonyms are searched whole, each word weighing SYNONYM_WEIGHT."""
    if not builtin:
        return alternative, SYNONYM_WEIGHT
    said = {without_article(word) for word in (*term, *typed)}
    searched = tuple(word for word in alternative if without_article(word) not in said)
    return searched, min(LEXICON_WEIGHT, len(term) / max(1, len(searched)))


MAX_DEFINING_PAGES = 5  # pages read for an abbreviation's long form


def _with_learned_acronyms(
    words: list[str], reader: Any, synonyms: Synonyms | None
) -> Synonyms | None:
    """`synonyms` plus the long forms the pages themselves give the query's abbreviations
    ("TOIL" → "time off in lieu", see search.acronyms)."""
    learned: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for word in dict.fromkeys(words):
        if not 2 <= len(word) <= 8 or not reader.doc_frequency("acronyms", word):
            continue
        forms: Counter[str] = Counter()
        postings = reader.postings("acronyms", word)
        for docnum in islice(postings.all_ids(), MAX_DEFINING_PAGES):
            defined = reader.stored_fields(docnum).get("defines") or {}
            if word in defined:
                forms[defined[word]] += 1
        if forms:
            long = tuple(surface_words(forms.most_common(1)[0][0]))
            learned[(word,)] = {long}
    if not learned:
        return synonyms
    widened = synonyms.copy() if synonyms else Synonyms()
    for term, alternatives in learned.items():
        widened.alternatives.setdefault(term, set()).update(alternatives)
    return widened


def _other_script(word: str, term: tuple[str, ...]) -> bool:
    """Whether a synonym is in another script than the term it stands for (a cross-language
    pair): it is then searched in its own language's fields whatever the filter."""
    return is_arabic(word) != any(is_arabic(w) for w in term)


def _has_arabic(parsed: ParsedQuery) -> bool:
    return any(is_arabic(word) for word in parsed.words) or any(
        is_arabic(word) for words in parsed.phrases for word in words
    )


def _written_in(parsed: ParsedQuery, reader: Any, reader_lang: str) -> str:
    """The language a query is written in: Arabic by its script; a Latin query in the
    reader's Indonesian when Indonesian pages hold each of its words ("refund" is both) that
    any page holds (a typo, "kebocran", is in no language), else as _query_language finds."""
    words = parsed.words or [word for words in parsed.phrases for word in words]
    arabic = _has_arabic(parsed)
    if not arabic and reader_lang == "id":
        held = [
            _held_in(reader, word, ("id", "en"))
            for word in words
            if word not in STOP_WORDS["id"]
        ]
        known = [languages for languages in held if languages]
        if known and all("id" in languages for languages in known):
            return "id"
    return _query_language(words, arabic, reader)


def _held_in(reader: Any, word: str, languages: tuple[str, ...]) -> set[str]:
    """The languages among `languages` whose pages hold `word`."""
    return {
        language
        for language in languages
        if any(reader.doc_frequency(field_name(language), stem) for stem in analyze(language, word))
    }


def _query_language(words: list[str], arabic_query: bool, reader: Any) -> str:
    """The language a query seems written in: Arabic by its script; a Latin query is
    English unless it has an Indonesian word (a stop word, or a word only Indonesian
    pages hold)."""
    if arabic_query:
        return "ar"
    for word in words[:MAX_TERMS]:
        if word in STOP_WORDS["en"]:
            continue
        if word in STOP_WORDS["id"] or _held_in(reader, word, ("en", "id")) == {"id"}:
            return "id"
    return "en"


def _stop_word(word: str, languages: tuple[str, ...]) -> bool:
    return any(word in STOP_WORDS[language] for language in languages)


def _hyphenated(searched: list[int], joined: set[int]) -> dict[int, tuple[int, ...]]:
    """The searched parts of each word written with hyphens ("sev-1", "post-termination"),
    by the position of each part. Such a word is one word of the query: its parts share one
    word's weight and one clause, so "sev-1" weighs as much as "postmortem" beside it, not
    twice as much (a stop-word part, "on" in "on-call", is not searched)."""
    groups: list[list[int]] = [[]]
    for position in range(max(searched, default=-1) + 1):
        if position in searched:
            groups[-1].append(position)
        if position not in joined:
            groups.append([])
    return {part: tuple(group) for group in groups if len(group) > 1 for part in group}


def _known_when_joined(parsed: ParsedQuery, vocabulary: Vocabulary) -> set[int]:
    """Positions of the parts of each hyphenated word the pages use written as one."""
    known: set[int] = set()
    run: list[int] = []
    for position in range(len(parsed.words)):
        run.append(position)
        if position in parsed.joined:
            continue
        joined = "".join(parsed.words[p] for p in run)
        if len(run) > 1 and vocabulary.frequency(joined) >= vocabulary.support():
            known.update(run)
        run = []
    return known


def _subqueries(clause: Any) -> list[Any]:
    return list(clause.subqueries) if isinstance(clause, q.Or) else [clause]


def _texts(clause: Any) -> frozenset[str]:
    return frozenset(term.text for term in _subqueries(clause))


def _clause_terms(clause: Any) -> Clause:
    terms = clause.subqueries if isinstance(clause, q.Or) else [clause]
    return [
        (term.fieldname, term.text, float(term.boost), getattr(term, "alternative", 0))
        for term in terms
    ]


def _rare_mask(optional: list[tuple[Any, int]], sections: int) -> list[bool] | None:
    """Which words are `_rare_words`' candidates (None: no split, as there)."""
    common = max(_COMMON_MIN, int(sections * _COMMON_SHARE))
    cut = max(common, min(frequency for _, frequency in optional))
    mask = [frequency <= cut for _, frequency in optional]
    return mask if not all(mask) else None


def _rare_words(optional: list[tuple[Any, int]], sections: int) -> Any:
    """Sections holding one of the rarer words, scored by all the words (None: no split)."""
    common = max(_COMMON_MIN, int(sections * _COMMON_SHARE))
    rarest = min(frequency for _, frequency in optional)
    rare = [clause for clause, frequency in optional if frequency <= max(common, rarest)]
    others = [clause for clause, frequency in optional if frequency > max(common, rarest)]
    if not others:
        return None
    return q.AndMaybe(rare[0] if len(rare) == 1 else q.Or(rare), q.Or(others))


def _languages(word: str, lang: str | None, arabic_query: bool) -> tuple[str, ...]:
    if lang is not None:
        return (lang,)
    if is_arabic(word):
        return ("ar",)
    # Latin words in an Arabic query are product names quoted on Arabic pages.
    return ("en", "id", "ar") if arabic_query else ("en", "id")


def _synonym_words_in(parsed: ParsedQuery, synonyms: Synonyms | None) -> set[int]:
    """The positions of the words a term of the synonyms covers."""
    matches = synonyms.matches(parsed.words) if synonyms else []
    return {position for start, end, _, _ in matches for position in range(start, end)}


def _word_clause(
    word: str,
    languages: tuple[str, ...],
    reader: Any,
    vocabulary: Vocabulary,
    plan: QueryPlan,
    weight: float = 1.0,
    correct: bool = True,
) -> tuple[Any, int] | None:
    """`correct`: an unknown word may be a typo (False for a part of a hyphenated word the
    pages write as one: "mail" in "e-mail" is not a slip for "email")."""
    terms, best_frequency = _term_queries(word, languages, reader, plan, weight)
    if correct and best_frequency == 0 and not _known_word(word, reader):
        correction = vocabulary.correction(word)
        # A one-letter slip is likelier than two words run together.
        parts = _split(word, vocabulary) if correction is None else ()
        for part in parts:
            more, frequency = _term_queries(part, languages, reader, plan, weight)
            terms += more
            best_frequency = max(best_frequency, frequency)
        if parts:
            plan.expansions.append(f"{word} → {' '.join(parts)}")
        if correction is not None:
            more, frequency = _term_queries(correction, languages, reader, plan, weight)
            # a word of the languages searched ("hari" is not a slip for "hard"), if only a
            # stop word of theirs ("tentanng" → "tentang")
            if more or _stop_word(correction, languages):
                plan.corrections[word] = correction
            terms += more
            best_frequency = max(best_frequency, frequency)
    if not terms:
        return None
    return (terms[0] if len(terms) == 1 else q.Or(terms)), best_frequency


MIN_SPLIT_CHARS = 5  # a shorter unknown word is a typo, not two words run together
# Two neighbouring words are also looked up as one only when one is this short, as in
# compounds with a particle or letter: log in, check in, e mail, sign up, sev 1 (longer
# pairs, "time off", matched channel names like #timeoff on the dev set and lost answers).
MAX_PARTICLE_CHARS = 2


def _split(word: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """An unknown word as two indexed words written together ("login" for "log in",
    "checkin" for "check in"): the split whose rarer part is in the most sections (none
    unless both parts are in as many sections as a typo correction must be)."""
    if len(word) < MIN_SPLIT_CHARS or not word.isalpha():
        return ()
    best: tuple[str, ...] = ()
    best_support = vocabulary.support() - 1
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        support = min(vocabulary.frequency(head), vocabulary.frequency(tail))
        if support > best_support:
            best, best_support = (head, tail), support
    return best


def _known_word(word: str, reader: Any) -> bool:
    """Whether any language's fields hold one of the word's stems (a real word, not a typo)."""
    return any(
        reader.doc_frequency(field(language), stem)
        for language in LANGUAGES
        for field in (field_name, name_field)
        for stem in analyze(language, word)
    )


def _term_queries(
    word: str, languages: tuple[str, ...], reader: Any, plan: QueryPlan, weight: float = 1.0
) -> tuple[list[Any], int]:
    """A Term per language holding one of the word's stems in its sections or in its pages'
    names (a file name, a keyword), or, for a type word, its form as written in the names
    (search.intent.type_terms); skips absent terms. The frequency is the sections'."""
    terms = []
    best_frequency = 0
    for language in languages:
        name = field_name(language)
        stems = analyze(language, word)
        if not stems and word in plan.acronyms:
            stems = list(stems_of(language, word))
        for stem in stems:
            frequency = reader.doc_frequency(name, stem)
            if frequency or reader.doc_frequency(name_field(language), stem):
                terms.append(CachedTerm(name, stem, boost=_boost(language, plan) * weight))
                plan.terms[language].add(stem)
                best_frequency = max(best_frequency, frequency)
        form = type_term(language, word)  # a type word names pages as written, not by stem
        names = name_field(language)
        if form is not None and form not in stems and reader.doc_frequency(names, form):
            terms.append(CachedTerm(name, form, boost=_boost(language, plan) * weight))
    return terms, best_frequency


def _boost(language: str, plan: QueryPlan) -> float:
    return QUERY_LANGUAGE_BOOST if language == plan.language else 1.0


def _prefix_clause(prefix: str, languages: tuple[str, ...], reader: Any, plan: QueryPlan) -> Any:
    terms: list[Any] = []
    for language in languages:
        name = field_name(language)
        room = MAX_PREFIX_EXPANSION - len(terms)
        for term in islice(reader.expand_prefix(name, prefix), max(room, 0)):
            text = term.decode("utf-8") if isinstance(term, bytes) else str(term)
            terms.append(CachedTerm(name, text, boost=_boost(language, plan)))
            plan.terms[language].add(text)
    if not terms:
        return None
    return q.Or(terms)


def _phrase_clause(words: list[str], lang: str | None, plan: QueryPlan) -> Any:
    languages = _languages(words[0], lang, True)  # a phrase is cheap: look everywhere
    alternatives = []
    for language in languages:
        stems = [stems[0] for stems in (analyze(language, w) for w in words) if stems]
        if not stems:
            continue
        plan.terms[language].update(stems)
        name = field_name(language)
        if len(stems) == 1:
            alternatives.append(q.Term(name, stems[0]))
        else:
            alternatives.append(q.Phrase(name, stems))
    if not alternatives:
        return None
    return alternatives[0] if len(alternatives) == 1 else q.Or(alternatives)


def _allowed_documents(
    opened: OpenIndex, lang: str | None, type: str | None, tag: str | None
) -> set[int] | None:
    """Document numbers passing the filters, cached per open index (filters repeat a lot)."""
    key = (lang or "", type or "", (tag or "").strip().lower())
    if key == ("", "", ""):
        return None
    allowed = opened.filters.get(key)
    if allowed is None:
        names = ("lang", "type", "tags")
        terms = [q.Term(name, value) for name, value in zip(names, key, strict=True) if value]
        allowed = set(opened.searcher.docs_for_query(q.And(terms)))
        if len(opened.filters) >= _MAX_CACHED_FILTERS:
            opened.filters.clear()
        opened.filters[key] = allowed
    return allowed


def suggestion(typed: str, corrections: dict[str, str]) -> str | None:
    """The whole query as typed with each corrected word replaced ("did you mean")."""
    if not corrections:
        return None

    def replace(match: re.Match[str]) -> str:
        return corrections.get(normalize_word(match.group(0)), match.group(0))

    return WORD.sub(replace, typed)


def _grouped_hit(
    page: PageScore,
    fields: dict[str, Any],
    more: list[dict[str, Any]],
    terms: dict[str, set[str]],
    untranslated: bool,
    known: dict[str, dict[str, bool]] | None,
) -> Hit:
    sections = tuple(
        _hit(section, score, terms)
        for section, (_, score) in zip(more, page.more, strict=True)
        if section["anchor"] != fields["anchor"]  # the page's top is its first section
    )
    landing = _hit(fields, page.total, terms, None if known is None else known[fields["lang"]])
    return replace(landing, sections=sections, untranslated=untranslated)


def _hit(
    fields: dict[str, Any],
    score: float,
    terms: dict[str, set[str]],
    known: dict[str, bool] | None = None,
) -> Hit:
    """A hit for stored fields, with a snippet when `known` (the words the search's other
    snippets matched) is given; the sections listed under a page's hit show only their
    heading (a snippet each would double the time spent on snippets)."""
    path, anchor, lang = fields["path"], fields["anchor"], fields["lang"]
    tags = tuple(tag for tag in fields.get("tags", "").split(",") if tag)
    return Hit(
        path=path,
        anchor=anchor,
        url=deep_link(path, anchor),
        title=fields["title"],
        heading=fields["heading"],
        snippet=(
            make_snippet(fields.get("text", ""), lang, terms.get(lang, set()), known)
            if known is not None
            else ""
        ),
        score=float(score),
        lang=lang,
        type=fields["type"],
        tags=tags,
    )
