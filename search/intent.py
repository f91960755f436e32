"""Intent from the query: words that name a kind of page prefer pages of that type.

"refund policy" prefers policies, "damaged item reply" canned replies, "كيف أسترد…" how-tos
and FAQ answers. A preference multiplies a page's score; it never hides other types (a
query naming a policy may still be answered best by an FAQ).

The words, per page type and language, are in one table here: add a language by adding its
column. Entries are written as people type them, every form on its own; they are compared with
the query's words after normalisation (and, in Arabic, without the article).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from search.analysis import LANGUAGES, normalize_word

TYPE_WORDS: dict[str, dict[str, str]] = {  # type → language → entries, comma-separated
    "policy": {"en": "policy, policies, rules", "ar": "سياسة, سياسات", "id": "kebijakan, aturan"},
    "template": {
        "en": "template, templates, reply, replies, macro, macros, canned",
        "ar": "قالب, قوالب, رد, ردود",
        "id": "templat, template, balasan",
    },
    "faq": {"en": "faq, faqs", "ar": "الأسئلة الشائعة, أسئلة شائعة", "id": "faq, tanya jawab"},
    "howto": {"en": "how-to, howto", "ar": "طريقة, خطوات", "id": "panduan, langkah"},
    "case-study": {"en": "case study, case studies", "ar": "دراسة حالة", "id": "studi kasus"},
}
# A question form ("how do I…") prefers how-tos and FAQ answers.
QUESTION_WORDS: dict[str, str] = {
    "en": "how what when where why which who can should",
    "ar": "كيف ماذا متى أين لماذا هل ازاي وش ايش شلون ليش",  # with everyday forms
    "id": "bagaimana apa berapa kapan dimana mengapa kenapa siapa bisakah cara gimana gmn",
}
QUESTION_TYPES = ("howto", "faq")
TYPE_BOOST = 1.3  # a page of a type the query names
QUESTION_BOOST = 1.05  # a how-to or FAQ answer to a question (mild: 1.1 cost the starter set)


@dataclass(frozen=True)
class Intent:
    types: frozenset[str] = frozenset()  # page types the query names
    question: bool = False

    def preference(self, page_type: str) -> float:
        boost = TYPE_BOOST if page_type in self.types else 1.0
        if self.question and page_type in QUESTION_TYPES:
            boost *= QUESTION_BOOST
        return boost

    def as_function(self) -> Callable[[str], float]:
        return self.preference

    def describe(self) -> str:
        parts = [f"prefers {', '.join(sorted(self.types))} ×{TYPE_BOOST}"] if self.types else []
        if self.question:
            parts.append(f"a question: prefers {', '.join(QUESTION_TYPES)} ×{QUESTION_BOOST}")
        return "; ".join(parts) or "none"


def type_names(page_type: str, language: str) -> str:
    """The words that name a page type in one language ("policy, policies, rules"), or ""."""
    return TYPE_WORDS.get(page_type, {}).get(language, "").replace(",", " ")


def type_terms(page_type: str, language: str) -> list[tuple[str, ...]]:
    """The index terms by which a page's type names it: its type words as written (see
    `surface_form`), one position each. Not stems: "membalas" (to reply) shares its stem with
    "balasan" (a reply) but does not ask for a reply template."""
    return [(surface_form(language, word),) for word in type_names(page_type, language).split()]


def type_term(language: str, word: str) -> str | None:
    """The index term a query word names a page type by (`type_terms`), if it is a type word."""
    form = surface_form(language, word)
    return form if form in _type_forms()[language] else None


@lru_cache(maxsize=1)
def _type_forms() -> dict[str, frozenset[str]]:
    return {
        language: frozenset(word for key, _ in phrases for word in key)
        for language, phrases in _phrases().items()
    }


def surface_form(language: str, word: str) -> str:
    """A word as compared with the table: normalised, without Arabic's article (السياسة →
    سياسة). Not stemmed: a verb must not name a page type ("membalas" is not "balasan")."""
    word = normalize_word(word)
    if language == "ar":
        for article in ("وال", "فال", "بال", "ال"):
            if word.startswith(article) and len(word) > len(article) + 2:
                return word[len(article) :]
    return word


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Per language: (words of an entry, the page type it names)."""
    table: dict[str, list[tuple[tuple[str, ...], str]]] = {language: [] for language in LANGUAGES}
    for page_type, by_language in TYPE_WORDS.items():
        for language, entries in by_language.items():
            for entry in entries.split(","):
                key = tuple(surface_form(language, word) for word in entry.split())
                table[language].append((key, page_type))
    return table


def query_intent(words: list[str]) -> Intent:
    """The page types the query's words name, and whether it is a question, in any language."""
    types: set[str] = set()
    question = False
    for language in LANGUAGES:
        surface = [surface_form(language, word) for word in words]
        for key, page_type in _phrases()[language]:
            if _contains(surface, key):
                types.add(page_type)
        question = question or bool(words and words[0] in _question_words()[language])
    return Intent(frozenset(types), question)


def question_word(word: str, languages: tuple[str, ...]) -> bool:
    """Whether `word` asks a question in one of `languages` ("cara", how, in Indonesian)."""
    return any(word in _question_words()[language] for language in languages)


@lru_cache(maxsize=1)
def _question_words() -> dict[str, frozenset[str]]:
    return {
        language: frozenset(normalize_word(word) for word in QUESTION_WORDS[language].split())
        for language in LANGUAGES
    }


def _contains(stems: list[str], key: tuple[str, ...]) -> bool:
    if not key:
        return False
    width = len(key)
    return any(tuple(stems[i : i + width]) == key for i in range(len(stems) - width + 1))
