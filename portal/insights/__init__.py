"""Usage data and what leads learn from it.

usage.py          — recording page views, searches and opened hits (never failing what the
                    person was doing), and the use of each page
page_urls.py      — a URL of the built site back to the docs page it was built from
search_report.py  — top, zero-result and never-opened searches
health.py         — the headline health numbers
trends.py         — the weekly trends drawn as charts (each from its table of numbers)
views.py          — /portal/insights/search and /portal/insights/health
"""
