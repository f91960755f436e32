"""Score suggest() on a labelled message set: per language, MRR and recall of the replies and of
the deciding sections (a reply counts when its path is one of the acceptable ones; a section
when path AND anchor are).

    .venv/bin/python -m tests.search.suggestions.score       # both sets, printed; also what the test writes

tests/search/suggestions/test_relevance.py runs the same and writes test-artifacts/suggest-relevance.txt.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from search import build_index
from search.suggestions import Suggestion, suggest
from tests.helpers import REPO
from tests.search.relevance.metrics import mean_reciprocal_rank, page_rank, recall_at, section_rank
from tests.search.suggestions.heldout_kb import write_heldout_kb
from tests.search.suggestions.messageset import HELDOUT_FILE, LabelledMessage, load_messages

REPORT = REPO / "test-artifacts" / "suggest-relevance.txt"


@dataclass(frozen=True)
class Outcome:
    message: LabelledMessage
    detected: str
    reply_rank: int | None  # None: no acceptable reply among those suggested (or none labelled)
    section_rank: int | None
    replies: tuple[str, ...]
    sections: tuple[str, ...]


def outcome(message: LabelledMessage, suggestion: Suggestion) -> Outcome:
    replies = [(reply.path, "") for reply in suggestion.replies]
    sections = [(section.path, section.anchor) for section in suggestion.sections]
    return Outcome(
        message=message,
        detected=suggestion.lang,
        reply_rank=page_rank(replies, [(path, "") for path in message.replies], len(replies)),
        section_rank=section_rank(sections, message.sections, len(sections)),
        replies=tuple(path for path, _ in replies),
        sections=tuple(f"{path}#{anchor}" for path, anchor in sections),
    )


def run(index_dir: Path, docs_dir: Path, messages: Sequence[LabelledMessage]) -> list[Outcome]:
    return [outcome(m, suggest(index_dir, docs_dir, m.text)) for m in messages]


@dataclass(frozen=True)
class Figures:
    replies_mrr: float  # MRR@3 over the messages labelled with a reply
    sections_mrr: float  # MRR@5


def figures(outcomes: Sequence[Outcome]) -> dict[str, Figures]:
    """Per language of the messages, and "all"."""
    groups: dict[str, list[Outcome]] = {}
    for item in outcomes:
        groups.setdefault(item.message.lang, []).append(item)
    groups["all"] = list(outcomes)
    return {
        name: Figures(
            mean_reciprocal_rank([o.reply_rank for o in members if o.message.replies], 3),
            mean_reciprocal_rank([o.section_rank for o in members], 5),
        )
        for name, members in groups.items()
    }


def table(title: str, outcomes: Sequence[Outcome]) -> str:
    header = (
        f"{title:<10} {'n':>3} {'lang ok':>7}  {'replies':>7} {'MRR':>6} {'R@1':>5} {'R@3':>5}"
        f"  {'sections':>8} {'MRR':>6} {'R@1':>5} {'R@5':>5}"
    )
    lines = [header, "-" * len(header)]
    groups: dict[str, list[Outcome]] = {}
    for item in outcomes:
        groups.setdefault(item.message.lang, []).append(item)
    for name, members in [*groups.items(), ("all", list(outcomes))]:
        labelled = [o.reply_rank for o in members if o.message.replies]
        sections = [o.section_rank for o in members]
        detected = sum(o.detected == o.message.lang for o in members) / len(members)
        lines.append(
            f"{name:<10} {len(members):>3} {detected:>7.2f}  {len(labelled):>7}"
            f" {mean_reciprocal_rank(labelled, 3):>6.3f} {recall_at(labelled, 1):>5.2f}"
            f" {recall_at(labelled, 3):>5.2f}  {len(sections):>8}"
            f" {mean_reciprocal_rank(sections, 5):>6.3f} {recall_at(sections, 1):>5.2f}"
            f" {recall_at(sections, 5):>5.2f}"
        )
    return "\n".join(lines)


def misses(outcomes: Sequence[Outcome]) -> str:
    lines = []
    for item in outcomes:
        reply_missed = item.message.replies and item.reply_rank != 1
        if not reply_missed and item.section_rank == 1 and item.detected == item.message.lang:
            continue
        lines.append(
            f"[{item.message.id}] lang {item.detected} (want {item.message.lang}); "
            f"reply rank {item.reply_rank} (want {item.message.replies[0] if item.message.replies else '-'})"
            f" → {', '.join(item.replies) or 'none'}; section rank {item.section_rank}"
            f" (want {item.message.sections[0][0]}#{item.message.sections[0][1]})"
            f" → {', '.join(item.sections[:3]) or 'none'}"
        )
    return "\n".join(lines) or "(none)"


def report(starter: Sequence[Outcome], heldout: Sequence[Outcome]) -> str:
    return "\n\n".join(
        [
            "suggest() on labelled customer messages (replies: MRR@3, sections: MRR@5)",
            table("starter", starter),
            table("held-out", heldout),
            "Starter messages not answered at rank 1:",
            misses(starter),
            "Held-out messages not answered at rank 1:",
            misses(heldout),
        ]
    )


def score_both(work: Path) -> tuple[list[Outcome], list[Outcome]]:
    """Index the starter docs and the held-out knowledge base under `work`, run both sets."""
    starter_docs = REPO / "docs"
    build_index(starter_docs, work / "starter-index")
    heldout_docs = write_heldout_kb(work / "heldout-docs")
    build_index(heldout_docs, work / "heldout-index")
    return (
        run(work / "starter-index", starter_docs, load_messages()),
        run(work / "heldout-index", heldout_docs, load_messages(HELDOUT_FILE)),
    )


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(report(*score_both(Path(folder))))
