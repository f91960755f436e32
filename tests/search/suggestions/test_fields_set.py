"""The fields set (fields.yml): what suggest() recognises in each message, exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from search.suggestions import suggest
from tests.helpers import REPO
from tests.search.suggestions.messageset import FieldsMessage, load_fields_messages

MESSAGES = load_fields_messages()
KINDS = ("order_numbers", "emails", "phones", "dates", "amounts")


def test_the_set_covers_every_kind_and_language() -> None:
    assert len(MESSAGES) >= 10
    found = {kind for message in MESSAGES for kind in message.fields}
    assert set(KINDS) | {"customer_name"} <= found
    marketplaces = {n.get("marketplace") for m in MESSAGES for n in m.fields.get("order_numbers", [])}
    assert {"Amazon", "eBay", "Noon", None} <= marketplaces


def _expected(message: FieldsMessage) -> dict[str, Any]:
    expected: dict[str, Any] = {"customer_name": message.fields.get("customer_name")}
    for kind in KINDS:
        expected[kind] = message.fields.get(kind, [])
    for number in expected["order_numbers"]:
        number.setdefault("placeholder", "order_number")
    return expected


@pytest.mark.parametrize("message", MESSAGES, ids=[m.id for m in MESSAGES])
def test_the_fields_of_each_message(starter_index: Path, message: FieldsMessage) -> None:
    fields = suggest(starter_index, REPO / "docs", message.text).to_json()["fields"]
    assert fields == _expected(message)
