"""Single sign-on with the OpenID Connect provider the settings name (`OIDC_*`): the
authorization-code flow with PKCE (`oidc.py`), the account it signs in to (`sso_accounts.py`),
then the same session as a password sign-in (`auth_views.complete_sign_in`). Not configured:
these addresses are 404 and the sign-in page shows no button."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue

from portal.accounts import oidc, sign_in_settings
from portal.accounts.access import public
from portal.accounts.auth_views import complete_sign_in
from portal.accounts.sso_accounts import sign_in_with
from portal.app_state import db_session
from portal.features import Feature
from portal.security import local_target

bp = Blueprint("sso", __name__, url_prefix="/portal/sso")

PENDING_SSO = "deskbook_sso"


@bp.record_once
def _check_settings(state: BlueprintSetupState) -> None:
    """A role mapping naming no role stops the app at start, not a person at sign-in."""
    sign_in_settings.role_policy(state.app.config)


def _provider() -> oidc.OidcConfig:
    """The provider the settings name; 404 when single sign-on is not set up."""
    config = sign_in_settings.single_sign_on(current_app.config)
    if config is None:
        abort(404)
    return config


@bp.get("/start")
@public
def start() -> ResponseReturnValue:
    config = _provider()
    target = local_target(request.args.get("next"))
    url, pending = oidc.begin(config, url_for("sso.callback", _external=True), target)
    session[PENDING_SSO] = pending.as_dict()
    return redirect(url, code=303)


@bp.get("/callback")
@public
def callback() -> ResponseReturnValue:
    config = _provider()
    pending = oidc.PendingSignIn.from_dict(session.pop(PENDING_SSO, None) or {})
    identity = oidc.finish(config, pending, request.args.to_dict())
    user = sign_in_with(db_session(), identity, sign_in_settings.role_policy(current_app.config))
    complete_sign_in(user, remember=False, how="single sign-on")
    return redirect(local_target(pending.next), code=303)


feature = Feature(bp)
