"""The admin pages: people, roles, deactivation, one-time passwords."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from portal.accounts import two_factor, users
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import ROLE_NAMES, Role
from portal.app_state import db_session
from portal.errors import Conflict, InvalidInput, status_for
from portal.features import Feature, NavItem
from portal.i18n import N_

bp = Blueprint("admin", __name__, url_prefix="/portal/admin")


def _role(value: str | None) -> Role:
    try:
        return Role.parse(value or "")
    except ValueError as error:
        raise InvalidInput(N_("unknown role “%(role)s”; choose one of %(choices)s"),
                           role=value or "", choices=", ".join(ROLE_NAMES)) from error


def _users_page(**extra: object) -> str:
    return render_template(
        "accounts/users.html",
        users=users.list_users(db_session()),
        two_factor_on=two_factor.enrolled_ids(db_session()),
        roles=list(Role),
        me=signed_in_user(),
        **extra,
    )


@bp.get("/users", endpoint="users")
@requires(Role.ADMIN)
def people() -> ResponseReturnValue:
    return _users_page()


@bp.post("/users")
@requires(Role.ADMIN)
def add() -> ResponseReturnValue:
    """A refusal (an email taken or malformed, an unknown role) is shown on the form itself,
    with what was typed kept."""
    email, role = request.form.get("email", ""), request.form.get("role")
    try:
        created = users.add_user(db_session(), email, _role(role), actor=signed_in_user())
    except (Conflict, InvalidInput) as refused:
        page = _users_page(form_error=str(refused), form_email=email, form_role=role)
        return page, status_for(refused) or 400
    return _users_page(one_time=(created.user.email, created.password)), 201


@bp.post("/users/<int:user_id>/role")
@requires(Role.ADMIN)
def set_role(user_id: int) -> ResponseReturnValue:
    session = db_session()
    target = users.get_user(session, user_id)
    users.set_role(session, target, _role(request.form.get("role")), actor=signed_in_user())
    return redirect(url_for("admin.users"), code=303)


@bp.get("/users/<int:user_id>/deactivate/confirm")
@requires(Role.ADMIN)
def confirm_deactivate(user_id: int) -> ResponseReturnValue:
    """What deactivating someone does, and the confirmation it needs."""
    return render_template("accounts/deactivate.html",
                           user=users.get_user(db_session(), user_id))


@bp.post("/users/<int:user_id>/deactivate")
@requires(Role.ADMIN)
def deactivate(user_id: int) -> ResponseReturnValue:
    session = db_session()
    target = users.get_user(session, user_id)
    if request.form.get("confirm") != "1":
        raise InvalidInput(N_("confirm that %(email)s is deactivated"), email=target.email)
    users.deactivate_user(session, target, actor=signed_in_user())
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/activate")
@requires(Role.ADMIN)
def activate(user_id: int) -> ResponseReturnValue:
    session = db_session()
    users.activate_user(session, users.get_user(session, user_id), actor=signed_in_user())
    return redirect(url_for("admin.users"), code=303)


@bp.post("/users/<int:user_id>/password")
@requires(Role.ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    session = db_session()
    target = users.get_user(session, user_id)
    password = users.reset_password(session, target, actor=signed_in_user())
    return _users_page(one_time=(target.email, password))


feature = Feature(bp, nav=(NavItem(N_("People"), "admin.users", Role.ADMIN, group="admin"),))
