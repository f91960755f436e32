"""What a request may carry, checked before any view runs, so hostile input is a clear 400 or
404 and never a 500: database ids (a 30-digit id overflows SQLite and PostgreSQL integers),
JSON nesting (a deep document exhausts the parser's recursion) and NUL characters (PostgreSQL
cannot store them in text, and git refuses them in a commit message)."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.routing import IntegerConverter, Map

from portal.errors import InvalidInput
from portal.i18n import N_

MAX_ID = 2**31 - 1  # the largest INTEGER primary key PostgreSQL (and so Deskbook) stores


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in a route: a larger number matches no route (404) instead of reaching the
    database."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def database_id(value: str | None) -> int | None:
    """A positive id within MAX_ID from a form field or query argument, else None."""
    digits = (value or "").strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(MAX_ID)):
        return None
    number = int(digits)
    return number if 0 < number <= MAX_ID else None


class _JSONProvider(DefaultJSONProvider):
    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:  # reported like any other malformed JSON
            raise ValueError("the JSON is nested too deeply") from error


def _refuse_nul() -> None:
    for values in (request.args, request.form):
        if any("\x00" in value for value in values.values()):
            raise InvalidInput(N_("the request contains a NUL character (\\0); remove it and send "
                               "the text again"))


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: their routes take the id converter."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.json = _JSONProvider(app)
    app.before_request(_refuse_nul)
