"""Domain errors and their HTTP status, mapped in this one place.

Plain functions raise these (or `content.DocNotFound`, the docstore's errors, …); views never
catch them: the handlers registered here turn them into an error page (or JSON under /api/)
with the status `STATUS` gives the error's class (or its nearest base class listed there).
A feature's own errors subclass one of these or get their row in `STATUS`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from content import DocNotFound
from content.messages import Message
from portal.docstore.errors import DocStoreError, PageConflict, RepositoryNotReady, WriteFailed
from portal.docstore.git import GitError
from portal.i18n import N_
from portal.i18n.formatting import duration_text, number_text
from portal.i18n.messages import translated
from portal.i18n.setup import current_language
from search import IndexUnavailable, QueryRejected


class PortalError(Exception):
    """A problem the person can act on; the message is shown to them.

    `message` is English marked with `N_` (so `make messages` gathers it) whose `%(name)s`
    holes are filled from `params` (a `content.messages.Message` among them is translated
    too); `str(error)` is it in the language of the request being answered (English outside
    one, as in the CLI). A lower layer's `Message` given as `message` keeps its own holes.
    """

    def __init__(self, message: str = "", **params: object) -> None:
        super().__init__(message)
        self.message = message if isinstance(message, Message) and not params else Message(
            message, **params)

    def __str__(self) -> str:
        return translated(self.message)


class NotFound(PortalError):
    """There is no such thing (or it is outside the person's scope)."""


class NotAllowed(PortalError):
    """The person's role does not allow this."""


class Conflict(PortalError):
    """The change clashes with the current state (a taken email, the last admin…)."""


class InvalidInput(PortalError):
    """A value in the request is malformed."""


class TooLarge(InvalidInput):
    """Over a size limit."""


class RateLimited(PortalError):
    """Too many of something; `retry_after` seconds until it is allowed again, and
    `next_step` (English marked with `N_`) replacing the usual advice of a 429."""

    def __init__(self, message: str, retry_after: int, next_step: str | None = None,
                 **params: object) -> None:
        super().__init__(message, **params)
        self.retry_after = retry_after
        self.next_step = next_step


class Unavailable(PortalError):
    """A dependency (database, index) is busy or being rebuilt; try again shortly."""


STATUS: dict[type[Exception], int] = {
    DocNotFound: 404,
    NotFound: 404,
    NotAllowed: 403,
    Conflict: 409,
    InvalidInput: 400,
    TooLarge: 413,
    RateLimited: 429,
    Unavailable: 503,
    QueryRejected: 400,
    IndexUnavailable: 503,
    DocStoreError: 400,
    PageConflict: 409,
    RepositoryNotReady: 503,
    WriteFailed: 503,
    GitError: 503,
}

TITLES = {
    400: N_("That request could not be understood"),
    401: N_("Please sign in"),
    403: N_("Your role does not allow this"),
    404: N_("Page not found"),
    405: N_("That action is not available here"),
    409: N_("That clashes with the current state"),
    413: N_("That upload is too large"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong on our side"),
    503: N_("Deskbook is busy"),
}

NEXT_STEPS = {
    400: N_("Go back, reload the page (the form may have expired) and try again."),
    401: N_("Sign in, then try again."),
    403: N_("If you need access, ask your team lead or an admin to change your role."),
    404: N_("Check the address, or start again from the knowledge base home page."),
    405: N_("Go back and use the buttons on the page."),
    409: N_("Reload the page to see the current state, then try again."),
    413: N_("Send something smaller (at most {limit}), or split it in parts."),
    429: N_("Wait {retry} and try again. If you forgot your password, ask an admin to reset it."),
    500: N_("Try again in a moment. If it keeps happening, tell the Deskbook admins."),
    503: N_("Wait a few seconds and try again."),
}


# How SQLite and PostgreSQL say what is wrong (message words, SQLSTATE codes).
_DATABASE_BUSY = ("database is locked", "database table is locked", "55P03", "40001", "40P01")
_DATABASE_FULL = ("database or disk is full", "No space left on device", "53100")
_CANNOT_SAVE = N_("Deskbook cannot save right now")


def status_for(error: Exception) -> int | None:
    for kind in type(error).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return None


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(
    status: int, message: str | None = None, headers: dict[str, str] | None = None,
    next_step: str | None = None, title: str | None = None, **extra: Any
) -> Response:
    """The error page (or JSON under /api/); `title` and `next_step` replace the status's
    usual heading and advice."""
    title = title or gettext(TITLES.get(status, N_("Error")))
    limit = request.max_content_length or 0
    next_step = next_step or gettext(NEXT_STEPS.get(status, NEXT_STEPS[500])).format(
        limit=_size(limit), retry=duration_text(
            dt.timedelta(seconds=int(extra.get("retry_after", 60))), current_language()))
    if wants_json():
        body: dict[str, Any] = {"error": title, "message": message or title, "status": status}
        response = Response(_json(body), status=status, mimetype="application/json")
    else:
        html = render_template(
            "errors/error.html", status=status, title=title, message=message, next_step=next_step
        )
        response = Response(html, status=status, mimetype="text/html")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def _json(body: dict[str, Any]) -> str:
    import json

    return json.dumps(body, ensure_ascii=False)


def _size(limit: int) -> str:
    language = current_language()
    if limit >= 1024 * 1024:
        return str(gettext("%(size)s MB", size=number_text(round(limit / 1024 / 1024), language)))
    return str(gettext("%(size)s KB", size=number_text(limit // 1024, language)))


def init_app(app: Flask) -> None:
    def _domain(error: Exception) -> ResponseReturnValue:
        status = status_for(error) or 500
        headers = {}
        retry = getattr(error, "retry_after", None)
        if retry is not None:
            headers["Retry-After"] = str(retry)
        elif status == 503:
            headers["Retry-After"] = "5"
        message = translated(error.message) if isinstance(error, DocNotFound) else str(error)
        advice = getattr(error, "next_step", None)
        heading = getattr(error, "title", None)
        return error_response(status, message, headers, retry_after=retry or 60,
                              next_step=gettext(advice) if advice else None,
                              title=gettext(heading) if heading else None)

    kinds: list[type[Exception]] = [PortalError, *STATUS]
    for kind in kinds:
        app.register_error_handler(kind, _domain)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        headers = {}
        if error.code == 405 and error.valid_methods:  # type: ignore[attr-defined]
            headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
        return error_response(error.code, _description(error), headers)

    @app.errorhandler(OperationalError)
    def _database(error: OperationalError) -> ResponseReturnValue:
        app.logger.warning("database unavailable: %s", error.orig)
        detail = f"{getattr(error.orig, 'sqlstate', None) or ''} {error.orig}"
        if any(sign in detail for sign in _DATABASE_BUSY):
            return error_response(
                503, gettext("The database is busy right now."), {"Retry-After": "5"},
                retry_after=5,
            )
        if any(sign in detail for sign in _DATABASE_FULL):
            return error_response(
                503, gettext("The disk holding the database is full, so nothing was saved."),
                next_step=gettext(
                    "Ask an admin to free some space on the server, then try again."),
                title=gettext(_CANNOT_SAVE),
            )
        return error_response(
            503, gettext(
                "The database cannot be reached or written right now, so nothing was saved."),
            next_step=gettext("Try again in a minute. If it keeps happening, tell the Deskbook "
                              "admins (the server log says why)."), title=gettext(_CANNOT_SAVE),
        )

    @app.errorhandler(500)
    def _internal(error: Exception) -> ResponseReturnValue:
        return error_response(500)


# What Flask-WTF says when a form's CSRF token does not pass (in English), in our words.
_CSRF_REFUSALS = {
    "The CSRF token is missing.": N_(
        "The form's security token is missing: reload the page and send the form again."),
    "The CSRF session token is missing.": N_(
        "Your session holds no security token (it may have expired): reload the page and send "
        "the form again."),
    "The CSRF token has expired.": N_(
        "The form's security token has expired: reload the page and send the form again."),
    "The CSRF token is invalid.": N_(
        "The form's security token is not valid: reload the page and send the form again."),
    "The CSRF tokens do not match.": N_(
        "The form's security token does not belong to your session: reload the page and send "
        "the form again."),
}


def _description(error: HTTPException) -> str | None:
    """Werkzeug's stock descriptions are generic (ours, TITLES/NEXT_STEPS, say more); the
    refusals of a CSRF token are said in the reader's language; other text as it came."""
    stock = type(error).description
    if error.description == stock or error.description is None:
        return None
    if error.description in _CSRF_REFUSALS:
        return str(gettext(_CSRF_REFUSALS[error.description]))
    return translated(error.description)
