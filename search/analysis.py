"""Text analysis per language: one tokenizer for every script, then language rules.

Every analyzer is built from module-level classes and functions because Whoosh pickles
the schema (and with it the analyzers) into the index.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

import snowballstemmer
from whoosh.analysis import (
    Analyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)

from content.schema import LANGUAGES as SCHEMA_LANGUAGES

LANGUAGES = tuple(SCHEMA_LANGUAGES)  # each needs an analyzer and stop words below

# \w does not match combining marks, so Arabic written with tashkeel (or Latin in NFD)
# would be cut into pieces; the marks and the tatweel are part of a word here.
_MARKS = (
    "\u0300-\u036f\u0610-\u061a\u0640\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
)
# Letters and digits (not "_", which joins words in file names: post_mortem_template).
WORD_PATTERN = rf"(?:[^\W_]|[{_MARKS}])+"
WORD = re.compile(WORD_PATTERN)
# Words joined by hyphens or underscores ("e-mail", "check-in", "post_mortem"): each part is a
# word, and each two neighbouring parts written together are indexed too, so "email" finds
# "e-mail" and "postmortem" finds "post_mortem_template".
_SEPARATOR_PATTERN = r"[-_\u2010\u2011]"
SEPARATOR = re.compile(_SEPARATOR_PATTERN)
_JOINED = re.compile(rf"{WORD_PATTERN}(?:{_SEPARATOR_PATTERN}{WORD_PATTERN})*")
_ARABIC_LETTER = re.compile(r"[\u0620-\u064a\u0671-\u06d3]")
_LETTER_MAP = str.maketrans({"ٱ": "ا", "ى": "ي", "\u0640": None})


def normalize_word(word: str) -> str:
    """Lowercase word without diacritics or tatweel, alef variants → ا, alef maqsura → ي."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.lower())  # أ → ا + hamza mark, é → e + ´
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped.translate(_LETTER_MAP))


def is_arabic(word: str) -> bool:
    return _ARABIC_LETTER.search(word) is not None


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize_word(word) for word in text.split())


ENGLISH_STOP_WORDS = _words(
    """
    a about am an and any are as at be been but by can could did do does for from get had
    has have he her his how i if in into is it its may me my no not of on or our she should
    so than that the their them then there these they this to us was we were what when
    where which who why will with would yet you your
    """
)
INDONESIAN_STOP_WORDS = _words(
    """
    ada adalah agar akan apa apakah atau bagaimana bahwa berapa berapakah bila bisa dan dapat
    dari dengan di dia dimana ini itu jika juga kalau kami kapan karena ke kenapa kita mana
    mengapa mereka oleh pada saat saya sebagai sebelum sedang sejak setelah siapa sudah supaya
    tentang untuk yang
    """
)
ARABIC_STOP_WORDS = _words(
    """
    في من إلى الى على عن مع هذا هذه ذلك تلك التي الذي الذين ما ماذا متى كيف هل أين لماذا أو
    او و ثم كل بعد قبل عند لا لم لن إن أن ان كان كانت هو هي نحن أنا انا أنت هناك قد لدي
    عندما بين أي اي
    """
)
STOP_WORDS = {"en": ENGLISH_STOP_WORDS, "ar": ARABIC_STOP_WORDS, "id": INDONESIAN_STOP_WORDS}


_stemmers = threading.local()


def _snowball(language: str) -> Any:
    """This thread's Snowball stemmer: their objects keep state between calls, so two
    threads sharing one corrupt each other's words (IndexError under load)."""
    cached: dict[str, Any] | None = getattr(_stemmers, "by_language", None)
    if cached is None:
        cached = _stemmers.by_language = {}
    stemmer = cached.get(language)
    if stemmer is None:
        stemmer = cached[language] = snowballstemmer.stemmer(language)
    return stemmer


@lru_cache(maxsize=100_000)
def stem_english(word: str) -> str:
    return str(_snowball("english").stemWord(word))


def _stem_twice(language: str, word: str) -> tuple[str, ...]:
    """Snowball's Arabic and Indonesian stemmers are not idempotent; keep both passes."""
    stemmer = _snowball(language)
    once = str(stemmer.stemWord(word))
    twice = str(stemmer.stemWord(once))
    return (once, twice) if twice != once else (once,)


@lru_cache(maxsize=100_000)
def stem_arabic(word: str) -> str:
    if len(word) > 4 and word[0] in "وف" and word[1:3] == "ال":
        word = word[1:]  # conjunction before the article: والعمل → العمل
    return _stem_twice("arabic", word)[-1]


# meN-/peN- drop the root's first k or t: pengembalian ← kembali, menulis ← tulis.
_NASAL_PREFIX = re.compile(r"^(?:meng|peng)(?=[aiueo])|^(?:men|pen)(?=[aiueo])")


@lru_cache(maxsize=100_000)
def stem_indonesian(word: str) -> tuple[str, ...]:
    """Every stem the word may share with its relatives; the first is the primary one.

    Index and query both emit all of them, so `pengembalian`, `dikembalikan` and `kembali`
    meet on `mbali` even though snowball alone stems them three different ways.
    """
    stems = list(_stem_twice("indonesian", word))
    prefix = _NASAL_PREFIX.match(word)
    if prefix is not None and stems[0][:1] in ("a", "i", "u", "e", "o"):
        dropped = "k" if prefix.group(0).endswith("g") else "t"
        stems.extend(_stem_twice("indonesian", dropped + stems[0]))
    return tuple(dict.fromkeys(stems))


