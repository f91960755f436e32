"""Text kept in the database that each reader sees in their own language: a `Message` is kept
as JSON of its English and its values (messages among them alike), and translated when shown.
Text kept before, or kept as it is, shows as it is."""

from __future__ import annotations

import json
from typing import Any

from content.messages import Message
from portal.i18n.messages import translated

_MARK = '{"message": '  # how kept messages start; no English sentence does


def to_store(text: str) -> str:
    """What to keep for `text`: a `Message` as JSON, other text as it is."""
    if not isinstance(text, Message):
        return text
    return json.dumps(_plain(text), ensure_ascii=False)


def shown(kept: str) -> str:
    """Kept text in the language of the request being answered."""
    if not kept.startswith(_MARK):
        return kept
    try:
        message = _message(json.loads(kept))
    except (ValueError, KeyError, TypeError):
        return kept
    return translated(message)


def _plain(value: object) -> Any:
    if isinstance(value, Message):
        return {"message": value.text,
                "params": {name: _plain(item) for name, item in value.params.items()}}
    return value if isinstance(value, str | int | float) else str(value)


def _message(data: Any) -> Message:
    text, params = data["message"], data["params"]
    if not isinstance(text, str) or not isinstance(params, dict):
        raise TypeError("not a kept message")
    return Message(text, **{name: _message(item) if isinstance(item, dict) else item
                            for name, item in params.items()})
