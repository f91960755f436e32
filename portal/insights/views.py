"""Insights for leads: search analytics and the knowledge base's health numbers."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from content import load_docs
from portal import checklists, living
from portal.accounts.access import requires
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.errors import InvalidInput
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.insights.health import ACTIVE_DAYS, WEEKS
from portal.insights.health import health as health_numbers
from portal.insights.reuse_report import reuse_report
from portal.insights.search_report import DEFAULT_DAYS, MAX_DAYS, search_report
from portal.insights.trends import USAGE_DAYS, trends

bp = Blueprint("insights", __name__, url_prefix="/portal/insights")

PERIODS = (7, 30, 90, 365)


def _days() -> int:
    try:
        days = int(request.args.get("days", DEFAULT_DAYS))
    except ValueError as error:
        raise InvalidInput(N_("days must be a whole number of days")) from error
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(N_("days must be between 1 and %(most)s"), most=MAX_DAYS)
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
    """Trends as charts (each with its table of numbers) and the headline numbers."""
    paths, session = current_paths(), db_session()
    now = dt.datetime.now(dt.UTC)
    pages = load_docs(paths.docs).pages
    tracks = checklists.tracks_in(paths.onboarding)
    numbers = health_numbers(session, pages, paths.docs, tracks, now)
    people, _ = checklists.team_overview(session, paths.docs, tracks, now.date())
    weekly = trends(
        session,
        living.due_rows(session, pages, now.date()),
        [view for person in people for view in person.views],
        now,
    )
    return render_template("insights/health.html", h=numbers, t=weekly, weeks=WEEKS,
                           active_days=ACTIVE_DAYS, usage_days=USAGE_DAYS)


feature = Feature(bp, nav=(NavItem(N_("Insights"), "insights.health", Role.LEAD, group="team"),))
