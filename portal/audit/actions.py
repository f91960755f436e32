"""What the audit log records: one value per action, with the label admins read (English,
marked for translation: the log page shows it in the reader's language, the CSV export as it
is here)."""

from __future__ import annotations

import enum

from portal.i18n import N_


class AuditAction(enum.StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_THROTTLED = "sign_in_throttled"
    SIGN_OUT = "sign_out"
    SSO_SIGN_IN = "sso_sign_in"
    SSO_REFUSED = "sso_refused"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET_REQUESTED = "password_reset_requested"
    PASSWORD_RESET = "password_reset"
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    TWO_FACTOR_FAILED = "two_factor_failed"
    RECOVERY_CODES_CREATED = "recovery_codes_created"
    RECOVERY_CODE_USED = "recovery_code_used"
    ACCOUNT_CREATED = "account_created"
    ROLE_CHANGED = "role_changed"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_ACTIVATED = "account_activated"
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    SUBMISSION_APPROVED = "submission_approved"
    SUBMISSION_REJECTED = "submission_rejected"
    FLAG_RESOLVED = "flag_resolved"
    PAGE_CREATED = "page_created"
    PAGE_EDITED = "page_edited"
    PAGE_RESTORED = "page_restored"
    PAGE_REVIEWED = "page_reviewed"
    PAGE_PUBLISHED = "page_published"
    PAGE_ARCHIVED = "page_archived"
    WORK_IN_PROGRESS_SAVED = "work_in_progress_saved"
    WORK_IN_PROGRESS_PUBLISHED = "work_in_progress_published"
    WORK_IN_PROGRESS_DISCARDED = "work_in_progress_discarded"
    SYNONYMS_CHANGED = "synonyms_changed"
    SYNONYM_PROPOSAL_DECIDED = "synonym_proposal_decided"
    TRACK_ASSIGNED = "track_assigned"
    TRACK_RESCHEDULED = "track_rescheduled"
    TRACK_REASSIGNED = "track_reassigned"
    TRACK_UNASSIGNED = "track_unassigned"
    REMINDER_SENT = "reminder_sent"
    SETTINGS_CHANGED = "settings_changed"

    @property
    def label(self) -> str:
        return _LABELS[self]


def label_of(action: str) -> str:
    """The label of a stored action (one this version no longer knows: as stored)."""
    try:
        return AuditAction(action).label
    except ValueError:
        return action


_LABELS = {
    AuditAction.SIGN_IN: N_("Signed in"),
    AuditAction.SIGN_IN_FAILED: N_("Sign-in failed"),
    AuditAction.SIGN_IN_THROTTLED: N_("Sign-in refused: too many failures"),
    AuditAction.SIGN_OUT: N_("Signed out"),
    AuditAction.SSO_SIGN_IN: N_("Signed in with single sign-on"),
    AuditAction.SSO_REFUSED: N_("Single sign-on refused"),
    AuditAction.PASSWORD_CHANGED: N_("Password changed"),
    AuditAction.PASSWORD_RESET_REQUESTED: N_("Password reset requested"),
    AuditAction.PASSWORD_RESET: N_("Password reset"),
    AuditAction.TWO_FACTOR_ENABLED: N_("Two-factor sign-in turned on"),
    AuditAction.TWO_FACTOR_DISABLED: N_("Two-factor sign-in turned off"),
    AuditAction.TWO_FACTOR_FAILED: N_("Two-factor code refused"),
    AuditAction.RECOVERY_CODES_CREATED: N_("Recovery codes created"),
    AuditAction.RECOVERY_CODE_USED: N_("Recovery code used"),
    AuditAction.ACCOUNT_CREATED: N_("Account created"),
    AuditAction.ROLE_CHANGED: N_("Role changed"),
    AuditAction.ACCOUNT_DEACTIVATED: N_("Account deactivated"),
    AuditAction.ACCOUNT_ACTIVATED: N_("Account activated"),
    AuditAction.TOKEN_CREATED: N_("API token created"),
    AuditAction.TOKEN_REVOKED: N_("API token revoked"),
    AuditAction.SUBMISSION_APPROVED: N_("Submission approved"),
    AuditAction.SUBMISSION_REJECTED: N_("Submission rejected"),
    AuditAction.FLAG_RESOLVED: N_("Flag resolved"),
    AuditAction.PAGE_CREATED: N_("Page created"),
    AuditAction.PAGE_EDITED: N_("Page edited"),
    AuditAction.PAGE_RESTORED: N_("Page restored to an earlier version"),
    AuditAction.PAGE_REVIEWED: N_("Page marked reviewed"),
    AuditAction.PAGE_PUBLISHED: N_("Draft page published"),
    AuditAction.PAGE_ARCHIVED: N_("Page archived"),
    AuditAction.WORK_IN_PROGRESS_SAVED: N_("Work in progress saved"),
    AuditAction.WORK_IN_PROGRESS_PUBLISHED: N_("Work in progress published"),
    AuditAction.WORK_IN_PROGRESS_DISCARDED: N_("Work in progress discarded"),
    AuditAction.SYNONYMS_CHANGED: N_("Synonyms changed"),
    AuditAction.SYNONYM_PROPOSAL_DECIDED: N_("Synonym proposal decided"),
    AuditAction.TRACK_ASSIGNED: N_("Onboarding track assigned"),
    AuditAction.TRACK_RESCHEDULED: N_("Onboarding track rescheduled"),
    AuditAction.TRACK_REASSIGNED: N_("Onboarding track given to someone else"),
    AuditAction.TRACK_UNASSIGNED: N_("Onboarding track taken away"),
    AuditAction.REMINDER_SENT: N_("Onboarding reminder sent"),
    AuditAction.SETTINGS_CHANGED: N_("Settings changed"),
}
