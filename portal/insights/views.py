"""Insights for leads: search analytics and the knowledge base's health numbers."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from content import load_docs
from portal import checklists
from portal.accounts.access import requires
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.errors import InvalidInput
from portal.features import Feature, NavItem
from portal.insights.health import health as health_numbers
from portal.insights.reuse_report import reuse_report
from portal.insights.search_report import DEFAULT_DAYS, MAX_DAYS, search_report

bp = Blueprint("insights", __name__, url_prefix="/portal/insights")

PERIODS = (7, 30, 90, 365)


def _days() -> int:
    try:
        days = int(request.args.get("days", DEFAULT_DAYS))
    except ValueError as error:
        raise InvalidInput("days must be a whole number of days") from error
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(f"days must be between 1 and {MAX_DAYS}")
    return days


@bp.get("/search")
@requires(Role.LEAD)
def search() -> ResponseReturnValue:
    report = search_report(db_session(), dt.datetime.now(dt.UTC), _days())
    return render_template("insights/search.html", report=report, periods=PERIODS)


@bp.get("/reuse")
@requires(Role.LEAD)
def reuse() -> ResponseReturnValue:
    report = reuse_report(db_session(), dt.datetime.now(dt.UTC), _days())
    return render_template("insights/reuse.html", report=report, periods=PERIODS)


@bp.get("/health")
@requires(Role.LEAD)
def health() -> ResponseReturnValue:
    paths = current_paths()
    numbers = health_numbers(
        db_session(),
        load_docs(paths.docs).pages,
        paths.docs,
        checklists.tracks_in(paths.onboarding),
        dt.datetime.now(dt.UTC),
    )
    return render_template("insights/health.html", h=numbers)


feature = Feature(bp, nav=(NavItem("Insights", "insights.search", Role.LEAD),))
