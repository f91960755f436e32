"""Personal API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from portal.accounts import tokens
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session
from portal.features import Feature, NavItem
from portal.i18n import N_

bp = Blueprint("tokens", __name__, url_prefix="/portal/tokens")


def _page(**extra: object) -> str:
    listed = tokens.list_tokens(db_session(), signed_in_user())
    return render_template("accounts/tokens.html", tokens=listed, **extra)


@bp.get("/")
@requires(Role.NEW_HIRE)
def index() -> ResponseReturnValue:
    return _page()


@bp.post("/")
@requires(Role.NEW_HIRE)
def create() -> ResponseReturnValue:
    token, secret = tokens.create_token(
        db_session(), signed_in_user(), request.form.get("name", "")
    )
    return _page(new_token=token, secret=secret), 201


@bp.post("/<int:token_id>/revoke")
@requires(Role.NEW_HIRE)
def revoke(token_id: int) -> ResponseReturnValue:
    tokens.revoke_token(db_session(), signed_in_user(), token_id)
    return redirect(url_for("tokens.index"), code=303)


feature = Feature(
    bp, nav=(NavItem(N_("API tokens"), "tokens.index", Role.NEW_HIRE, group="account"),)
)
