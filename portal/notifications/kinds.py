"""The kinds of notification, and the three ways a person can have each delivered."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal.accounts.roles import Role
from portal.i18n import N_


class Delivery(enum.StrEnum):
    EMAIL = "email"  # a mail at once (and the portal's menu)
    DIGEST = "digest"  # one mail a day with everything of the kinds so chosen
    PORTAL = "portal"  # the portal's menu only


class Kind(enum.StrEnum):
    SUBMISSION_DECIDED = "submission_decided"
    PAGE_ACTIVITY = "page_activity"
    PAGES_DUE = "pages_due"
    ONBOARDING_DUE = "onboarding_due"
    TEAM_ONBOARDING = "team_onboarding"
    REMINDER = "reminder"

    @property
    def about(self) -> KindInfo:
        return KINDS[self]


@dataclass(frozen=True)
class KindInfo:
    label: str  # on the preferences page (English, marked with N_, shown translated)
    help: str
    default: Delivery
    role: Role  # offered to this role and above


KINDS = {
    Kind.SUBMISSION_DECIDED: KindInfo(
        N_("Your submissions"), N_("approved, edited or rejected (with the reason)"),
        Delivery.EMAIL, Role.NEW_HIRE),
    Kind.PAGE_ACTIVITY: KindInfo(
        N_("Pages you own"), N_("a new submission or flag on a page you own"),
        Delivery.DIGEST, Role.AGENT),
    Kind.PAGES_DUE: KindInfo(
        N_("Pages due for review"), N_("your pages falling due, once a week"),
        Delivery.EMAIL, Role.AGENT),
    Kind.ONBOARDING_DUE: KindInfo(
        N_("Your onboarding"),
        N_("a track a lead gives you, items due or overdue, pages to re-read"),
        Delivery.EMAIL, Role.NEW_HIRE),
    Kind.TEAM_ONBOARDING: KindInfo(
        N_("Your people's onboarding"),
        N_("who has items overdue or re-reads waiting, once a day"),
        Delivery.DIGEST, Role.LEAD),
    Kind.REMINDER: KindInfo(
        N_("Reminders from your lead"), N_("a nudge a lead sends you"),
        Delivery.EMAIL, Role.NEW_HIRE),
}


def kinds_for(role: Role) -> list[Kind]:
    return [kind for kind in Kind if role.at_least(kind.about.role)]
