"""The notifications page (the menu's full list), opening one, the preferences, and the admins'
view of mail that keeps failing."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_babel import gettext

from portal import checklists
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.app_state import db_session
from portal.errors import InvalidInput
from portal.features import Badge, Feature, MenuContext, NavItem
from portal.i18n import N_
from portal.notifications import mail_settings, notify, outbox
from portal.notifications.kinds import Delivery, Kind
from portal.notifications.preferences import parse_choices, preferences, set_preferences
from portal.security import local_target

bp = Blueprint("notifications", __name__, url_prefix="/portal")


@bp.record_once
def _check_settings(state: BlueprintSetupState) -> None:
    """A mail setting that cannot work (SMTP_URL, BASE_URL) stops the app at start."""
    mail_settings.check(state.app.config)


def mail_is_set_up() -> bool:
    return mail_settings.mail_is_on(current_app.config)


@bp.get("/notifications")
@requires(Role.NEW_HIRE)
def index() -> ResponseReturnValue:
    user = signed_in_user()
    return render_template("notifications/list.html",
                           notifications=notify.latest(db_session(), user, limit=100))


@bp.post("/notifications/<int:notification_id>/open")
@requires(Role.NEW_HIRE)
def open_one(notification_id: int) -> ResponseReturnValue:
    """Mark it read and go where it points (a path on this site only)."""
    found = notify.mark_read(db_session(), signed_in_user(), notification_id)
    target = local_target(found.link if found else None, url_for("notifications.index"))
    return redirect(target, code=303)


@bp.post("/notifications/read")
@requires(Role.NEW_HIRE)
def read_all() -> ResponseReturnValue:
    notify.mark_read(db_session(), signed_in_user())
    return redirect(local_target(request.form.get("next"), url_for("notifications.index")),
                    code=303)


def _preferences_page(status: int = 200, **extra: object) -> ResponseReturnValue:
    user = signed_in_user()
    return render_template("notifications/preferences.html",
                           chosen=preferences(db_session(), user), deliveries=list(Delivery),
                           mail_is_set_up=mail_is_set_up(), **extra), status


@bp.route("/account/notifications", methods=["GET", "POST"])
@requires(Role.NEW_HIRE)
def settings() -> ResponseReturnValue:
    if request.method == "GET":
        return _preferences_page()
    user = signed_in_user()
    try:
        choices = parse_choices(request.form.to_dict(), user)
    except InvalidInput as problem:
        return _preferences_page(400, error=str(problem))
    set_preferences(db_session(), user, choices)
    return _preferences_page(notice=gettext("Your choices are saved."))


@bp.get("/admin/mail")
@requires(Role.ADMIN)
def mail() -> ResponseReturnValue:
    session = db_session()
    return render_template("notifications/mail.html", failing=outbox.failing(session),
                           waiting=outbox.waiting(session), mail_is_set_up=mail_is_set_up())


@bp.post("/admin/mail/<int:mail_id>/retry")
@requires(Role.ADMIN)
def retry(mail_id: int) -> ResponseReturnValue:
    outbox.retry_now(db_session(), mail_id)
    return redirect(url_for("notifications.mail"), code=303)


@bp.post("/admin/mail/<int:mail_id>/discard")
@requires(Role.ADMIN)
def discard(mail_id: int) -> ResponseReturnValue:
    outbox.discard(db_session(), mail_id)
    return redirect(url_for("notifications.mail"), code=303)


def _unread(context: MenuContext) -> Badge:
    """Unread notifications. A lead's reminder is both a notification and an item on My
    onboarding (until dismissed there), whose badge counts it already: the menu's total
    counts it once."""
    unread = notify.unread_count(context.session, context.user)
    reminders = notify.unread_count(context.session, context.user, Kind.REMINDER)
    if reminders:
        reminders = min(reminders, len(checklists.reminders_for(context.session, context.user)))
    return Badge(count=unread, counted_elsewhere=reminders)


def _failing(context: MenuContext) -> Badge:
    return Badge(count=len(outbox.failing(context.session)))


feature = Feature(bp, nav=(
    NavItem(N_("Notifications"), "notifications.index", Role.NEW_HIRE, group="account",
            badge=_unread),
    NavItem(N_("Notification settings"), "notifications.settings", Role.NEW_HIRE,
            group="account"),
    NavItem(N_("Mail"), "notifications.mail", Role.ADMIN, group="admin", badge=_failing),
))
