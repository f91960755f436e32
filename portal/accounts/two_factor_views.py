"""Two-factor sign-in: a person's enrolment (authenticator app, recovery codes), the admins'
choice of roles that must use it, and an admin turning it off for someone who lost their phone.

Someone whose role must use it and who has not set it up is sent to enrol before anything
else (`_enrol_first`)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal.accounts import two_factor, users
from portal.accounts.access import current_account, requires, signed_in_user
from portal.accounts.roles import Role
from portal.accounts.sso_accounts import has_local_password
from portal.app_state import db_session
from portal.errors import Conflict, InvalidInput
from portal.features import Feature, NavItem
from portal.i18n import N_

bp = Blueprint("two_factor", __name__, url_prefix="/portal")

ENROL_ALLOWED = {"two_factor.account", "two_factor.qr", "auth.logout", "static"}


@bp.before_app_request
def _enrol_first() -> ResponseReturnValue | None:
    """Someone whose role must use two-factor sign-in enrols before anything else."""
    user = current_account()
    if user is None or request.endpoint in ENROL_ALLOWED or request.path.startswith("/api/"):
        return None
    # Single sign-on leaves the second factor to the identity provider.
    if has_local_password(user) and two_factor.must_enrol(db_session(), user):
        return redirect(url_for("two_factor.account", required=1))
    return None


def _account_page(status: int = 200, **extra: object) -> ResponseReturnValue:
    user = signed_in_user()
    db = db_session()
    pending = two_factor.pending_enrolment(db, user)
    return render_template(
        "accounts/two_factor.html", enrolled=two_factor.is_enrolled(db, user), pending=pending,
        codes_left=two_factor.recovery_codes_left(db, user),
        required=user.role in two_factor.required_roles(db), **extra), status


@bp.route("/account/two-factor", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def account() -> ResponseReturnValue:
    if request.method == "GET":
        return _account_page()
    user, db = signed_in_user(), db_session()
    choice = request.form.get("do", "")
    try:
        if choice == "start":
            two_factor.begin_enrolment(db, user)
        elif choice == "confirm":
            codes = two_factor.confirm_enrolment(db, user, request.form.get("code", "")[:64])
            return _account_page(codes=codes)
        elif choice == "new-codes":
            return _account_page(codes=two_factor.new_recovery_codes(db, user))
        elif choice == "off":
            if user.role in two_factor.required_roles(db):
                raise Conflict(N_("your role must use two-factor sign-in; set up a new app "
                               "instead of turning it off"))
            two_factor.turn_off(db, user, user)
        else:
            raise InvalidInput(N_("choose what to do"))
    except (InvalidInput, Conflict) as problem:
        return _account_page(400, error=str(problem))
    return redirect(url_for("two_factor.account"), code=303)


@bp.get("/account/two-factor/qr.svg")
@requires(Role.NEW_HIRE)
def qr() -> ResponseReturnValue:
    pending = two_factor.pending_enrolment(db_session(), signed_in_user())
    if pending is None:
        abort(404)
    return Response(two_factor.qr_svg(pending.uri), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@bp.route("/admin/two-factor", methods=["GET", "POST"])
@requires(Role.ADMIN)
def policy() -> ResponseReturnValue:
    db = db_session()
    notice = None
    if request.method == "POST":
        known = {role.value for role in Role}
        chosen = [Role.parse(value) for value in request.form.getlist("role") if value in known]
        two_factor.require_for_roles(db, signed_in_user(), chosen)
        notice = gettext("Saved.")
    return render_template("accounts/two_factor_policy.html", roles=list(Role),
                           required=two_factor.required_roles(db), notice=notice)


@bp.post("/admin/users/<int:user_id>/two-factor/off")
@requires(Role.ADMIN)
def turn_off_for(user_id: int) -> ResponseReturnValue:
    """For someone who lost their phone and their recovery codes (they enrol again)."""
    db = db_session()
    two_factor.turn_off(db, signed_in_user(), users.get_user(db, user_id))
    return redirect(url_for("admin.users"), code=303)


feature = Feature(bp, nav=(
    NavItem(N_("Two-factor"), "two_factor.account", Role.NEW_HIRE, group="account"),
    NavItem(N_("Two-factor policy"), "two_factor.policy", Role.ADMIN, group="admin"),
))
