"""Language detection on short and mixed messages (fixtures/language.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from search.suggestions.language import detect_language

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "language.yml").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["text"] or "(empty)" for case in CASES])
def test_the_language_a_customer_wrote_in(case: dict[str, Any]) -> None:
    assert detect_language(case["text"]) == case["lang"]
