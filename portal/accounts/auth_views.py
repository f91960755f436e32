"""Sign in (the password, then the code when two-factor sign-in is on), sign out, change
password.

`complete_sign_in` is the one place a session is opened, whichever way the person proved who
they are; `after_password` decides whether a correct password still needs the second step.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import login_user, logout_user

from portal.accounts import sign_in, sign_in_settings, two_factor, users
from portal.accounts.access import current_account, public, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session
from portal.audit import AuditAction, record
from portal.errors import InvalidInput, NotAllowed
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.models import User
from portal.security import local_target

bp = Blueprint("auth", __name__, url_prefix="/portal")

PENDING_CODE = "deskbook_second_step"
SECOND_STEP_SECONDS = 300


def _limits() -> sign_in.LoginLimits:
    from datetime import timedelta

    config = current_app.config
    return sign_in.LoginLimits(
        window=timedelta(seconds=int(config["LOGIN_WINDOW_SECONDS"])),
        per_account=int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
        per_address=int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    )


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    target = local_target(request.values.get("next"))
    if request.method == "GET":
        if current_account() is not None:
            return redirect(target)
        notice = (gettext("You have signed out.") if request.args.get("signed_out") else
                  gettext("That took too long; sign in again.") if request.args.get("expired")
                  else None)
        return _login_page(target, notice=notice)
    email = request.form.get("email", "")
    try:
        user = sign_in.authenticate(
            db_session(),
            email,
            request.form.get("password", ""),
            request.remote_addr or "unknown",
            limits=_limits(),
        )
    except (InvalidInput, NotAllowed) as refused:
        status = 403 if isinstance(refused, NotAllowed) else 401
        return _login_page(target, error=str(refused), email=email), status
    if not sign_in_settings.local_passwords(current_app.config).allow(user):
        refusal = "sign in with single sign-on; passwords are only for the break-glass admin"
        return _login_page(target, error=refusal, email=email), 403
    return after_password(user, remember=request.form.get("remember") == "on", target=target)


def _login_page(target: str, **shown: str | None) -> str:
    config = current_app.config
    return render_template(
        "accounts/login.html", next=target,
        sso=sign_in_settings.single_sign_on(config) is not None,
        passwords=sign_in_settings.local_passwords(config).on, **shown)


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
        return redirect(url_for("auth.code"), code=303)
    complete_sign_in(user, remember=remember, how="password")
    return redirect(target)


def _pending_user() -> tuple[User, dict[str, Any]] | None:
    pending = session.get(PENDING_CODE)
    if not isinstance(pending, dict) or \
            time.time() - float(pending.get("at", 0)) > SECOND_STEP_SECONDS:
        return None
    user = users.user_for_session(db_session(), str(pending.get("user", "")))
    return (user, pending) if user is not None else None


@bp.route("/login/code", methods=["GET", "POST"])
@public
def code() -> ResponseReturnValue:
    """The second step: the authenticator app's code or a recovery code."""
    found = _pending_user()
    if found is None:
        session.pop(PENDING_CODE, None)
        return redirect(url_for("auth.login", expired=1), code=303)
    user, pending = found
    if request.method == "GET":
        return render_template("accounts/code.html")
    try:
        how = two_factor.verify(db_session(), user, request.form.get("code", "")[:64],
                                limits=_limits())
    except InvalidInput as wrong:
        return render_template("accounts/code.html", error=str(wrong)), 401
    complete_sign_in(user, remember=bool(pending.get("remember")), how=f"password and {how}")
    return redirect(local_target(str(pending.get("next", ""))), code=303)


@bp.post("/logout")
@requires(Role.NEW_HIRE)
def logout() -> ResponseReturnValue:
    user = signed_in_user()
    users.end_sessions(db_session(), user)  # replayed cookies are refused
    record(db_session(), user, AuditAction.SIGN_OUT, target=user.email)
    session.clear()
    logout_user()  # after clear(): it marks the remember cookie for deletion
    return redirect(url_for("auth.login", signed_out=1))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def password() -> ResponseReturnValue:
    """Change one's password; right after a sign-in with a one-time password, choose one."""
    user = signed_in_user()
    forced = user.must_change_password
    if request.method == "GET":
        return render_template("accounts/password.html", forced=forced)
    new = request.form.get("new_password", "")
    if new != request.form.get("confirm_password", ""):
        error = gettext("The new passwords differ.")
        return render_template("accounts/password.html", forced=forced, error=error), 400
    try:
        if forced:
            users.choose_password(db_session(), user, new)
        else:
            users.change_password(
                db_session(), user, request.form.get("current_password", ""), new
            )
    except InvalidInput as problem:
        return render_template("accounts/password.html", forced=forced, error=str(problem)), 400
    login_user(user)  # other sessions ended; this one continues with the new version
    if forced:
        return redirect(url_for("home.index"), code=303)
    notice = gettext("Your password has been changed.")
    return render_template("accounts/password.html", notice=notice)


feature = Feature(
    bp, nav=(NavItem(N_("Password"), "auth.password", Role.NEW_HIRE, group="account"),)
)
