"""What a request may carry, checked before any view runs, so hostile input is a clear 400 or
404 and never a 500: database ids (a 30-digit id overflows SQLite and PostgreSQL integers),
JSON nesting (a deep document exhausts the parser's recursion) and NUL characters in any
query argument, form field or JSON text (PostgreSQL cannot store them in text, and git refuses
them in a commit message)."""

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


def _holds_nul(data: object) -> bool:
    """Whether any text in `data` (a JSON document: keys and values, at any depth) has a NUL."""
    pending: list[object] = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.items())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def _refuse_nul() -> None:
    fields = [*request.args.items(multi=True), *request.form.items(multi=True)]
    document = request.get_json(silent=True) if request.is_json else None
    if _holds_nul(fields) or _holds_nul(document):
        raise InvalidInput(N_("the request contains a NUL character (\\0); remove it and send "
                              "the text again"))


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: their routes take the id converter."""
    app.url_map.converters["int"] = DatabaseIdConverter
    app.json = _JSONProvider(app)
    app.before_request(_refuse_nul)
