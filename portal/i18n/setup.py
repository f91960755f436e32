"""`init_app`: Flask-Babel for the portal, with the language chosen per request
(`portal.i18n.locale`), the formatting filters and what every template needs to know about
the language (`language`, `text_direction`, `languages`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, request
from flask_babel import Babel, get_locale
from markupsafe import Markup

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from portal.i18n import formatting, stored
from portal.i18n.catalogues import TRANSLATIONS
from portal.i18n.locale import choose_language, direction

babel = Babel()


def current_language() -> str:
    """The language code this request is answered in (`en` outside a request)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def init_app(app: Flask, preferred: Callable[[], str | None]) -> None:
    """`preferred()` gives the signed-in person's chosen language (None: not chosen, or
    nobody signed in)."""

    def select() -> str:
        return choose_language(preferred(), request.accept_languages)

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    babel.init_app(app, locale_selector=select,
                   default_translation_directories=str(TRANSLATIONS))

    filters: dict[str, Callable[..., Any]] = {
        "date": lambda value: formatting.time_element(value, current_language()),
        "number": lambda value: formatting.number_text(value, current_language()),
        "share": lambda value: formatting.share_text(value, current_language()),
        "duration": lambda value: formatting.duration_text(value, current_language()),
        "isolated": formatting.isolated,
        "contained": formatting.contained_text,
        "kept_text": stored.shown,
    }
    app.jinja_env.filters.update(filters)

    @app.context_processor
    def _language() -> dict[str, Any]:
        code = current_language()
        return {
            "language": code,
            "text_direction": direction(code),
            "languages": LANGUAGES,
            "nothing": Markup(formatting.NOTHING),
        }
