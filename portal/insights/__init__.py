"""Usage data and what leads learn from it.

usage.py          — recording page views, searches and opened hits (never failing what the
                    person was doing), and the use of each page
page_urls.py      — a URL of the built site back to the docs page it was built from
search_report.py  — top, zero-result and never-opened searches
health.py         — the health numbers, each with its definition
views.py          — /portal/insights/search and /portal/insights/health
"""
