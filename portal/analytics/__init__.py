"""Usage data (page views, searches, opened hits) and what leads learn from it.

Recording is cheap and never breaks what the person was doing: the `try_…` helpers log a
database failure instead of raising it. The reports are plain functions over a session.
"""

from portal.analytics.pages import docs_path_for_url
from portal.analytics.record import (
    normalise_query,
    record_open,
    record_page_view,
    record_search,
    try_record_open,
    try_record_page_view,
    try_record_search,
    usage_by_page,
)

__all__ = [
    "docs_path_for_url",
    "normalise_query",
    "record_open",
    "record_page_view",
    "record_search",
    "try_record_open",
    "try_record_page_view",
    "try_record_search",
    "usage_by_page",
]
