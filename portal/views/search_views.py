"""Search for agents mid-ticket: the search page and `GET /api/search`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, request
from flask.typing import ResponseReturnValue

import search
from content import ContentError
from content.loader import resolve_page_path
from content.model import LANGUAGES, PAGE_TYPES
from content.replies import reply_text
from portal import analytics
from portal.access import requires, signed_in_user
from portal.errors import InvalidInput, Unavailable
from portal.features import Feature, NavItem
from portal.filecache import LatestVersionCache
from portal.roles import Role
from portal.security import local_target
from portal.storage import current_paths, db_session, index_keeper

bp = Blueprint("search_views", __name__)

DEFAULT_LIMIT = 10
MAX_LIMIT = 50


def _arguments() -> tuple[str, str | None, str | None, str | None, int]:
    query = request.args.get("q", "")
    lang = request.args.get("lang") or None
    page_type = request.args.get("type") or None
    tag = request.args.get("tag") or None
    if lang is not None and lang not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    if page_type is not None and page_type not in PAGE_TYPES:
        raise InvalidInput(f"type must be one of {', '.join(PAGE_TYPES)}")
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
    except ValueError as error:
        raise InvalidInput("limit must be a whole number") from error
    return query, lang, page_type, tag, max(1, min(limit, MAX_LIMIT))


def run_search(
    index_dir: Path, docs: Path, query: str, lang: str | None, page_type: str | None,
    tag: str | None, limit: int, explain: bool = False,
) -> dict[str, Any]:
    """The search answer as the page and the API show it, with each template's reply text
    (and, with `explain`, the lines saying how each hit scored)."""
    try:
        result = search.search(
            index_dir,
            query,
            lang=lang,
            type=page_type,
            tag=tag,
            limit=limit,
            explain=explain,
            synonyms=search.load_synonyms(docs),
        )
    except search.IndexUnavailable as error:
        index_keeper().ensure_rebuilding()
        raise Unavailable(
            "The search index is being rebuilt from the docs; try again in a few seconds."
        ) from error
    hits = []
    for number, hit in enumerate(result.hits):
        data = hit.to_json()
        data["reply"] = _reply_for(docs, hit.path) if hit.type == "template" else None
        if number < len(result.explanations):
            data["explain"] = result.explanations[number].lines()
        hits.append(data)
    return {
        "q": result.query,
        "hits": hits,
        "suggestion": result.suggestion,
        "total": result.total,
        "ms": round(result.ms, 1),
    }


def _reply_for(docs: Path, page: str) -> str | None:
    try:
        full = resolve_page_path(docs, page)
        return _replies.get(
            full, full.stat().st_mtime_ns, lambda: reply_text(full.read_text(encoding="utf-8"))
        )
    except (OSError, ContentError):
        return None


_replies: LatestVersionCache[str | None] = LatestVersionCache(256)


def _explaining() -> bool:
    """Whether to explain the ranking: asked for (`explain=1`) by a lead or an admin."""
    return request.args.get("explain") == "1" and signed_in_user().role.at_least(Role.LEAD)


@bp.get("/portal/search")
@requires(Role.NEW_HIRE)
def page() -> ResponseReturnValue:
    query, lang, page_type, tag, limit = _arguments()
    answer = None
    explain = _explaining()
    if query.strip():
        paths = current_paths()
        answer = run_search(paths.index, paths.docs, query, lang, page_type, tag, limit, explain)
        answer["qid"] = _record(answer, lang)
    return render_template(
        "search/search.html",
        q=query,
        lang=lang or "",
        type=page_type or "",
        tag=tag or "",
        answer=answer,
        explain=explain,
        can_explain=signed_in_user().role.at_least(Role.LEAD),
        languages=LANGUAGES,
        types=PAGE_TYPES,
    )


@bp.get("/api/search")
@requires(Role.NEW_HIRE)
def api() -> ResponseReturnValue:
    query, lang, page_type, tag, limit = _arguments()
    if not query.strip():
        raise InvalidInput("q is required: the words to search for")
    paths = current_paths()
    answer = run_search(
        paths.index, paths.docs, query, lang, page_type, tag, limit, _explaining()
    )
    if request.args.get("record") == "1":  # a real search, not a keystroke (see search.js)
        answer["qid"] = _record(answer, lang)
    return jsonify(answer)


def _record(answer: dict[str, Any], lang: str | None) -> int | None:
    """Store the search for analytics (portal.analytics.record); never fails the search."""
    now = dt.datetime.now(dt.UTC)
    return analytics.try_record_search(
        db_session(), signed_in_user().id, str(answer["q"]), lang, int(answer["total"]), now,
        current_app.logger,
    )


@bp.get("/portal/search/open")
@requires(Role.NEW_HIRE)
def open_hit() -> ResponseReturnValue:
    """A hit opened from a recorded search: count the click, then go there (local paths only)."""
    target = local_target(request.args.get("to"), default="")
    if not target:
        raise InvalidInput("to must be a path on this site, like /policies/refunds/")
    try:
        query_id = int(request.args.get("qid", ""))
    except ValueError:
        query_id = 0
    if query_id > 0:
        analytics.try_record_open(
            db_session(), signed_in_user().id, query_id, target, current_paths().docs,
            dt.datetime.now(dt.UTC), current_app.logger,
        )
    return redirect(target, code=303)


feature = Feature(bp, nav=(NavItem("Search", "search_views.page", Role.NEW_HIRE),))
