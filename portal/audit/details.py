"""An entry's details as the log page shows them: the keys and values the portal writes, in the
reader's language; a key or value it does not know (an older version's, free text such as a
provider's refusal) as stored. The CSV export keeps the stored JSON."""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext

from portal.accounts.roles import Role
from portal.audit.actions import AuditAction
from portal.i18n import N_


def stored_details(text: str) -> dict[str, Any]:
    """The stored JSON object (text that is not one: under the key `details`)."""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {"details": text}
    return found if isinstance(found, dict) else {"details": found}


def shown_details(action: str, text: str) -> list[tuple[str, str]]:
    """Each detail as (label, value) in the reader's language; plain text, escaped where shown."""
    return [(str(gettext(_label(action, key))), _value(action, key, value))
            for key, value in stored_details(text).items()]


def _label(action: str, key: str) -> str:
    return _ACTION_LABELS.get((action, key)) or _LABELS.get(key) or key


def _value(action: str, key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_value(action, key, item) for item in value)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(gettext(N_("yes") if value else N_("no")))
    if key == "role" or (key, action) in _ROLE_KEYS:
        try:
            return str(gettext(Role(value).label))
        except ValueError:
            return str(value)
    known = _VALUES.get(key, {}).get(value) if isinstance(value, str) else None
    return str(gettext(known)) if known else str(value)


_LABELS = {
    "draft": N_("Draft"),
    "replaced_by": N_("Replaced by"),
    "to": N_("After"),
    "from": N_("Before"),
    "track": N_("Track"),
    "start": N_("Start date"),
    "note": N_("Note"),
    "found_with": N_("Found with"),
    "decision": N_("Decision"),
    "flag": N_("Flag number"),
    "submission": N_("Submission number"),
    "role": N_("Role"),
    "token": N_("Token"),
    "prefix": N_("Token prefix"),
    "with": N_("Signed in with"),
    "issuer": N_("Identity provider"),
    "by": N_("Created by"),
    "why": N_("Reason"),
}
_ACTION_LABELS = {
    (AuditAction.PAGE_RESTORED.value, "to"): N_("Restored to version"),
    (AuditAction.TRACK_REASSIGNED.value, "from"): N_("Previously assigned to"),
}
# Where `from` and `to` hold role values (a list of them for the two-factor setting).
_ROLE_KEYS = {(key, action.value) for key in ("from", "to")
              for action in (AuditAction.ROLE_CHANGED, AuditAction.SETTINGS_CHANGED)}
_SINGLE_SIGN_ON = N_("single sign-on")
_VALUES = {
    "decision": {"accepted": N_("accepted"), "rejected": N_("rejected")},
    "with": {"password": N_("password"),
             "password and app": N_("password and authenticator app"),
             "password and recovery code": N_("password and recovery code"),
             "single sign-on": _SINGLE_SIGN_ON},
    "by": {"single sign-on": _SINGLE_SIGN_ON},
    "why": {"deactivated": N_("account deactivated"),
            "wrong email or password": N_("wrong email or password"),
            "this account has been deactivated; ask an admin":
                N_("this account has been deactivated; ask an admin")},
}
