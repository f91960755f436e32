"""Search for agents mid-ticket: the search page, its results as people type, recording a
search that was shown, and `GET /api/search`."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, redirect, render_template, request
from flask.typing import ResponseReturnValue

import search
from content.schema import LANGUAGES, PAGE_TYPES
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session, index_keeper
from portal.errors import InvalidInput, Unavailable
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.i18n.setup import current_language
from portal.inputs import database_id
from portal.insights import usage
from portal.insights.reuse import try_record_opened_hit
from portal.search_ui.answer import SearchAnswer, answer_search
from portal.search_ui.recording import shown_search, shown_token
from portal.security import local_target

bp = Blueprint("search_views", __name__)

DEFAULT_LIMIT = 10
ALL_LANGUAGES = "all"  # the `lang` that searches every language
MAX_LIMIT = 50


def _language() -> str:
    """The `lang` asked for: a language, `all`, or none ("": the reader's language when the
    query is written in it, else every language — search.search's `reader_lang`)."""
    chosen = request.args.get("lang", "")
    if chosen and chosen != ALL_LANGUAGES and chosen not in LANGUAGES:
        raise InvalidInput(N_("lang must be one of %(choices)s"),
                           choices=", ".join([*LANGUAGES, ALL_LANGUAGES]))
    return chosen


def _filter(lang: str) -> str | None:
    """The language a `lang` filters on (None: none chosen, or all)."""
    return lang if lang in LANGUAGES else None


def _arguments() -> tuple[str, str, str | None, str | None, int]:
    query = request.args.get("q", "")
    lang = _language()
    page_type = request.args.get("type") or None
    tag = request.args.get("tag") or None
    if page_type is not None and page_type not in PAGE_TYPES:
        raise InvalidInput(N_("type must be one of %(choices)s"), choices=", ".join(PAGE_TYPES))
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
    except ValueError as error:
        raise InvalidInput(N_("limit must be a whole number")) from error
    return query, lang, page_type, tag, max(1, min(limit, MAX_LIMIT))


def _answer(query: str, lang: str, page_type: str | None, tag: str | None,
            limit: int) -> SearchAnswer:
    paths = current_paths()
    reader_lang = None if lang else current_language()
    try:
        return answer_search(paths.index, paths.docs, query, lang=_filter(lang),
                             page_type=page_type, tag=tag, limit=limit, explain=_explaining(),
                             reader_lang=reader_lang)
    except search.IndexUnavailable as error:
        index_keeper().ensure_rebuilding()
        raise Unavailable(
            N_("The search index is being rebuilt from the docs; try again in a few seconds.")
        ) from error


def _explaining() -> bool:
    """Whether to explain the ranking: asked for (`explain=1`) by a lead or an admin."""
    return request.args.get("explain") == "1" and signed_in_user().role.at_least(Role.LEAD)


def _secret() -> str | bytes:
    """The app's signing key (create_app always sets one)."""
    key = current_app.secret_key
    assert key is not None
    return key


def _record(q: str, lang: str | None, total: int) -> int | None:
    """Store the search for analytics (portal.insights.usage); never fails the search."""
    return usage.try_record_search(
        db_session(), signed_in_user().id, q, lang, total, dt.datetime.now(dt.UTC))


@bp.get("/portal/search")
@requires(Role.NEW_HIRE)
def page() -> ResponseReturnValue:
    query, lang, page_type, tag, limit = _arguments()
    answer = qid = None
    if query.strip():
        answer = _answer(query, lang, page_type, tag, limit)
        qid = _record(answer.q, _filter(lang), answer.total)
    return render_template(
        "search_ui/search.html", q=query, lang=lang, type=page_type or "", tag=tag or "",
        answer=answer, qid=qid, languages=LANGUAGES, types=PAGE_TYPES,
        explain=_explaining(), can_explain=signed_in_user().role.at_least(Role.LEAD),
    )


@bp.get("/portal/search/results")
@requires(Role.NEW_HIRE)
def results() -> ResponseReturnValue:
    """The hits alone, as the search page shows them, for the search box to show as people
    type (not recorded: it carries a signed note `POST /portal/search/record` takes)."""
    query, lang, page_type, tag, limit = _arguments()
    if not query.strip():
        return ""
    answer = _answer(query, lang, page_type, tag, limit)
    token = shown_token(_secret(), signed_in_user().id, answer, _filter(lang))
    return render_template("search_ui/_results.html", answer=answer, qid=None, lang=lang,
                           type=page_type or "", tag=tag or "", explain=_explaining(),
                           record_token=token)


@bp.post("/portal/search/record")
@requires(Role.NEW_HIRE)
def record() -> ResponseReturnValue:
    """JSON {token} of a shown answer → {qid}: the search is recorded as it was shown."""
    data = request.get_json(silent=True)
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str):
        raise InvalidInput(N_('send JSON {"token": "…"} from the shown results'))
    shown = shown_search(_secret(), token, signed_in_user().id)
    return jsonify(qid=_record(shown.q, shown.lang, shown.total))


@bp.get("/api/search")
@requires(Role.NEW_HIRE)
def api() -> ResponseReturnValue:
    query, lang, page_type, tag, limit = _arguments()
    if not query.strip():
        raise InvalidInput(N_("q is required: the words to search for"))
    answer = _answer(query, lang, page_type, tag, limit)
    recorded = request.args.get("record") == "1"  # a script asking for its search to count
    qid = _record(answer.q, _filter(lang), answer.total) if recorded else None
    return jsonify(answer.to_json(qid))


@bp.get("/portal/search/open")
@requires(Role.NEW_HIRE)
def open_hit() -> ResponseReturnValue:
    """A hit opened from a recorded search: count the click, then go there (local paths only)."""
    target = local_target(request.args.get("to"), default="")
    if not target:
        raise InvalidInput(N_("to must be a path on this site, like /policies/refunds/"))
    query_id = database_id(request.args.get("qid"))
    now = dt.datetime.now(dt.UTC)
    if query_id is not None:
        usage.try_record_open(
            db_session(), signed_in_user().id, query_id, target, current_paths().docs, now)
    try_record_opened_hit(db_session(), signed_in_user().id, current_paths().docs, target,
                          query_id, now)
    return redirect(target, code=303)


feature = Feature(bp, nav=(NavItem(N_("Search"), "search_views.page", Role.NEW_HIRE),))
