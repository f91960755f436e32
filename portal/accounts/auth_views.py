"""Sign in, sign out, change password."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import login_user, logout_user

from portal.accounts import sign_in, users
from portal.accounts.access import current_account, public, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session
from portal.errors import InvalidInput, NotAllowed
from portal.features import Feature, NavItem
from portal.i18n import N_
from portal.security import local_target

bp = Blueprint("auth", __name__, url_prefix="/portal")


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
        notice = gettext("You have signed out.") if request.args.get("signed_out") else None
        return render_template("accounts/login.html", next=target, notice=notice)
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
        page = render_template("accounts/login.html", next=target, error=str(refused), email=email)
        return page, status
    session.clear()  # a new session on sign-in (no fixation); also a new CSRF secret
    login_user(user, remember=request.form.get("remember") == "on")
    session.permanent = True
    return redirect(target)


@bp.post("/logout")
@requires(Role.NEW_HIRE)
def logout() -> ResponseReturnValue:
    users.end_sessions(db_session(), signed_in_user())  # replayed cookies are refused
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
