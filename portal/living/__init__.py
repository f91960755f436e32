"""Living documents: what is due for review, flagged sections, stale templates and translations.

Plain functions with explicit arguments (session, pages, repository, store); the views in
portal/views/living.py only read the request and render. Flagged sections are listed and
resolved by the capture feature's functions (portal.capture.list_flags / resolve_flag).
"""

from portal.living.frontmatter import set_last_reviewed
from portal.living.review import ReviewRow, due_for_review, mark_reviewed, review_rows
from portal.living.stale import (
    OutdatedTranslation,
    StaleTemplate,
    outdated_translations,
    stale_templates,
)

__all__ = [
    "OutdatedTranslation",
    "ReviewRow",
    "StaleTemplate",
    "due_for_review",
    "mark_reviewed",
    "outdated_translations",
    "review_rows",
    "set_last_reviewed",
    "stale_templates",
]
