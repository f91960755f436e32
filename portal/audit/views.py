"""The audit log for admins: browse with filters, export as CSV. Nothing here changes an entry.

The blueprint also notes each request's network address for the entries recorded while it is
served (`record.request_address`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextvars import Token

from flask import Blueprint, Response, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal.accounts.access import requires
from portal.accounts.roles import Role
from portal.app_state import database, db_session
from portal.audit.actions import AuditAction, label_of
from portal.audit.browse import AuditFilter, browse
from portal.audit.details import shown_details
from portal.audit.export import csv_lines
from portal.audit.record import COMMAND_LINE, request_address
from portal.errors import InvalidInput
from portal.features import Feature, NavItem
from portal.i18n import N_

bp = Blueprint("audit", __name__, url_prefix="/portal/admin/audit")
MAX_FILTER = 254


@bp.before_app_request
def _note_address() -> None:
    g.audit_address_token = request_address.set(request.remote_addr or "")


@bp.teardown_app_request
def _forget_address(error: BaseException | None) -> None:
    token: Token[str] | None = g.pop("audit_address_token", None)
    if token is not None:
        request_address.reset(token)


def _date(name: str) -> dt.datetime | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(N_("%(field)s: “%(value)s” is not a date (YYYY-MM-DD)"), field=name,
                           value=value[:20]) from error
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def filter_from_request() -> AuditFilter:
    action = request.args.get("action", "").strip()
    try:
        chosen = AuditAction(action) if action else None
    except ValueError as error:
        raise InvalidInput(N_("“%(action)s” is not an action the log records"),
                           action=action[:50]) from error
    until = _date("until")
    return AuditFilter(
        actor=request.args.get("actor", "").strip()[:MAX_FILTER], action=chosen,
        since=_date("since"), until=until + dt.timedelta(days=1) if until else None,
        target=request.args.get("target", "").strip()[:MAX_FILTER],
    )


def shown_label(action: str) -> str:
    """An action's label in the reader's language."""
    return str(gettext(label_of(action)))


bp.add_app_template_filter(shown_label, "audit_label")


@bp.get("/")
@requires(Role.ADMIN)
def index() -> ResponseReturnValue:
    where = filter_from_request()
    before = request.args.get("before", type=int)
    page = browse(db_session(), where, before=before if before and before > 0 else None)
    return render_template("audit/log.html", page=page, actions=list(AuditAction),
                           args=request.args, shown_details=shown_details,
                           command_line=COMMAND_LINE)


@bp.get("/export.csv")
@requires(Role.ADMIN)
def export() -> ResponseReturnValue:
    where = filter_from_request()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    source = database()

    def lines() -> Iterator[str]:
        # A session of its own, not the request's: the lines are written after the view
        # returns, and holding the request's context open until then would outlive it.
        with source.session() as session:
            yield from csv_lines(session, where)

    return Response(
        lines(), mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="deskbook-audit-{stamp}.csv"'},
    )


feature = Feature(bp, nav=(NavItem(N_("Audit log"), "audit.index", Role.ADMIN, group="admin"),))
