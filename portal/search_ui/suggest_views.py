"""Answers inside the ticket: `POST /api/suggest` (a customer's message → replies, deciding
sections, fields; `search.suggestions`) and `/portal/sidebar`, the compact page a helpdesk
puts in an iframe, which calls that API and `/api/search` from the browser."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

import search
from content.schema import LANGUAGES
from portal.accounts.access import current_account, public, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, index_keeper
from portal.errors import InvalidInput, TooLarge, Unavailable
from portal.features import Feature
from portal.i18n import N_
from portal.i18n.formatting import number_text
from portal.i18n.setup import current_language
from portal.insights.reuse import try_record_suggestion
from portal.search_ui.embedding import SETTING, frame_ancestors, sidebar_csp
from search.suggestions import MAX_MESSAGE_CHARS, MessageRejected, suggest
from search.suggestions.message import EMPTY, HAS_NUL, TOO_LONG

bp = Blueprint("suggest_views", __name__)

MAX_TICKET_REF = 100  # a helpdesk's ticket number or link, as the agent pastes it
# The recorded suggestion's id, for the uses that follow from it; a header, so the body
# stays the shape `deskbook suggest --json` prints.
SUGGESTION_HEADER = "X-Deskbook-Suggestion"


@bp.record_once
def _check_setting(state: BlueprintSetupState) -> None:
    """A bad allowlist stops the app at start, not the first sidebar request."""
    frame_ancestors(state.app.config.get(SETTING))


def _message() -> tuple[str, str | None]:
    data: Any = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise InvalidInput(N_('send JSON {"text": "<the customer\'s message>", "lang"?: "en"}'))
    lang = data.get("lang")
    if lang is not None and not (isinstance(lang, str) and lang in LANGUAGES):
        raise InvalidInput(N_("lang must be one of %(choices)s, or left out"),
                           choices=", ".join(LANGUAGES))
    return data["text"], lang


# The refusals of search.suggestions.message, in the reader's language.
_REFUSALS = {
    TOO_LONG: N_("the message is too long (%(length)s characters; at most %(limit)s): paste "
                 "the customer's latest message, not the whole thread"),
    HAS_NUL: N_("the message contains a NUL byte: paste it as text"),
    EMPTY: N_("the message is empty: paste what the customer wrote"),
}


def _refusal(error: MessageRejected) -> InvalidInput:
    """What the reader is told when the message cannot be read."""
    language = current_language()
    return InvalidInput(_REFUSALS[error.reason], length=number_text(error.length, language),
                        limit=number_text(MAX_MESSAGE_CHARS, language))


@bp.post("/api/suggest")
@requires(Role.NEW_HIRE)
def api() -> ResponseReturnValue:
    """{"text", "lang"?} → {"lang", "replies", "sections", "fields"} (as `deskbook suggest
    --json`); a message over the length limit, empty or binary is a 400 that says why. The
    suggestion is recorded (not the message) for the link rate."""
    text, lang = _message()
    paths = current_paths()
    try:
        result = suggest(paths.index, paths.docs, text, lang)
    except MessageRejected as error:
        if error.reason not in _REFUSALS:
            raise
        raise _refusal(error) from error
    except search.IndexUnavailable as error:
        index_keeper().ensure_rebuilding()
        raise Unavailable(
            N_("The search index is being rebuilt from the docs; try again in a few seconds.")
        ) from error
    recorded = try_record_suggestion(db_session(), signed_in_user().id, result.lang,
                                     len(result.replies), len(result.sections),
                                     dt.datetime.now(dt.UTC))
    response = jsonify(result.to_json())
    if recorded is not None:
        response.headers[SUGGESTION_HEADER] = str(recorded)
    return response


class MessageTooLong(TooLarge):
    """A message pasted into the sidebar's form over the length a suggestion reads."""

    title = N_("That message is too long")
    next_step = N_("Paste the customer's latest words without the older messages quoted "
                   "under them, then ask again.")


@bp.get("/portal/sidebar")
@public  # a shell without knowledge: every answer comes from the API, by session or token
def sidebar() -> ResponseReturnValue:
    """The sidebar, with a message and ticket passed in a link (short: a long address is
    refused by the server before it gets here)."""
    return _sidebar_page(request.args.get("text", "")[:MAX_MESSAGE_CHARS],
                         request.args.get("ticket", ""))


@bp.post("/portal/sidebar")
@public
def sidebar_pasted() -> ResponseReturnValue:
    """The sidebar with the message its form sent (the form posts, so a message of any length
    up to the limit arrives; the script suggests from it on load)."""
    text = request.form.get("text", "").replace("\r\n", "\n")
    if len(text) > MAX_MESSAGE_CHARS:
        language = current_language()
        raise MessageTooLong(
            N_("The customer's message is %(length)s characters long; the sidebar reads at "
               "most %(limit)s."),
            length=number_text(len(text), language), limit=number_text(MAX_MESSAGE_CHARS,
                                                                       language))
    return _sidebar_page(text, request.form.get("ticket", ""))


def _sidebar_page(text: str, ticket: str) -> ResponseReturnValue:
    origins = frame_ancestors(current_app.config.get(SETTING))
    response = make_response(
        render_template(
            "search_ui/sidebar.html",
            signed_in=current_account() is not None,
            origins=origins,
            text=text,
            ticket=ticket[:MAX_TICKET_REF],
            languages=LANGUAGES,
            max_chars=MAX_MESSAGE_CHARS,
        )
    )
    response.headers["Content-Security-Policy"] = sidebar_csp(origins)
    return response


feature = Feature(bp)
