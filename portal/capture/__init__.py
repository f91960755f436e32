"""Knowledge capture: agents send knowledge back (submissions), leads review them.

submit.py        — FAQ entries, section edits, flags, answers to unanswered searches; "mine"
validate.py      — sizes, front matter, open blocks and link schemes
compose.py       — how a submission becomes the page's new text
queue.py         — the review queue and each change as approving would write it
decide.py        — approve / edit-then-approve (through docstore.publish) / reject
flags.py         — flagged sections, grouped, resolved with a note
states.py        — a submission's state in words
views.py         — /portal/capture/… (the forms and "my submissions")
review_views.py  — /portal/review/… (the queue, a submission's review, the decisions)

Plain functions with explicit arguments; the views only read the request and render.
"""

from portal.capture.decide import approve, reconcile, reject
from portal.capture.flags import FlagGroup, list_flags, open_flag_count, resolve_flag
from portal.capture.queue import (
    QueueItem,
    ReviewView,
    broken_by_build,
    get_for_review,
    queue,
    review_view,
    waiting_count,
)
from portal.capture.submit import (
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
    "review_view",
    "section_draft",
    "submit_answer",
    "submit_edit",
    "submit_faq",
    "submit_flag",
    "waiting_count",
]
