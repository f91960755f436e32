"""Drafted, not yet registered: password resets by mail."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue

from portal.accounts import (
    password_reset,
    sign_in_settings,
)
from portal.accounts.access import public
from portal.accounts.sso_accounts import has_local_password
from portal.app_state import db_session
from portal.errors import InvalidInput
from portal.features import Feature

bp = Blueprint("reset", __name__, url_prefix="/portal")



# ----------------------------------------------------------------------------- password reset


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot() -> ResponseReturnValue:
    base = sign_in_settings.base_url(current_app.config)
    if request.method == "GET":
        return render_template("sign_in/forgot.html", mail=base is not None)
    if base is None:
        return render_template("sign_in/forgot.html", mail=False), 503
    policy = sign_in_settings.local_passwords(current_app.config)
    password_reset.mail_reset_link(
        db_session(), request.form.get("email", "")[:254], base_url=base,
        may_use_password=lambda user: policy.allow(user) and has_local_password(user),
        lifetime=sign_in_settings.reset_lifetime(current_app.config))
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


feature = Feature(bp)