class NormalizeFilter(Filter):  # type: ignore[misc]
    """Applies `normalize_word`; drops tokens that were only marks."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = normalize_word(token.text)
            if token.text:
                yield token


class IndonesianStemFilter(Filter):  # type: ignore[misc]
    """Stems Indonesian words; an ambiguous nasal prefix yields a second token at the same spot."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.stopped:
                yield token
                continue
            stems = stem_indonesian(token.text)
            token.text = stems[0]
            yield token
            for extra in stems[1:]:
                token.text = extra
                yield token


def _base(language: str) -> Analyzer:
    return (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | NormalizeFilter()
        | StopFilter(stoplist=STOP_WORDS[language], minsize=1)
    )


def english_analyzer() -> Analyzer:
    return _base("en") | StemFilter(stemfn=stem_english, cachesize=0)


def arabic_analyzer() -> Analyzer:
    return _base("ar") | StemFilter(stemfn=stem_arabic, cachesize=0)


def indonesian_analyzer() -> Analyzer:
    return _base("id") | IndonesianStemFilter()


def words_analyzer() -> Analyzer:
    """Normalised surface words, unstemmed: the vocabulary typo correction draws from."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | NormalizeFilter()


ANALYZERS = {"en": english_analyzer(), "ar": arabic_analyzer(), "id": indonesian_analyzer()}


def analyze(language: str, text: str) -> list[str]:
    """The index terms `text` becomes in `language` (stop words dropped)."""
    return [token.text for token in ANALYZERS[language](text)]


def surface_words(text: str) -> list[str]:
    """The normalised words of `text`: what `words_analyzer` yields, without Token objects."""
    words = (normalize_word(word) for word in WORD.findall(text))
    return [word for word in words if word]


def is_acronym(typed: str) -> bool:
    """A word written in capitals ("CAN", "US", "IT"): an abbreviation even when the same
    letters in lower case are a stop word."""
    return len(typed) >= 2 and typed.isupper()


Word = tuple[str, str | None, bool]  # normalised word, joined with its neighbour, acronym


def joined_words(text: str) -> list[Word]:
    """`surface_words(text)`, each with its hyphenated or underscored neighbour joined to it
    ("e-mail" → ("e", "email"), ("mail", None)), else None (only letters are joined), and
    whether it was written as an acronym."""
    found: list[Word] = []
    for chunk in _JOINED.findall(text):
        found.extend(_chunk_words(chunk))
    return found


@lru_cache(maxsize=50_000)
def _chunk_words(chunk: str) -> tuple[Word, ...]:
    """`joined_words` of one chunk: worked out once per distinct chunk, as a build meets the
    same words over and over."""
    if SEPARATOR.search(chunk) is None:
        word = normalize_word(chunk)  # one word: most of them
        return ((word, None, is_acronym(chunk)),) if word else ()
    typed = WORD.findall(chunk)
    parts = [(normalize_word(w), is_acronym(w)) for w in typed]
    parts = [(word, acronym) for word, acronym in parts if word]
    found: list[Word] = []
    for number, (part, acronym) in enumerate(parts):
        following = parts[number + 1][0] if number + 1 < len(parts) else ""
        joined = part + following if following.isalpha() and part.isalpha() else None
        found.append((part, joined, acronym))
    return tuple(found)


def terms_by_position(language: str, words: list[Word]) -> list[tuple[str, ...]]:
    """`stems_by_position` of `joined_words` output: a compound's joined form is indexed at the
    position of its first part that is not a stop word; a stop word written as an acronym
    ("CAN report") is kept."""
    stop = STOP_WORDS[language]
    kept: list[tuple[str, ...]] = []
    carried: str | None = None
    for word, joined, acronym in words:
        carried = joined or carried
        if word in stop and not acronym:
            continue
        stems = stems_of(language, word)
        if carried is not None and carried not in stop:
            extra = stems_by_position(language, [carried])[0]
            stems = tuple(dict.fromkeys((*stems, *extra)))
        kept.append(stems)
        carried = None
    return kept


def stems_of(language: str, word: str) -> tuple[str, ...]:
    """The index terms of one word, stop word or not."""
    if language == "en":
        return (stem_english(word),)
    if language == "ar":
        return (stem_arabic(word),)
    return stem_indonesian(word)


def stems_by_position(language: str, words: list[str]) -> list[tuple[str, ...]]:
    """The index terms of each non-stop word, in order: `ANALYZERS[language]` without Tokens.

    One entry per position (stop words are dropped and positions renumbered, as the
    StopFilter does); an Indonesian word may have more than one stem at its position.
    """
    stop = STOP_WORDS[language]
    kept = [word for word in words if word not in stop]
    if language == "en":
        return [(stem_english(word),) for word in kept]
    if language == "ar":
        return [(stem_arabic(word),) for word in kept]
    return [stem_indonesian(word) for word in kept]
