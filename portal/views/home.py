"""The portal's home page and a health check."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from content.urls import deep_link
from portal import checklists, homes
from portal.access import public, requires, signed_in_user
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.roles import Role
from portal.storage import current_paths, db_session

bp = Blueprint("home", __name__, url_prefix="/portal")


@bp.get("/")
@requires(Role.NEW_HIRE)
def index() -> ResponseReturnValue:
    """The person's home: the work waiting for their role, with counts."""
    paths = current_paths()
    home = homes.home_of(
        db_session(), signed_in_user(), paths.docs, checklists.tracks_in(paths.onboarding),
        now=dt.datetime.now(dt.UTC),
    )
    return render_template("home.html", home=home, link=deep_link)


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
        NavItem(N_("Home"), "home.index", Role.NEW_HIRE),
        NavItem(N_("Knowledge base"), "site.page", Role.NEW_HIRE),
    ),
)
