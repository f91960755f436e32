"""How well suggest() answers the labelled messages, per language, on the starter knowledge base
and on the held-out one: printed (`-s`) and written to test-artifacts/suggest-relevance.txt.

No quality floor yet: the figures are the baseline the search ranking work improves on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.suggest.score import REPORT, report, score_both


@pytest.mark.slow
def test_the_message_sets_are_scored_and_every_language_detected(tmp_path: Path) -> None:
    starter, heldout = score_both(tmp_path)
    text = report(starter, heldout)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    wrong = [f"{o.message.id}: {o.detected}" for o in [*starter, *heldout] if o.detected != o.message.lang]
    assert not wrong, wrong
