"""Benchmark queries sampled from the corpus the engines index, plus misspelt copies.

A query comes from one section (its expected answer): 2–3 content words of that section, or a
question built around words of its heading. The typo set misspells the longest word of each
query once (swap, drop, double or replace a letter), the way agents mistype mid-ticket.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

import content
from benchmarks.vocabulary import LANGUAGES

_WORD = re.compile(r"[^\W\d_][\w-]*")
_LETTERS = {
    "en": "abcdefghijklmnopqrstuvwxyz",
    "id": "abcdefghijklmnopqrstuvwxyz",
    "ar": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
}


@dataclass(frozen=True)
class BenchQuery:
    text: str
    lang: str
    path: str  # the page the query was sampled from
    anchor: str


def content_words(text: str, lang: str) -> list[str]:
    stop = LANGUAGES[lang].stop_words
    return [w for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in stop]


def _question(rng: random.Random, lang: str, heading_words: list[str]) -> str:
    pattern = rng.choice(LANGUAGES[lang].question_patterns)
    noun = " ".join(heading_words[:2])
    return pattern.format(noun=noun, topic=noun)


def plain_queries(pages: list[content.Page], count: int, seed: int = 11) -> list[BenchQuery]:
    """`count` queries, about half keywords and half questions, in the corpus's language mix."""
    rng = random.Random(seed)
    frequency = Counter(
        word for page in pages for s in page.sections for word in set(s.text.lower().split())
    )
    queries: list[BenchQuery] = []
    while len(queries) < count:
        page = rng.choice(pages)
        section = rng.choice(page.sections[1:] or page.sections)
        body_words = content_words(section.text, page.lang)
        heading_words = content_words(section.heading, page.lang)
        if len(body_words) < 3 or not heading_words:
            continue
        if rng.random() < 0.5:
            # Agents type the distinctive words of what they look for, not "always" or "agent".
            rare = sorted(set(body_words), key=lambda w: (frequency[w], w))[:6]
            words = rng.sample(rare, rng.randint(1, 2))
            text = " ".join([rng.choice(heading_words), *words])
        else:
            text = _question(rng, page.lang, heading_words)
        queries.append(BenchQuery(text, page.lang, page.path, section.anchor))
    return queries


def misspell(word: str, lang: str, rng: random.Random) -> str:
    """One edit inside the word (never the first letter): swap, drop, double or replace."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(("swap", "drop", "double", "replace"))
    if edit == "swap" and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    letters = _LETTERS[lang].replace(word[i], "")
    return word[:i] + rng.choice(letters) + word[i + 1 :]


def typo_queries(queries: list[BenchQuery], seed: int = 13) -> list[BenchQuery]:
    """The same queries with their longest word misspelt once."""
    rng = random.Random(seed)
    result = []
    for query in queries:
        words = query.text.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        words[longest] = misspell(words[longest], query.lang, rng)
        result.append(BenchQuery(" ".join(words), query.lang, query.path, query.anchor))
    return result
