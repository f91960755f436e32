"""The SQLite FTS5 reference engine: same pages, same section granularity, stdlib only.

One FTS5 row per section (title, heading, body, tags; path/anchor/lang unindexed) with the
`porter unicode61 remove_diacritics 2` tokenizer, ranked by bm25() with title and heading
boosted, snippets by snippet(). Query words minus stop words (the benchmark vocabulary's, for
en/ar/id) are OR-ed, like a natural question: not every word is required.

Typo tolerance, FTS5's nearest equivalent of a spelling corrector: every distinct word of the
corpus goes into a `terms` table and a trigram FTS5 table over it. A query word that is not a
known term is looked up by its trigrams; the candidate with the smallest edit distance (≤ 2,
most frequent first) replaces it, and the corrected query runs as above. Known words cost one
primary-key lookup, so only misspelt words pay for correction.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import content
from benchmarks.vocabulary import LANGUAGES

_WORD = re.compile(r"\w+")
STOP_WORDS = frozenset().union(*(lang.stop_words for lang in LANGUAGES.values()))
_SCHEMA = """
CREATE VIRTUAL TABLE sections USING fts5(
    title, heading, body, tags, path UNINDEXED, anchor UNINDEXED, lang UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE pages(path TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE term_trigrams USING fts5(term, tokenize = 'trigram');
"""
_SEARCH = """
SELECT path, anchor, heading, snippet(sections, 2, '<mark>', '</mark>', '…', 16),
       bm25(sections, 5.0, 3.0, 1.0, 2.0)
FROM sections WHERE sections MATCH ? ORDER BY bm25(sections, 5.0, 3.0, 1.0, 2.0) LIMIT ?
"""


@dataclass(frozen=True)
class Fts5Hit:
    path: str
    anchor: str
    heading: str
    snippet: str
    score: float


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _rows(page: content.Page) -> Iterable[tuple[str, ...]]:
    tags = " ".join(page.tags)
    for section in page.sections:
        body = section.text if section.anchor else f"{page.summary}\n{section.text}"
        yield page.title, section.heading, body, tags, page.path, section.anchor, page.lang


def _page_terms(page: content.Page) -> set[str]:
    text = " ".join([page.title, page.summary, *(s.heading + " " + s.text for s in page.sections)])
    return set(words(text))


def build(docs_dir: Path, db_path: Path) -> int:
    """Index every page of docs_dir into a new database; returns the number of sections."""
    db_path.unlink(missing_ok=True)
    pages = content.load_docs(docs_dir).pages
    db = sqlite3.connect(db_path)
    with db:
        db.executescript(_SCHEMA)
        db.executemany(
            "INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row for page in pages for row in _rows(page)),
        )
        db.executemany("INSERT INTO pages VALUES (?, ?)", ((p.path, p.content_hash) for p in pages))
        df = Counter(term for page in pages for term in _page_terms(page))
        db.executemany("INSERT INTO terms VALUES (?, ?)", df.items())
        db.executemany("INSERT INTO term_trigrams VALUES (?)", ((t,) for t in df))
        db.execute("INSERT INTO sections(sections) VALUES ('optimize')")
    sections = int(db.execute("SELECT count(*) FROM sections").fetchone()[0])
    db.close()
    return sections


def update_page(db: sqlite3.Connection, docs_dir: Path, path: str) -> None:
    """Replace one page's sections (and add its new words to the vocabulary)."""
    page = content.load_page(docs_dir, path)
    with db:
        db.execute("DELETE FROM sections WHERE path = ?", (path,))
        db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)", _rows(page))
        db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?)", (path, page.content_hash))
        for term in _page_terms(page):
            known = db.execute("SELECT 1 FROM terms WHERE term = ?", (term,)).fetchone()
            if known:
                db.execute("UPDATE terms SET df = df + 1 WHERE term = ?", (term,))
            else:
                db.execute("INSERT INTO terms VALUES (?, 1)", (term,))
                db.execute("INSERT INTO term_trigrams VALUES (?)", (term,))


def _match_expression(terms: list[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def search(db: sqlite3.Connection, query: str, limit: int = 10) -> list[Fts5Hit]:
    terms = [t for t in words(query) if t not in STOP_WORDS] or words(query)
    if not terms:
        return []
    rows = db.execute(_SEARCH, (_match_expression(terms), limit)).fetchall()
    return [Fts5Hit(*row) for row in rows]


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance, giving up (returning cap) once it must exceed cap."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        if min(current) >= cap:
            return cap
        previous = current
    return min(previous[-1], cap)


def correct(db: sqlite3.Connection, term: str) -> str:
    """The closest known word to an unknown one (itself if known or nothing is close)."""
    if len(term) < 4 or db.execute("SELECT 1 FROM terms WHERE term = ?", (term,)).fetchone():
        return term
    grams = sorted({term[i : i + 3] for i in range(len(term) - 2)})
    candidates = db.execute(
        "SELECT term FROM term_trigrams WHERE term_trigrams MATCH ? ORDER BY rank LIMIT 40",
        (_match_expression(grams),),
    ).fetchall()
    best, best_key = term, (3, 0)
    for (candidate,) in candidates:
        distance = edit_distance(term, candidate)
        if distance >= 3:
            continue
        df = db.execute("SELECT df FROM terms WHERE term = ?", (candidate,)).fetchone()[0]
        if (distance, -df) < best_key:
            best, best_key = candidate, (distance, -df)
    return best


def search_with_correction(
    db: sqlite3.Connection, query: str, limit: int = 10
) -> tuple[list[Fts5Hit], str | None]:
    """Search after correcting unknown words; the corrected query is the suggestion."""
    terms = words(query)
    corrected = [correct(db, t) for t in terms]
    suggestion = " ".join(corrected) if corrected != terms else None
    return search(db, " ".join(corrected), limit), suggestion
