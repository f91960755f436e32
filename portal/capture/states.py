"""The words people read for a submission's state (the database keeps a code, `applied`)."""

from __future__ import annotations

from content.messages import Message
from portal.i18n import N_
from portal.models.capture import SubmissionState

STATE_WORDS = {
    SubmissionState.PENDING: N_("waiting for review"),
    SubmissionState.APPLIED: N_("published"),
    SubmissionState.REJECTED: N_("rejected"),
    SubmissionState.FAILED: N_("approval failed — in the queue"),
    SubmissionState.RESOLVED: N_("resolved"),
}


def state_word(state: str) -> Message:
    """The state as people read it (marked for translation; the portal says it in theirs)."""
    return Message(STATE_WORDS.get(SubmissionState(state), state))
