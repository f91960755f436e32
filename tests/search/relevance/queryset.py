"""Load tests/search/relevance/queries.yml into typed queries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.schema import LANGUAGES
from tests.search.relevance.metrics import Target

QUERIES_FILE = Path(__file__).with_name("queries.yml")
KINDS = ("question", "keywords", "inflected", "typo", "diacritics", "variant")


@dataclass(frozen=True)
class RelevanceQuery:
    q: str
    lang: str
    kind: str
    targets: tuple[Target, ...]  # the expected section first, then equally good alternatives

    @property
    def expected(self) -> Target:
        return self.targets[0]


def parse_target(text: str) -> Target:
    path, _, anchor = text.partition("#")
    return path, anchor


def _query(entry: dict[str, Any]) -> RelevanceQuery:
    lang, kind = str(entry["lang"]), str(entry.get("kind", "keywords"))
    if lang not in LANGUAGES or kind not in KINDS:
        raise ValueError(f"bad lang/kind in relevance query {entry!r}")
    also = entry.get("also") or []
    targets = tuple(parse_target(str(t)) for t in [entry["expect"], *also])
    return RelevanceQuery(q=str(entry["q"]), lang=lang, kind=kind, targets=targets)


def load_queries(path: Path = QUERIES_FILE) -> list[RelevanceQuery]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [_query(entry) for entry in data["queries"]]
