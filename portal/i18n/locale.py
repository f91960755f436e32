"""Which language the portal speaks to a request, and which way it is written.

A person's own choice (stored with their account, set from the language menu of the portal or
the site) wins; before they choose, the browser's Accept-Language decides (`ar-EG` is Arabic);
English otherwise.
"""

from __future__ import annotations

from werkzeug.datastructures import LanguageAccept

from content.schema import DEFAULT_LANGUAGE, LANGUAGES


def is_supported(code: str | None) -> bool:
    return code is not None and code in LANGUAGES


def browser_language(accept: LanguageAccept) -> str | None:
    """The first language the browser asks for that we have, by its primary subtag."""
    for value, quality in sorted(accept, key=lambda pair: -pair[1]):
        primary = value.split("-", 1)[0].split("_", 1)[0].lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return None


def choose_language(chosen: str | None, accept: LanguageAccept) -> str:
    """The person's choice when it is a language we have, else the browser's, else English."""
    if is_supported(chosen):
        assert chosen is not None
        return chosen
    return browser_language(accept) or DEFAULT_LANGUAGE


def direction(code: str) -> str:
    """`rtl` or `ltr`, for `<html dir>`."""
    language = LANGUAGES.get(code)
    return "rtl" if language is not None and language.rtl else "ltr"
