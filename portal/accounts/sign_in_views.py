"""Drafted, not yet registered: single sign-on and password resets by mail.

`complete_sign_in` (auth_views) opens the session, as for a password."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue

from portal.accounts import (
    oidc,
    password_reset,
    sign_in_settings,
)
from portal.accounts.access import public
from portal.accounts.auth_views import complete_sign_in
from portal.accounts.sso_accounts import NO_PASSWORD, sign_in_with
from portal.app_state import db_session
from portal.errors import InvalidInput
from portal.features import Feature
from portal.models import User
from portal.security import local_target

bp = Blueprint("sign_in", __name__, url_prefix="/portal")

PENDING_SSO = "deskbook_sso"


def has_local_password(user: User) -> bool:
    return not user.password_hash.startswith(NO_PASSWORD)


# ----------------------------------------------------------------------------- single sign-on


@bp.get("/sso/start")
@public
def sso_start() -> ResponseReturnValue:
    config = sign_in_settings.single_sign_on(current_app.config)
    if config is None:
        abort(404)
    target = local_target(request.args.get("next"))
    url, pending = oidc.begin(config, url_for("sign_in.sso_callback", _external=True), target)
    session[PENDING_SSO] = pending.as_dict()
    return redirect(url, code=303)


@bp.get("/sso/callback")
@public
def sso_callback() -> ResponseReturnValue:
    config = sign_in_settings.single_sign_on(current_app.config)
    if config is None:
        abort(404)
    pending = oidc.PendingSignIn.from_dict(session.pop(PENDING_SSO, None) or {})
    identity = oidc.finish(config, pending, request.args.to_dict())
    user = sign_in_with(db_session(), identity, sign_in_settings.role_policy(current_app.config))
    complete_sign_in(user, remember=False, how="single sign-on")
    return redirect(local_target(pending.next), code=303)


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
