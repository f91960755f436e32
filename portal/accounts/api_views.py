"""The JSON API under /api/: a session or `Authorization: Bearer <personal token>`.

`GET /api/me` is here; `GET /api/search` lives with the search page (views/search_views.py).
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.features import Feature

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/me")
@requires(Role.NEW_HIRE)
def me() -> ResponseReturnValue:
    """Who the token or session belongs to: lets a script check its token."""
    user = signed_in_user()
    return jsonify(email=user.email, role=user.role.value)


feature = Feature(bp)
