"""Who may call what: deny by default.

Every endpoint is marked `@public` or `@requires(Role.X)`; `create_app` refuses to start when
one is not, and the guard below refuses any request to an unmarked endpoint. The guard also
authenticates `/api/...` requests by `Authorization: Bearer <token>` and checks the CSRF token
of every state-changing request made with a session cookie.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Flask, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect

from portal.accounts import tokens, users
from portal.accounts.roles import Role
from portal.app_state import db_session
from portal.errors import error_response
from portal.models import User
from portal.security import local_target

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
ACCESS_ATTRIBUTE = "deskbook_access"
PUBLIC_ENDPOINTS = {"static"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# What a person signed in with a one-time password may reach before choosing their own.
FIRST_SIGN_IN_ENDPOINTS = {"auth.password", "auth.logout", "shell.language"}

login_manager = LoginManager()
csrf = CSRFProtect()


def public(view: F) -> F:
    """Anyone, signed in or not, may call this view."""
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def requires(role: Role) -> Callable[[F], F]:
    """Only people with at least `role` may call this view (others: login, or 403)."""

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTRIBUTE, role)
        return view

    return mark


def access_rule(app: Flask, endpoint: str) -> Role | str | None:
    if endpoint in PUBLIC_ENDPOINTS:
        return PUBLIC
    view = app.view_functions.get(endpoint)
    rule = getattr(view, ACCESS_ATTRIBUTE, None)
    return cast(Role | str | None, rule)


def check_every_route_has_a_rule(app: Flask) -> None:
    rules = app.url_map.iter_rules()
    missing = sorted(rule.endpoint for rule in rules if access_rule(app, rule.endpoint) is None)
    if missing:
        raise RuntimeError(
            "routes without an access rule (mark them @public or @requires(Role.X)): "
            + ", ".join(missing)
        )


def current_account() -> User | None:
    """The signed-in user (by session, remember cookie or API token), or None."""
    user = current_user._get_current_object() if current_user else None
    return user if isinstance(user, User) else None


def signed_in_user() -> User:
    """For views behind @requires: the guard has made sure there is one."""
    user = current_account()
    if user is None:
        raise RuntimeError("signed_in_user() in a view not guarded by @requires")
    return user


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    csrf.init_app(app)
    login_manager.session_protection = "basic"

    def _load(identity: str) -> User | None:
        return users.user_for_session(db_session(), identity)

    def _from_token(_request: Any) -> User | None:
        if not request.path.startswith("/api/"):
            return None  # tokens open the API only, never the pages
        secret = _bearer_token()
        if secret is None:
            return None
        user = tokens.user_for_token(db_session(), secret)
        if user is not None:
            g.token_auth = True
        return user

    login_manager.user_loader(_load)
    login_manager.request_loader(_from_token)

    @app.before_request
    def _guard() -> ResponseReturnValue | None:
        endpoint = request.endpoint
        if endpoint is None:
            return None  # no such route: the 404/405 handlers answer
        rule = access_rule(app, endpoint)
        if rule is None:
            app.logger.error("refused %s: endpoint %s has no access rule", request.path, endpoint)
            return error_response(403)
        user = current_account()
        if rule != PUBLIC:
            if user is None:
                return _sign_in_first()
            assert isinstance(rule, Role)
            if not user.role.at_least(rule):
                return error_response(403, gettext("This needs the %(role)s role or above.",
                                                   role=gettext(rule.label).lower()))
            if user.must_change_password and endpoint not in FIRST_SIGN_IN_ENDPOINTS:
                return _choose_password_first()
        if request.method in UNSAFE_METHODS and not g.get("token_auth", False):
            csrf.protect()  # raises CSRFError (400) when the token is missing or foreign
        return None


def _choose_password_first() -> ResponseReturnValue:
    """Signed in with a one-time password: nothing else until a password of their own."""
    if request.path.startswith("/api/"):
        return error_response(403, "Choose your own password in the portal first.")
    return redirect(url_for("auth.password"))


def _sign_in_first() -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        message = (
            "This API needs a valid personal token (Authorization: Bearer …) "
            "or a signed-in session."
        )
        return error_response(401, message, {"WWW-Authenticate": 'Bearer realm="deskbook"'})
    target = request.full_path if request.query_string else request.path
    return redirect(url_for("auth.login", next=local_target(target)))
