"""Living documents: pages due for review, flagged sections, stale templates and translations.

due.py          — every page's owner, interval and due date, overdue first, then by use; mark
                  a page reviewed
frontmatter.py  — change `last_reviewed` in a page's text without touching any other line
stale.py        — templates whose policy changed since their review, translations whose
                  source changed since they were updated
views.py        — /portal/living/review (pages due), /flags (the one flags page), /stale

Plain functions with explicit arguments; the views only read the request and render.
Flagged sections are listed and resolved by the capture feature's functions
(portal.capture.flags).
"""

from portal.living.due import DueRow, due_for_review, due_rows, mark_reviewed
from portal.living.frontmatter import set_last_reviewed
from portal.living.stale import (
    OutdatedTranslation,
    StaleTemplate,
    outdated_translations,
    stale_templates,
)

__all__ = [
    "DueRow",
    "OutdatedTranslation",
    "StaleTemplate",
    "due_for_review",
    "due_rows",
    "mark_reviewed",
    "outdated_translations",
    "set_last_reviewed",
    "stale_templates",
]
