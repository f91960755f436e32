"""The customer's latest words and signer, case by case from fixtures/latest.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from search.suggestions.latest import split_message
from search.suggestions.message import clean_message

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "latest.yml").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_latest_words_and_the_signer(case: dict[str, Any]) -> None:
    parts = split_message(clean_message(case["message"]))
    assert parts.latest == clean_message(case["latest"]).strip()
    assert parts.signer == case["signer"]


def test_the_quoted_thread_is_kept_apart_for_fields() -> None:
    parts = split_message(
        clean_message("Any news?\n\nOn Tue, 18 Nov 2026 at 09:41, Lumen <a@b.example> wrote:\n> LUM-102230")
    )
    assert parts.latest == "Any news?"
    assert "LUM-102230" in parts.quoted and "LUM-102230" not in parts.own
