"""Which language a customer wrote in: Arabic by its script, English or Indonesian by the
frequent words only one of them uses.

Short and mixed messages are the normal case ("kak order LUM-100234 blm sampe", "my order
لم يصل"): Arabic wins when a good part of the letters are Arabic (product names and order
numbers are Latin in any language); Latin text is Indonesian when it has more Indonesian
marker words than English ones (Indonesian words ending in -nya count too), else English.
"""

from __future__ import annotations

from search.analysis import LANGUAGES, WORD, is_arabic, normalize_word
from search.suggestions.lexicon import ENGLISH, INDONESIAN

DEFAULT_LANGUAGE = LANGUAGES[0]
_ARABIC_SHARE = 0.3  # of the letters
_SCAN_CHARS = 4_000  # the start of a message says enough


def detect_language(text: str) -> str:
    """`ar`, `id` or `en` (also for text with no words at all)."""
    sample = text[:_SCAN_CHARS]
    arabic = latin = 0
    english = indonesian = 0
    for match in WORD.finditer(sample):
        word = match.group(0)
        if is_arabic(word):
            arabic += len(word)
            continue
        if not word.isalpha():
            continue  # numbers and codes say nothing about the language
        latin += len(word)
        folded = normalize_word(word)
        english += folded in ENGLISH.markers
        indonesian += folded in INDONESIAN.markers or (len(folded) > 5 and folded.endswith("nya"))
    if arabic and arabic >= _ARABIC_SHARE * (arabic + latin):
        return "ar"
    return "id" if indonesian > english else DEFAULT_LANGUAGE
