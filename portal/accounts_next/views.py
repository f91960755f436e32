"""Signing in beyond a password: single sign-on, the two-factor step and enrolment, password
resets by mail, and the admins' choice of roles that must use two-factor sign-in.

`complete_sign_in` is the one place a session is opened, whichever way the person proved who
they are; `after_password` decides whether a correct password still needs the second step.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import login_user

from portal import accounts
from portal.access import current_account, public, requires, signed_in_user
from portal.accounts_next import configured, oidc, password_reset, two_factor
from portal.accounts_next.sso_accounts import NO_PASSWORD, sign_in_with
from portal.audit import AuditAction, record
from portal.errors import Conflict, InvalidInput
from portal.features import Feature, NavItem
from portal.models import User
from portal.roles import Role
from portal.security import local_target
from portal.storage import db_session

bp = Blueprint("sign_in", __name__, url_prefix="/portal")

PENDING_SSO = "deskbook_sso"
PENDING_CODE = "deskbook_second_step"
SECOND_STEP_SECONDS = 300
ENROL_ALLOWED = {"sign_in.two_factor", "sign_in.two_factor_qr", "auth.logout", "static"}


def has_local_password(user: User) -> bool:
    return not user.password_hash.startswith(NO_PASSWORD)


def complete_sign_in(user: User, *, remember: bool, how: str) -> None:
    """Open a new session for `user` (no fixation: a new session and CSRF secret) and audit
    it."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = True
    record(db_session(), user, AuditAction.SIGN_IN, target=user.email, details={"with": how})


def after_password(user: User, *, remember: bool, target: str) -> ResponseReturnValue:
    """A correct password: signed in, or on to the code when two-factor sign-in is on."""
    if two_factor.is_enrolled(db_session(), user):
        session.clear()
        session[PENDING_CODE] = {"user": user.get_id(), "remember": remember,
                                 "next": target, "at": time.time()}
        return redirect(url_for("sign_in.code"), code=303)
    complete_sign_in(user, remember=remember, how="password")
    return redirect(target, code=303)


# ----------------------------------------------------------------------------- two-factor step


def _pending_user() -> tuple[User, dict[str, Any]] | None:
    pending = session.get(PENDING_CODE)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > \
            SECOND_STEP_SECONDS:
        return None
    user = accounts.user_for_session(db_session(), str(pending.get("user", "")))
    return (user, pending) if user is not None else None


@bp.route("/login/code", methods=["GET", "POST"])
@public
def code() -> ResponseReturnValue:
    found = _pending_user()
    if found is None:
        session.pop(PENDING_CODE, None)
        return redirect(url_for("auth.login", expired=1), code=303)
    user, pending = found
    if request.method == "GET":
        return render_template("sign_in/code.html")
    try:
        how = two_factor.verify(db_session(), user, request.form.get("code", "")[:64])
    except InvalidInput as wrong:
        return render_template("sign_in/code.html", error=str(wrong)), 401
    complete_sign_in(user, remember=bool(pending.get("remember")),
                     how=f"password and {how}")
    return redirect(local_target(str(pending.get("next", ""))), code=303)


# ----------------------------------------------------------------------------- enrolment


@bp.before_app_request
def _enrol_first() -> ResponseReturnValue | None:
    """Someone whose role must use two-factor sign-in enrols before anything else."""
    user = current_account()
    if user is None or request.endpoint in ENROL_ALLOWED or request.path.startswith("/api/"):
        return None
    if has_local_password(user) and two_factor.must_enrol(db_session(), user):
        return redirect(url_for("sign_in.two_factor", required=1))
    return None


