"""Snippets: the part of a section with the most query words, those words in <mark>."""

from __future__ import annotations

import html
import re
from collections.abc import Collection

from search.analysis import STOP_WORDS, WORD, normalize_word, stems_of

SNIPPET_CHARS = 220
SCAN_CHARS = 6_000  # only this much of a long section is analysed for matches
_LEAD = 50  # context shown before the first match of the chosen window
_ONE_LINE = re.compile(r"\s")


def make_snippet(
    text: str, language: str, terms: Collection[str], known: dict[str, bool] | None = None
) -> str:
    """HTML-safe snippet of `text`: escaped, with words whose terms are in `terms` marked.

    `known` remembers for each typed word whether it matches; pass the same dict for every
    snippet of one search in one language (the hits share most of their words)."""
    text = _ONE_LINE.sub(" ", text)  # same length: match offsets stay valid
    scanned = text[:SCAN_CHARS]
    spans = _matches(scanned, language, terms, {} if known is None else known)
    if not spans:
        return _escape_cut(text, 0, _end(text, SNIPPET_CHARS))
    start = _best_window(spans)
    begin = _begin(scanned, max(0, start - _LEAD))
    end = _end(text, begin + SNIPPET_CHARS)
    parts = ["…" if begin > 0 else ""]
    cursor = begin
    for match_start, match_end in spans:
        if match_start < cursor or match_end > end:
            continue
        parts.append(html.escape(text[cursor:match_start], quote=False))
        parts.append(f"<mark>{html.escape(text[match_start:match_end], quote=False)}</mark>")
        cursor = match_end
    parts.append(html.escape(text[cursor:end], quote=False))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def _matches(
    text: str, language: str, terms: Collection[str], known: dict[str, bool]
) -> list[tuple[int, int]]:
    """Spans of the words whose index terms are in `terms` (the analyzer's rules, without
    building a Token per word: stems are cached, so this is a regex walk and dict lookups;
    `known`: typed word → whether it matches, as words repeat a lot)."""
    if not terms:
        return []
    stop = STOP_WORDS[language]
    cores = _arabic_cores(terms) if language == "ar" else None
    spans = []
    for match in WORD.finditer(text):
        typed = match.group(0)
        matching = known.get(typed)
        if matching is None:
            word = normalize_word(typed)
            matching = (
                bool(word)
                and word not in stop
                and (cores is None or any(core in word for core in cores))
                and any(stem in terms for stem in stems_of(language, word))
            )
            known[typed] = matching
        if matching:
            spans.append((match.start(), match.end()))
    return spans


def _arabic_cores(terms: Collection[str]) -> list[str]:
    """What an Arabic word must contain for its stem to be one of `terms`.

    The Arabic stemmer strips letters and rewrites one thing: the present-tense prefix of a
    tenth-form verb becomes alef (يستخدم → استخدم). So a word stemmed to `term` contains
    `term`, or `term` without its first letter when that is an alef. Checking that first
    spares stemming the words of a section met for the first time, which was a third of the
    slowest queries' time. (Checked on 2.4 million forms made by putting the stemmer's
    prefixes and suffixes around the stem of every Arabic word in docs/, the seeds and a
    10k-page corpus: the only misses are 60 forms that are not Arabic, such as سينستثه.)"""
    return [term[1:] if term.startswith("ا") else term for term in terms]


def _best_window(spans: list[tuple[int, int]]) -> int:
    """Start of the window of SNIPPET_CHARS holding the most matches (the first on ties)."""
    best_start, best_count = spans[0][0], 0
    right = 0
    for left, (start, _) in enumerate(spans):
        right = max(right, left)
        while right + 1 < len(spans) and spans[right + 1][1] <= start + SNIPPET_CHARS - _LEAD:
            right += 1
        if right - left + 1 > best_count:
            best_start, best_count = start, right - left + 1
    return best_start


def _begin(text: str, position: int) -> int:
    """Move a cut forward to the start of a word."""
    if position == 0:
        return 0
    space = text.find(" ", position, position + 30)
    return space + 1 if space != -1 else position


def _end(text: str, position: int) -> int:
    """Move a cut back to the end of a word."""
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", position - 30, position)
    return space if space != -1 else position


def _escape_cut(text: str, begin: int, end: int) -> str:
    return html.escape(text[begin:end], quote=False) + ("…" if end < len(text) else "")
