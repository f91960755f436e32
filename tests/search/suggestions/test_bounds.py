"""A message at the length limit is answered, never hangs, whatever it is made of; longer
ones are refused with a message that says what to do."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from search.suggestions import MAX_MESSAGE_CHARS, MessageRejected, suggest
from tests.helpers import REPO
from tests.search.suggestions.pathological import PATHOLOGICAL

# Far above what these messages take (milliseconds each; benchmarks/run_suggest.py): only a
# regular expression that backtracks without bound would reach it.
HANG = 120


@pytest.mark.slow
def test_every_pathological_message_is_answered_in_a_process_that_finishes(
    starter_index: Path,
) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tests.search.suggestions.pathological", str(starter_index), str(REPO / "docs")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=HANG,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    answers = [json.loads(line) for line in run.stdout.splitlines()]
    assert [answer["name"] for answer in answers] == list(PATHOLOGICAL)
    assert all(len(text) == MAX_MESSAGE_CHARS for text in PATHOLOGICAL.values())
    assert all("rejected" not in answer for answer in answers), answers
    for answer in answers:  # a long thread yields a few values of a kind, never thousands
        assert all(len(values) <= 10 for values in answer["fields"].values() if isinstance(values, list))


def test_one_character_more_is_refused_with_what_to_do(starter_index: Path) -> None:
    with pytest.raises(MessageRejected) as refused:
        suggest(starter_index, REPO / "docs", "a" * (MAX_MESSAGE_CHARS + 1))
    assert "paste the customer's latest message" in str(refused.value)
