"""Asking for more hits appends to the ones already seen and never reorders them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search import build_index, search
from tests.helpers import deskbook, write_page

_FILLERS = (
    "Staff also use the lot by the canteen.",
    "Bikes go in the shed.",
    "Visitors sign in at reception first.",
    "Cars must show the sticker on the dashboard.",
)


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    """Two dozen site guides whose sections all mention parking, some more than others: more
    matching sections than the default number of hits can draw on."""
    for number in range(24):
        sections = []
        for part in range(3):
            mentions = " ".join(["Parking"] * (1 + (number * 7 + part * 3) % 4))
            words = " ".join(
                _FILLERS[(number + part + k) % 4] for k in range(1 + (number + part) % 3)
            )
            sections.append(f"## Part {part} of site {number}\n\n{mentions} rules: {words}\n")
        write_page(
            docs, f"sites/site-{number}.md", f"# Site {number} guide\n\n" + "\n".join(sections)
        )
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    return index_dir


def _shown(index: Path, query: str, limit: int) -> list[tuple[str, str, tuple[str, ...]]]:
    return [
        (hit.path, hit.anchor, tuple(section.anchor for section in hit.sections))
        for hit in search(index, query, limit=limit).hits
    ]


@pytest.mark.parametrize("query", ["parking", "parking rules", "parking sticker"])
def test_a_larger_limit_keeps_the_smaller_ones_hits_first(index: Path, query: str) -> None:
    shown = {limit: _shown(index, query, limit) for limit in (5, 10, 20, 30, 100)}
    assert len(shown[30]) == 24  # every guide, once
    for smaller, larger in [(5, 10), (10, 20), (10, 30), (20, 30), (30, 100)]:
        assert shown[larger][:smaller] == shown[smaller]


def test_the_command_line_lists_the_same_first_hits_when_asked_for_more(
    index: Path, docs: Path
) -> None:
    def paths(limit: int) -> list[str]:
        result = deskbook(
            "search", "--docs", str(docs), "--index", str(index), "--limit", str(limit),
            "--json", "parking rules",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        return [hit["path"] for hit in json.loads(result.stdout)]

    assert paths(30)[:10] == paths(10)
