"""`POST /api/uses`: a reply copied or a section opened, as the sidebar, the search page and
the site report it (portal.insights.reuse); the site's pages, which carry no CSRF token, ask
`/portal/uses/csrf` for one (same origin only: no other site can read the answer)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import generate_csrf

from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.features import Feature
from portal.insights.reuse import parse_use, record_use

bp = Blueprint("reuse", __name__)


@bp.post("/api/uses")
@requires(Role.NEW_HIRE)
def record() -> ResponseReturnValue:
    """{page, anchor?, action, origin, ticket?, qid?, suggestion?} → 201 {id}."""
    use = parse_use(request.get_json(silent=True))
    use_id = record_use(db_session(), signed_in_user().id, current_paths().docs, use,
                        dt.datetime.now(dt.UTC))
    return jsonify(id=use_id), 201


@bp.get("/portal/uses/csrf")
@requires(Role.NEW_HIRE)
def csrf() -> ResponseReturnValue:
    return jsonify(csrf=generate_csrf())


feature = Feature(bp)
