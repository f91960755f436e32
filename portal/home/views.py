"""The portal's home page and a health check."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import text

from content.urls import deep_link
from portal import checklists
from portal.accounts.access import public, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.features import Feature, NavItem
from portal.home import homes
from portal.i18n import N_

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
    return render_template("home/index.html", home=home, link=deep_link)


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
