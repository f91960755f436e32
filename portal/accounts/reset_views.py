"""Password reset by mail: "Forgot your password?" on the sign-in page mails a link that works
once, for `PASSWORD_RESET_MINUTES`; the link's page sets the new password. Only accounts with a
local password that may still sign in with it get a link (not single-sign-on-only accounts);
the answer is the same for every address asked about. Off (503) while mail is off."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal.accounts import password_reset, sign_in_settings
from portal.accounts.access import public
from portal.accounts.sso_accounts import has_local_password
from portal.app_state import db_session
from portal.errors import InvalidInput
from portal.features import Feature
from portal.notifications import mail_settings

bp = Blueprint("reset", __name__, url_prefix="/portal")


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot() -> ResponseReturnValue:
    config = current_app.config
    mail = mail_settings.mail_is_on(config)
    if request.method == "GET":
        return render_template("sign_in/forgot.html", mail=mail)
    if not mail:
        return render_template("sign_in/forgot.html", mail=False), 503
    policy = sign_in_settings.local_passwords(config)
    password_reset.mail_reset_link(
        db_session(), request.form.get("email", "")[:254],
        base_url=mail_settings.base_url(config),
        may_use_password=lambda user: policy.allow(user) and has_local_password(user),
        lifetime=sign_in_settings.reset_lifetime(config),
        address=request.remote_addr or "")
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
                               error=gettext("The two passwords differ.")), 400
    try:
        password_reset.complete_reset(db, token, new)
    except InvalidInput as problem:
        return render_template("sign_in/reset.html", email=user.email, error=str(problem)), 400
    return redirect(url_for("auth.login", reset=1), code=303)


feature = Feature(bp)
