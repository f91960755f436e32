"""What notifications and mails say, translated through the portal's catalogues.

Each message is a title and a body with `%(placeholders)s`; the values filled in are what
people typed (titles, reasons), substituted as text and escaped wherever HTML shows them. The
words come from `portal/translations` like every other text of the portal (`make messages`
gathers them); mails are written by background jobs as well as by requests, so the catalogue is
the recipient's language's, read directly (`portal.i18n.catalogues.translations`), never the
request's.
"""

from __future__ import annotations

from collections.abc import Mapping

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from portal.i18n import N_
from portal.i18n.catalogues import translations
from portal.i18n.formatting import isolated_text
from portal.models import User

# message → (title, body)
MESSAGES: dict[str, tuple[str, str]] = {
    "submission_approved": (
        N_("Your submission was approved: %(title)s"),
        N_("%(lead)s approved it. It is now part of %(page)s.")),
    "submission_edited": (
        N_("Your submission was edited and approved: %(title)s"),
        N_("%(lead)s edited it, then approved it. It is now part of %(page)s.")),
    "submission_rejected": (
        N_("Your submission was not accepted: %(title)s"),
        N_("%(lead)s gave this reason: %(reason)s")),
    "page_submission": (
        N_("New submission on your page %(page)s"),
        N_("%(author)s sent: %(title)s")),
    "page_flag": (
        N_("Your page %(page)s was flagged: %(reason)s"),
        N_("%(author)s wrote: %(comment)s")),
    "pages_due": (
        N_("%(count)s of your pages are due for review"),
        N_("These pages you own are due for review, or soon will be:")),
    "onboarding_due": (
        N_("Your onboarding: %(count)s items waiting"),
        N_("These items are due, overdue, or need a re-read:")),
    "team_onboarding": (
        N_("Your people's onboarding: %(count)s need attention"),
        N_("These people have items overdue or pages to re-read:")),
    "onboarding_assigned": (
        N_("Your onboarding: %(track)s"),
        N_("%(lead)s assigned you the track %(track)s, starting %(start)s. Your checklist "
           "shows what to read and do, day by day.")),
    "reminder": (N_("A reminder from %(lead)s"), "%(message)s"),  # the lead's own words
    "password_reset": (
        N_("Reset your Deskbook password"),
        N_("Someone (we hope you) asked to reset the password of %(email)s. The link below "
           "works once, for %(minutes)s minutes. If it was not you, ignore this mail: your "
           "password stays as it is.")),
    "digest": (
        N_("Deskbook: updates since yesterday (%(count)s)"),
        N_("What happened since yesterday:")),
}

# The words around every mail, and the notes of its items.
FRAME: dict[str, str] = {
    "greeting": N_("Hello,"),
    "open": N_("Open in Deskbook"),
    "why": N_("You get this mail because of your notification settings:"),
    "settings": N_("change them"),
    "due": N_("due %(date)s"),
    "overdue": N_("overdue since %(date)s"),
    "never_reviewed": N_("never reviewed"),
    "reread": N_("changed: read it again"),
    "team_row": N_("%(overdue)s overdue, %(rereads)s to read again"),
}


def language_of(user: User) -> str:
    """The person's language when they chose one the knowledge base has, else English."""
    chosen = getattr(user, "language", None)
    return chosen if isinstance(chosen, str) and chosen in LANGUAGES else DEFAULT_LANGUAGE


def _filled(text: str, language: str, values: Mapping[str, object]) -> str:
    translated = translations(language).gettext(text)
    return translated % {name: isolated_text(str(value)) for name, value in values.items()}


def message(key: str, language: str, values: Mapping[str, object]) -> tuple[str, str]:
    """The title and body of message `key` in `language`, with `values` filled in."""
    title, body = MESSAGES[key]
    return _filled(title, language, values), _filled(body, language, values)


def frame(language: str) -> dict[str, str]:
    """The frame's texts in `language`, holes left open (the mail's template fills none)."""
    catalogue = translations(language)
    return {key: catalogue.gettext(text) for key, text in FRAME.items()}


def word(language: str, key: str, **values: object) -> str:
    """One of the frame's short texts (an item's note), with `values` filled in."""
    return _filled(FRAME[key], language, values)
