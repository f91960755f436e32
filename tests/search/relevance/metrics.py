"""Pure ranking metrics for the relevance set: reciprocal rank, MRR@k and recall@k.

A query has one or more acceptable targets (`page.md#anchor`); a hit list is the engine's
ranked `(path, anchor)` pairs. Ranks are 1-based; `None` means "not in the first k".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

Target = tuple[str, str]  # (page path, section anchor)


def section_rank(hits: Sequence[Target], targets: Collection[Target], k: int) -> int | None:
    """1-based rank of the first hit that is one of the targets (path AND anchor), within k."""
    for rank, hit in enumerate(hits[:k], start=1):
        if hit in targets:
            return rank
    return None


def page_rank(hits: Sequence[Target], targets: Collection[Target], k: int) -> int | None:
    """1-based rank of the first hit on a target page (any section), within k."""
    pages = {path for path, _ in targets}
    for rank, (path, _) in enumerate(hits[:k], start=1):
        if path in pages:
            return rank
    return None


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def mean_reciprocal_rank(ranks: Iterable[int | None], k: int) -> float:
    """MRR@k: mean of 1/rank, counting ranks beyond k (or missing) as 0. Empty input → 0."""
    values = [reciprocal_rank(r if r is not None and r <= k else None) for r in ranks]
    return sum(values) / len(values) if values else 0.0


def recall_at(ranks: Iterable[int | None], k: int) -> float:
    """Share of queries whose target is in the first k hits (one relevant target per query)."""
    values = [r is not None and r <= k for r in ranks]
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Outcome:
    """How one query fared: ranks within the first 10 hits, at section and at page level."""

    query: str
    lang: str
    kind: str
    section_rank: int | None
    page_rank: int | None


@dataclass(frozen=True)
class Summary:
    group: str
    queries: int
    mrr_at_10: float
    recall_at_5: float
    page_mrr_at_10: float
    page_recall_at_5: float


def summarize(group: str, outcomes: Sequence[Outcome]) -> Summary:
    sections = [o.section_rank for o in outcomes]
    pages = [o.page_rank for o in outcomes]
    return Summary(
        group=group,
        queries=len(outcomes),
        mrr_at_10=mean_reciprocal_rank(sections, 10),
        recall_at_5=recall_at(sections, 5),
        page_mrr_at_10=mean_reciprocal_rank(pages, 10),
        page_recall_at_5=recall_at(pages, 5),
    )


def summarize_by(outcomes: Sequence[Outcome], key: str) -> list[Summary]:
    """One summary per value of `lang` or `kind`, in first-seen order, then `all`."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(str(getattr(outcome, key)), []).append(outcome)
    summaries = [summarize(name, members) for name, members in groups.items()]
    return [*summaries, summarize("all", outcomes)]


def format_table(title: str, summaries: Sequence[Summary]) -> str:
    header = f"{title:<12} {'n':>4} {'MRR@10':>7} {'R@5':>6} {'pageMRR':>8} {'pageR@5':>8}"
    lines = [header, "-" * len(header)]
    for s in summaries:
        lines.append(
            f"{s.group:<12} {s.queries:>4} {s.mrr_at_10:>7.3f} {s.recall_at_5:>6.3f}"
            f" {s.page_mrr_at_10:>8.3f} {s.page_recall_at_5:>8.3f}"
        )
    return "\n".join(lines)
