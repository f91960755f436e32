"""Knowledge capture: agents send knowledge back, leads review and apply it (plain functions).

submit.py   — FAQ entries, section edits, flags, answers to unanswered searches; "mine"
review.py   — the queue, diffs and conflicts, approve / edit-then-approve / reject, flags
compose.py  — how a submission becomes the page's new text
validate.py — sizes, front matter, open blocks and link schemes
"""

from portal.capture.review import (
    FlagGroup,
    QueueItem,
    ReviewView,
    approve,
    broken_by_build,
    get_for_review,
    list_flags,
    open_flag_count,
    queue,
    reconcile,
    reject,
    resolve_flag,
    resolve_flags,
    review_view,
    waiting_count,
)
from portal.capture.submit import (
    SectionChanged,
    faq_pages,
    get_mine,
    list_mine,
    open_count_of,
    section_draft,
    submit_answer,
    submit_edit,
    submit_faq,
    submit_flag,
)
from portal.capture.validate import SubmissionRejected, SubmissionTooLarge

__all__ = [
    "FlagGroup",
    "QueueItem",
    "ReviewView",
    "SectionChanged",
    "SubmissionRejected",
    "SubmissionTooLarge",
    "approve",
    "broken_by_build",
    "faq_pages",
    "get_for_review",
    "get_mine",
    "list_flags",
    "list_mine",
    "open_count_of",
    "open_flag_count",
    "queue",
    "reconcile",
    "reject",
    "resolve_flag",
    "resolve_flags",
    "review_view",
    "section_draft",
    "submit_answer",
    "submit_edit",
    "submit_faq",
    "submit_flag",
    "waiting_count",
]
