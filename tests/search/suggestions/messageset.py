"""Load the message sets (messages.yml, heldout.yml, fields.yml) into typed messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.schema import LANGUAGES
from tests.search.relevance.metrics import Target
from tests.search.relevance.queryset import parse_target

HERE = Path(__file__).parent
MESSAGES_FILE = HERE / "messages.yml"
HELDOUT_FILE = HERE / "heldout.yml"
FIELDS_FILE = HERE / "fields.yml"
CHANNELS = ("email", "chat", "amazon", "ebay", "noon", "survey")


@dataclass(frozen=True)
class LabelledMessage:
    id: str
    lang: str
    channel: str
    text: str
    replies: tuple[str, ...]  # acceptable canned replies, likelier first; () when none fits
    sections: tuple[Target, ...]  # acceptable deciding sections, likelier first


@dataclass(frozen=True)
class FieldsMessage:
    id: str
    text: str
    fields: dict[str, Any]


def _labelled(entry: dict[str, Any]) -> LabelledMessage:
    message = LabelledMessage(
        id=str(entry["id"]),
        lang=str(entry["lang"]),
        channel=str(entry["channel"]),
        text=str(entry["text"]),
        replies=tuple(str(path) for path in entry["replies"]),
        sections=tuple(parse_target(str(target)) for target in entry["sections"]),
    )
    if message.lang not in LANGUAGES or message.channel not in CHANNELS or not message.sections:
        raise ValueError(f"bad lang, channel or sections in message {message.id!r}")
    return message


def load_messages(path: Path = MESSAGES_FILE) -> list[LabelledMessage]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [_labelled(entry) for entry in data["messages"]]


def load_fields_messages(path: Path = FIELDS_FILE) -> list[FieldsMessage]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        FieldsMessage(str(entry["id"]), str(entry["text"]), dict(entry["fields"]))
        for entry in data["messages"]
    ]
