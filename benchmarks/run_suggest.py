"""How long suggest() takes on real customer messages and on hostile ones at the length limit.

    .venv/bin/python -m benchmarks.run_suggest [--rounds 5]

Indexes the starter docs into a temporary folder, then times, per message, (a) the message
analysis alone (cleaning, latest words, language, fields, the query) and (b) the whole
suggest() call (two searches, replies, sections), warm: one untimed pass first, then
`--rounds` timed passes over each set. The sets are the labelled messages
(tests/search/suggestions/messages.yml) and the messages built to make each regular
expression backtrack (tests/search/suggestions/pathological.py, 20,000 characters each). Writes
benchmarks/results/suggest-messages.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.measure import percentile, timed_ms
from content.order_numbers import load_declared_shapes
from search import build_index
from search.suggestions import suggest
from search.suggestions.fields import extract_fields
from search.suggestions.language import detect_language
from search.suggestions.latest import split_message
from search.suggestions.message import clean_message
from search.suggestions.query import key_words
from tests.search.suggestions.messageset import load_messages
from tests.search.suggestions.pathological import PATHOLOGICAL

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks" / "results" / "suggest-messages.md"


def _analyse(docs: Path) -> Callable[[str], object]:
    shapes = load_declared_shapes(docs).shapes

    def analyse(text: str) -> object:
        parts = split_message(clean_message(text))
        detect_language(parts.latest)
        extract_fields(parts.own, parts.quoted, shapes, parts.signer)
        return key_words(parts.latest, parts.signer)

    return analyse


def _times(action: Callable[[str], object], texts: Sequence[str], rounds: int) -> list[float]:
    for text in texts:
        action(text)  # warm: stemmer caches, opened index, parsed templates
    return [timed_ms(lambda text=text: action(text))[0] for _ in range(rounds) for text in texts]


def _row(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {len(values)} | {percentile(values, 50):.1f} | {percentile(values, 95):.1f}"
        f" | {max(values):.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    docs = REPO / "docs"
    labelled = [message.text for message in load_messages()]
    hostile = list(PATHOLOGICAL.values())
    with tempfile.TemporaryDirectory() as folder:
        index = Path(folder) / "index"
        build_index(docs, index)
        analyse = _analyse(docs)

        def whole(text: str) -> object:
            return suggest(index, docs, text)

        rows = [
            _row("labelled messages: analysis", _times(analyse, labelled, args.rounds)),
            _row("labelled messages: suggest()", _times(whole, labelled, args.rounds)),
            _row("20,000-character hostile: analysis", _times(analyse, hostile, args.rounds)),
            _row("20,000-character hostile: suggest()", _times(whole, hostile, args.rounds)),
        ]
    load = os.getloadavg()[0]
    text = "\n".join(
        [
            "# suggest(): time per message (starter knowledge base)",
            "",
            f"`.venv/bin/python -m benchmarks.run_suggest --rounds {args.rounds}` — "
            f"Python {platform.python_version()}, load average {load:.1f} on "
            f"{os.cpu_count()} cores.",
            "",
            "| messages: step | timed runs | p50 ms | p95 ms | max ms |",
            "|---|---:|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
