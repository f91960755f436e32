"""How well suggest() answers the labelled messages, per language, on the starter knowledge base
and on the held-out one: printed (`-s`) and written to test-artifacts/suggest-relevance.txt.

The floors sit a little under the figures measured when they were set (benchmarks/README.md,
"Suggest: quality"): a change that makes suggestions worse fails here, one that makes them
better should raise them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search.suggestions.score import REPORT, figures, report, score_both

# (set, language) → (replies MRR@3, sections MRR@5) that must be reached. Lowered after main's
# search round 2 (209f0f6: heading-weighted sections…) cost suggestions (benchmarks/README.md):
# still a floor under today's figures, to be raised again when that loss is won back.
FLOORS = {
    ("starter", "all"): (0.52, 0.42),
    ("starter", "en"): (0.51, 0.49),
    ("starter", "ar"): (0.55, 0.31),  # policies in English only: reached through `based_on`
    ("starter", "id"): (0.50, 0.39),  # and the translated pages' own dictionary
    ("held-out", "all"): (0.78, 0.74),
}


@pytest.mark.slow
def test_the_message_sets_are_answered_at_least_as_well_as_the_floors(tmp_path: Path) -> None:
    starter, heldout = score_both(tmp_path)
    text = report(starter, heldout)
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text + "\n", encoding="utf-8")
    print("\n" + text)
    wrong = [f"{o.message.id}: {o.detected}" for o in [*starter, *heldout] if o.detected != o.message.lang]
    assert not wrong, wrong
    measured = {"starter": figures(starter), "held-out": figures(heldout)}
    below = [
        f"{name} {language}: replies {got.replies_mrr:.3f} (floor {replies}), "
        f"sections {got.sections_mrr:.3f} (floor {sections})"
        for (name, language), (replies, sections) in FLOORS.items()
        if (got := measured[name][language]).replies_mrr < replies
        or got.sections_mrr < sections
    ]
    assert not below, "\n".join(below)
