"""The signed note with which the search box records a search it has already shown
(`POST /portal/search/record`), instead of running it again; recording itself is
portal.insights.usage."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.errors import InvalidInput
from portal.i18n import N_
from portal.search_ui.answer import SearchAnswer

RECORD_WITHIN_SECONDS = 3600  # a search shown longer ago than this is no longer recorded


@dataclass(frozen=True)
class ShownSearch:
    """A search as it was shown to one person: what gets recorded for analytics."""

    q: str
    lang: str | None
    total: int


def _signer(secret: str | bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="deskbook.search-shown")


def shown_token(secret: str | bytes, user_id: int, answer: SearchAnswer, lang: str | None) -> str:
    """A note of the answer shown to this person, signed so nobody can make one up."""
    return _signer(secret).dumps({"u": user_id, "q": answer.q, "lang": lang, "total": answer.total})


def shown_search(secret: str | bytes, token: str, user_id: int) -> ShownSearch:
    """The search a note from `shown_token` describes; InvalidInput when it is not this
    person's, altered or over an hour old."""
    try:
        data = _signer(secret).loads(token, max_age=RECORD_WITHIN_SECONDS)
    except BadSignature as error:
        raise InvalidInput(N_("that search cannot be recorded; search again")) from error
    if not isinstance(data, dict) or data.get("u") != user_id:
        raise InvalidInput(N_("that search cannot be recorded; search again"))
    return ShownSearch(str(data["q"]), data.get("lang"), int(data["total"]))
