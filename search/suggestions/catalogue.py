"""What suggestions know about the knowledge base as a whole, beyond one search: which canned
replies rely on each section (their `based_on`), and what Arabic and Indonesian words mean in
English (`bilingual`, learned from the translated pages).

Worked out once per version of the index (every change to the docs reaches the index), from
the pages it lists; each page's part is remembered per file version, so after an edit only the
changed pages are read again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from whoosh import query as q

from content import ContentError, load_page
from content.filecache import LatestVersionCache
from content.frontmatter import parse_front_matter, split_front_matter
from content.loader import read_text, resolve_page_path
from content.schema import DEFAULT_LANGUAGE, language_of_path
from content.urls import source_path
from search.schema import PAGE_DOCUMENT
from search.searchers import open_searcher
from search.suggestions.bilingual import Lexicon, TextPair, aligned_pairs
from search.suggestions.knowledge import SectionRef, index_version, section_reference

Version = tuple[int, int]  # a file's mtime and size

# Translated pages a lexicon learns from, per language: a few hundred pairs of pages already
# teach the words customers use, and learning stays well under a second for a knowledge base
# of any size. Canned replies and the pages they rely on come first.
MAX_TRANSLATIONS = 300
_LEARN_FIRST = ("template", "faq", "policy", "howto")
_FILES_REMEMBERED = 50_000  # a based_on list or a pair of texts is small


@dataclass(frozen=True)
class Catalogue:
    relied_on_by: dict[SectionRef, tuple[str, ...]] = field(default_factory=dict)  # → templates
    lexicons: dict[str, Lexicon] = field(default_factory=dict)  # language → its lexicon


_based_on: LatestVersionCache[tuple[SectionRef, ...]] = LatestVersionCache(_FILES_REMEMBERED)
_pairs: LatestVersionCache[tuple[list[TextPair], dict[str, str]]] = LatestVersionCache(
    _FILES_REMEMBERED
)
_catalogues: dict[tuple[Path, Path], tuple[object, Catalogue]] = {}
_lock = threading.Lock()


def catalogue(index: Path, docs: Path) -> Catalogue:
    """The catalogue of the docs as the index now holds them (empty without an index)."""
    version = index_version(index)
    key = (index.absolute(), docs.resolve())
    with _lock:
        cached = _catalogues.get(key)
    if cached is not None and version is not None and cached[0] == version:
        return cached[1]
    pages = list(_indexed_pages(index))
    made = Catalogue(_relied_on_by(docs, pages), _lexicons(docs, pages))
    if version is not None:
        with _lock:
            _catalogues[key] = (version, made)
    return made


def _indexed_pages(index: Path) -> Iterator[tuple[str, str]]:
    """(path, type) of every page in the index."""
    with open_searcher(index) as opened:
        reader = opened.searcher.reader()
        paths = reader.column_reader("path")
        types = reader.column_reader("type")
        for docnum in opened.searcher.docs_for_query(q.Term("kind", PAGE_DOCUMENT)):
            yield str(paths[docnum]), str(types[docnum])


def _version(docs: Path, path: str) -> tuple[Path, Version] | None:
    try:
        full = resolve_page_path(docs, path)
        stat = full.stat()
    except (OSError, ContentError):
        return None
    return full, (stat.st_mtime_ns, stat.st_size)


def _relied_on_by(docs: Path, pages: list[tuple[str, str]]) -> dict[SectionRef, tuple[str, ...]]:
    relied: dict[SectionRef, dict[str, None]] = {}
    for path, page_type in pages:
        if page_type != "template":
            continue
        found = _version(docs, path)
        if found is None:
            continue
        targets = _based_on.get(found[0], found[1], partial(_read_based_on, found[0], path))
        for target in targets:
            relied.setdefault(target, {})[source_path(path)] = None
    return {target: tuple(templates) for target, templates in relied.items()}


def _read_based_on(full: Path, path: str) -> tuple[SectionRef, ...]:
    """A template's `based_on` sections; none when its front matter is broken (`deskbook
    check` reports it)."""
    try:
        front = parse_front_matter(path, split_front_matter(read_text(full, path)).yaml_text)
    except ContentError:
        return ()
    return tuple(section_reference(reference) for reference in front.based_on)


def _lexicons(docs: Path, pages: list[tuple[str, str]]) -> dict[str, Lexicon]:
    indexed = {path for path, _ in pages}
    order = {page_type: rank for rank, page_type in enumerate(_LEARN_FIRST)}
    translations: dict[str, list[tuple[int, str]]] = {}
    for path, page_type in pages:
        language = language_of_path(path)
        if language in (None, DEFAULT_LANGUAGE) or source_path(path) not in indexed:
            continue
        rank = order.get(page_type, len(order))
        translations.setdefault(str(language), []).append((rank, path))
    lexicons = {}
    for language, ranked in translations.items():
        pairs: list[TextPair] = []
        spelled: dict[str, str] = {}
        for _, path in sorted(ranked)[:MAX_TRANSLATIONS]:
            learned = _learned_pairs(docs, path)
            pairs += learned[0]
            for stem, word in learned[1].items():
                spelled.setdefault(stem, word)
        lexicons[language] = Lexicon.learn(language, pairs, spelled)
    return lexicons


def _learned_pairs(docs: Path, path: str) -> tuple[list[TextPair], dict[str, str]]:
    source = source_path(path)
    mine, theirs = _version(docs, path), _version(docs, source)
    if mine is None or theirs is None:
        return [], {}

    return _pairs.get(mine[0], (mine[1], theirs[1]), partial(_read_pairs, docs, path, source))


def _read_pairs(docs: Path, path: str, source: str) -> tuple[list[TextPair], dict[str, str]]:
    try:
        return aligned_pairs(load_page(docs, path), load_page(docs, source))
    except (OSError, ContentError):
        return [], {}
