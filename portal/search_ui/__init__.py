"""Search in the portal: the search page and API, recording what was shown, the synonyms.

answer.py              — what a search answers (`GET /api/search`'s declared shape)
recording.py           — the signed note with which a shown search is recorded, not rerun
views.py               — /portal/search (page, results, record, open) and /api/search
synonyms.py            — the synonyms file for leads: read, preview, save through the docstore
synonym_views.py       — /portal/synonyms/
synonym_proposals.py   — synonym proposals learned from searches, accepted or rejected
proposal_views.py      — /portal/insights/synonyms/
"""
