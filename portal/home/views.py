"""The portal's home page and a health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from portal.accounts.access import public, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.features import Feature, NavItem

bp = Blueprint("home", __name__, url_prefix="/portal")


@bp.get("/")
@requires(Role.NEW_HIRE)
def index() -> ResponseReturnValue:
    return render_template("home/index.html", user=signed_in_user())


@bp.get("/health")
@public
def health() -> ResponseReturnValue:
    """For load balancers and scripts: 200 when the database answers."""
    db_session().execute(text("SELECT 1"))
    site_ready = current_paths().site.exists()
    return jsonify(status="ok", site=site_ready)


feature = Feature(
    bp,
    nav=(
        NavItem("Knowledge base", "site.page", Role.NEW_HIRE),
        NavItem("Portal", "home.index", Role.NEW_HIRE),
    ),
)
