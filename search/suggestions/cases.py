"""The customer's intent, as the knowledge base's own cases.

A team's canned replies are the cases it knows: each says what happened and what the customer
wants ("When to use", title, summary, tags) and what we do about it, and its `based_on` names
the sections that decide it. A message's intent is the case it fits best, found two ways that
agree when it is right:

- the reply pages themselves, searched with the message's words — in its language (a
  translated reply in the customer's words) and, for Arabic and Indonesian, with the English
  query (a reply nobody translated yet);
- the sections the message finds, each voting for the replies that rely on it: a message
  that finds the lost-parcels policy is about the reply based on it, even when it shares no
  words with that reply.

The two are merged by reciprocal rank, so no score has to be compared across searches.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from content.urls import source_path
from search.model import Hit

FUSION_K = 10  # reciprocal-rank fusion: 1 / (k + rank)
# A section's vote for the replies relying on it, against a reply's own rank in a search: the
# reply pages' own words count for a little more (1.0 and 0.5 each cost the starter set).
VOTE_WEIGHT = 0.7
VOTING_SECTIONS = 10  # the best sections found vote; further down they are mostly noise


def rank_cases(
    reply_searches: Sequence[Sequence[Hit]],
    sections: Sequence[tuple[str, str]],
    relied_on_by: Mapping[tuple[str, str], Sequence[str]],
) -> list[str]:
    """Source paths of the canned replies, best first.

    `reply_searches`: each search's template hits; `sections`: the sections found, best
    first; `relied_on_by`: section → the replies whose `based_on` names it.
    """
    scores: dict[str, float] = {}
    for hits in reply_searches:
        best: dict[str, float] = {}
        for rank, source in enumerate(dict.fromkeys(source_path(h.path) for h in hits), 1):
            best[source] = 1 / (FUSION_K + rank)
        for source, score in best.items():
            scores[source] = max(scores.get(source, 0.0), score)
    for rank, section in enumerate(sections[:VOTING_SECTIONS], start=1):
        for source in relied_on_by.get(section, ()):
            scores[source] = scores.get(source, 0.0) + VOTE_WEIGHT / (FUSION_K + rank)
    return sorted(scores, key=lambda source: -scores[source])
