"""The header every page shares, on the portal and on the site: the person's menu (each
feature's `NavItem`s, grouped, with what waits there), the language they chose, and what they
may do on a site page.

The portal's pages draw it (`templates/home/_header.html`, from the `shell` this module puts
in every template); a site page, built once for everyone, fetches the same header from
`GET /portal/shell?lang=` in its own language. `POST /portal/account/language` records the
language a person chooses, from the portal's menu or the site's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from portal.accounts import users
from portal.accounts.access import access_rule, current_account, requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import current_paths, db_session
from portal.errors import InvalidInput
from portal.features import Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.models import User
from portal.paths import Paths
from portal.security import local_target

bp = Blueprint("shell", __name__, url_prefix="/portal")

# The menu's groups, in order (NavItem.group).
GROUPS = {
    "work": N_("Your work"),
    "team": N_("Team"),
    "admin": N_("Administration"),
    "account": N_("Account"),
}


@dataclass(frozen=True)
class MenuEntry:
    label: str  # translated
    endpoint: str
    href: str
    current: bool
    count: int | None = None  # things waiting there
    progress: float | None = None  # a share done (0…1)


@dataclass(frozen=True)
class MenuGroup:
    label: str
    entries: tuple[MenuEntry, ...]


@dataclass(frozen=True)
class Shell:
    groups: tuple[MenuGroup, ...]
    waiting: int  # shown on the menu button: what asks for this person's attention
    role_label: str
    can_capture: bool  # suggest an edit, flag, add a question (on the site)
    can_edit: bool  # open the editor (on the site)
    site_home: str  # the site's home in the person's language


def site_home(language: str) -> str:
    """The knowledge base's first page in `language` (mkdocs-static-i18n: /ar/, /id/)."""
    return "/" if language == DEFAULT_LANGUAGE else f"/{language}/"


def may_use(user: User, endpoint: str) -> bool:
    """What the server's access rule for `endpoint` says about `user`: a control is shown
    exactly when the route behind it would let them through."""
    rule = access_rule(current_app, endpoint)
    return isinstance(rule, Role) and user.role.at_least(rule)


def build_shell(
    nav: Sequence[NavItem], context: MenuContext, current_endpoint: str | None, language: str
) -> Shell:
    from flask import url_for

    groups: list[MenuGroup] = []
    waiting = 0
    for group, label in GROUPS.items():
        entries = []
        for item in nav:
            if item.group != group or not context.user.role.at_least(item.role):
                continue
            badge = item.badge(context) if item.badge is not None else None
            if badge is not None and badge.count and badge.waiting:
                waiting += badge.count - badge.counted_elsewhere
            href = site_home(language) if item.endpoint == "site.page" else url_for(item.endpoint)
            entries.append(MenuEntry(
                gettext(item.label), item.endpoint, href, item.endpoint == current_endpoint,
                badge.count if badge is not None else None,
                badge.progress if badge is not None else None,
            ))
        if entries:
            groups.append(MenuGroup(gettext(label), tuple(entries)))
    user = context.user
    return Shell(
        groups=tuple(groups),
        waiting=waiting,
        role_label=gettext(user.role.label),
        can_capture=may_use(user, "capture.edit"),
        can_edit=may_use(user, "editor.edit"),
        site_home=site_home(language),
    )


def _context(session: Session, user: User, paths: Paths) -> MenuContext:
    return MenuContext(session, user, paths, dt.datetime.now(dt.UTC).date())


_NAV = "deskbook.nav"  # the app's menu entries, kept by init_app for the site's header


def menu_of(app: Flask) -> tuple[NavItem, ...]:
    entries: tuple[NavItem, ...] = app.extensions[_NAV]
    return entries


def init_app(app: Flask, nav: Sequence[NavItem]) -> None:
    """Every template of a signed-in person's page gets `shell`."""
    app.extensions[_NAV] = tuple(nav)
    from portal.i18n.setup import current_language

    @app.context_processor
    def _shell() -> dict[str, Any]:
        user = current_account()
        if user is None or request.path.startswith("/api/"):
            return {"shell": None}
        context = _context(db_session(), user, current_paths())
        return {"shell": build_shell(nav, context, request.endpoint, current_language())}


@bp.get("/shell")
@requires(Role.NEW_HIRE)
def header() -> ResponseReturnValue:
    """The header for a site page, in the page's language (`lang`), without the portal's own
    language menu (the site has the theme's)."""
    language = request.args.get("lang", DEFAULT_LANGUAGE)
    if language not in LANGUAGES:
        raise InvalidInput(N_("lang must be one of %(choices)s"), choices=", ".join(LANGUAGES))
    nav = menu_of(current_app)
    with force_locale(language):
        shell = build_shell(nav, _context(db_session(), signed_in_user(), current_paths()),
                            None, language)
        return render_template("home/_header.html", shell=shell, on_site=True)


@bp.post("/account/language")
@requires(Role.NEW_HIRE)
def language() -> ResponseReturnValue:
    """The language the person chose, for the portal and the site's first page."""
    chosen = request.form.get("language", "")
    users.set_language(db_session(), signed_in_user(), chosen or None)
    return redirect(local_target(request.form.get("next")), code=303)


feature = Feature(bp)