def _two_factor_page(status: int = 200, **extra: object) -> ResponseReturnValue:
    user = signed_in_user()
    db = db_session()
    pending = two_factor.pending_enrolment(db, user)
    return render_template(
        "sign_in/two_factor.html", enrolled=two_factor.is_enrolled(db, user), pending=pending,
        qr=two_factor.qr_svg(pending.uri) if pending else None,
        codes_left=two_factor.recovery_codes_left(db, user),
        required=user.role in two_factor.required_roles(db),
        local=has_local_password(user), **extra), status


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@requires(Role.NEW_HIRE)
def two_factor_page() -> ResponseReturnValue:
    if request.method == "GET":
        return _two_factor_page()
    user, db = signed_in_user(), db_session()
    choice = request.form.get("do", "")
    try:
        if choice == "start":
            two_factor.begin_enrolment(db, user)
        elif choice == "confirm":
            codes = two_factor.confirm_enrolment(db, user, request.form.get("code", "")[:64])
            return _two_factor_page(codes=codes)
        elif choice == "new-codes":
            return _two_factor_page(codes=two_factor.new_recovery_codes(db, user))
        elif choice == "off":
            if user.role in two_factor.required_roles(db):
                raise Conflict("your role must use two-factor sign-in; set up a new app "
                               "instead of turning it off")
            two_factor.turn_off(db, user, user)
        else:
            raise InvalidInput("choose what to do")
    except (InvalidInput, Conflict) as problem:
        return _two_factor_page(400, error=str(problem))
    return redirect(url_for("sign_in.two_factor"), code=303)


@bp.get("/account/two-factor/qr.svg")
@requires(Role.NEW_HIRE)
def two_factor_qr() -> ResponseReturnValue:
    pending = two_factor.pending_enrolment(db_session(), signed_in_user())
    if pending is None:
        abort(404)
    return Response(two_factor.qr_svg(pending.uri), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store"})


@bp.route("/admin/sign-in", methods=["GET", "POST"])
@requires(Role.ADMIN)
def policy() -> ResponseReturnValue:
    db = db_session()
    notice = None
    if request.method == "POST":
        chosen = [Role.parse(value) for value in request.form.getlist("role")
                  if value in {role.value for role in Role}]
        two_factor.require_for_roles(db, signed_in_user(), chosen)
        notice = "Saved."
    return render_template("sign_in/policy.html", roles=list(Role),
                           required=two_factor.required_roles(db), notice=notice,
                           sso=configured.single_sign_on(current_app.config) is not None,
                           local=configured.local_passwords(current_app.config))


# ----------------------------------------------------------------------------- single sign-on


@bp.get("/sso/start")
@public
def sso_start() -> ResponseReturnValue:
    config = configured.single_sign_on(current_app.config)
    if config is None:
        abort(404)
    target = local_target(request.args.get("next"))
    url, pending = oidc.begin(config, url_for("sign_in.sso_callback", _external=True), target)
    session[PENDING_SSO] = pending.as_dict()
    return redirect(url, code=303)


@bp.get("/sso/callback")
@public
def sso_callback() -> ResponseReturnValue:
    config = configured.single_sign_on(current_app.config)
    if config is None:
        abort(404)
    pending = oidc.PendingSignIn.from_dict(session.pop(PENDING_SSO, None) or {})
    identity = oidc.finish(config, pending, request.args.to_dict())
    user = sign_in_with(db_session(), identity, configured.role_policy(current_app.config))
    complete_sign_in(user, remember=False, how="single sign-on")
    return redirect(local_target(pending.next), code=303)


# ----------------------------------------------------------------------------- password reset


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot() -> ResponseReturnValue:
    base = configured.base_url(current_app.config)
    if request.method == "GET":
        return render_template("sign_in/forgot.html", mail=base is not None)
    if base is None:
        return render_template("sign_in/forgot.html", mail=False), 503
    policy = configured.local_passwords(current_app.config)
    password_reset.mail_reset_link(
        db_session(), request.form.get("email", "")[:254], base_url=base,
        may_use_password=lambda user: policy.allow(user) and has_local_password(user),
        lifetime=configured.reset_lifetime(current_app.config))
    return render_template("sign_in/forgot.html", mail=True, sent=True)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset(token: str) -> ResponseReturnValue:
    db = db_session()
    try:
        user = password_reset.user_for_reset(db, token)
    except InvalidInput as problem:
        return render_template("sign_in/reset.html", error=str(problem), dead=True), 400
    if request.method == "GET":
        return render_template("sign_in/reset.html", email=user.email)
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        return render_template("sign_in/reset.html", email=user.email,
                               error="The two passwords differ."), 400
    try:
        password_reset.complete_reset(db, token, new)
    except InvalidInput as problem:
        return render_template("sign_in/reset.html", email=user.email, error=str(problem)), 400
    return redirect(url_for("auth.login", reset=1), code=303)


feature = Feature(bp, nav=(
    NavItem("Two-factor", "sign_in.two_factor", Role.NEW_HIRE, account=True),
    NavItem("Sign-in policy", "sign_in.policy", Role.ADMIN),
))
