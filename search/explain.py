"""Why a hit ranked where it did: the numbers behind `deskbook search --explain`.

For leads tuning synonyms (and for whoever tunes the ranking): per hit, the query's terms
that matched in the page's names and in its landing section, the synonyms and corrections
applied to the query, and the page, section, boilerplate and intent parts of the score.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from search.intent import Intent
from search.postings import segment_postings
from search.ranking import (
    HEADING_WEIGHT,
    NAME_COVERAGE_POWER,
    NAME_WEIGHT,
    PROXIMITY_WEIGHT,
    QUALITY_POWER,
    SECOND_SECTION_WEIGHT,
    SPREAD_WEIGHT,
    TITLE_POWER,
    TITLE_WEIGHT,
    PageScore,
    effective_quality,
)


@dataclass(frozen=True)
class Explanation:
    total: float
    name: float  # BM25 of the query in the page's names (× NAME_WEIGHT × coverage²)
    coverage: float  # share of the query's words the names hold
    title: float  # share of the title's words the query holds
    section: float  # the best section's BM25 …
    quality: float  # … times its boilerplate weight (1.0 for prose; the heading waives it) …
    heading: float  # … and raised by the share of the query's words its heading holds
    second: float  # the second-best section's weighted score (× SECOND_SECTION_WEIGHT)
    intent: float  # the page type's preference
    proximity: float  # share of the query's word pairs the landing section says side by side
    spread: float  # share of the query's words the page's other sections add to its best one
    intent_reason: str
    landing: str  # "top of the page" or the landing section's heading
    matched: dict[str, tuple[str, ...]]  # field → index terms of the query found there
    expansions: tuple[str, ...]  # synonyms and compounds the query was widened with
    corrections: dict[str, str]
    placed: str = ""  # why the page stands where it does when not by its score

    def lines(self) -> list[str]:
        matched = "; ".join(f"{field}: {', '.join(terms)}" for field, terms in self.matched.items())
        lines = [
            f"score {self.total:.3f} = ({NAME_WEIGHT} × name {self.name:.3f}"
            f" × (words in the name {self.coverage:.2f})^{NAME_COVERAGE_POWER:g}"
            f" × (1 + {TITLE_WEIGHT:g} × (title named {self.title:.2f})^{TITLE_POWER:g})"
            f" + section {self.section:.3f} × boilerplate weight {self.quality:.2f}"
            f"^{QUALITY_POWER:g} × (1 + {HEADING_WEIGHT:g} × (words in the heading"
            f" {self.heading:.2f})^2)"
            f" + {SECOND_SECTION_WEIGHT} × second section {self.second:.3f})"
            f" × intent {self.intent:.2f}",
            f"lands on: {self.landing}",
            f"matched: {matched or 'nothing (reached through a correction or synonym)'}",
            f"intent: {self.intent_reason}",
        ]
        if self.proximity:
            lines.append(
                f"word order: the landing section says {self.proximity:.2f} of the question's"
                f" word pairs side by side (score × {1 + PROXIMITY_WEIGHT * self.proximity:.2f})"
            )
        if self.spread:
            lines.append(
                f"named, words spread: its other sections hold {self.spread:.2f} more of the"
                f" query's words (score × {1 + SPREAD_WEIGHT * self.spread:.2f})"
            )
        if self.placed:
            lines.append(f"placed: {self.placed}")
        if self.expansions:
            lines.append(f"query widened with: {', '.join(self.expansions)}")
        if self.corrections:
            fixed = ", ".join(f"{typed} → {word}" for typed, word in self.corrections.items())
            lines.append(f"corrected: {fixed}")
        return lines

    def to_json(self) -> dict[str, object]:
        return {
            "total": round(self.total, 4),
            "name": round(self.name, 4),
            "name_coverage": round(self.coverage, 3),
            "title_named": round(self.title, 3),
            "section": round(self.section, 4),
            "boilerplate_weight": round(self.quality, 3),
            "heading_coverage": round(self.heading, 3),
            "second_section": round(self.second, 4),
            "intent": round(self.intent, 3),
            "proximity": round(self.proximity, 3),
            "spread": round(self.spread, 3),
            "intent_reason": self.intent_reason,
            "landing": self.landing,
            "matched": {field: list(terms) for field, terms in self.matched.items()},
            "expansions": list(self.expansions),
            "corrections": dict(self.corrections),
            "placed": self.placed,
        }


def matched_terms(
    searcher: Any, docnums: Iterable[int], terms: Iterable[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """Which (field, term) pairs have a posting in any of `docnums`, grouped by field."""
    wanted = sorted(set(docnums))
    found: dict[str, list[str]] = {}
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        local = [d - offset for d in wanted if 0 <= d - offset < reader.doc_count_all()]
        if not local:
            continue
        for fieldname, text in terms:
            btext = text.encode("utf-8")
            if (fieldname, btext) not in reader:
                continue
            postings = segment_postings(reader, fieldname, btext)
            if postings is None:
                continue
            ids = postings.ids
            for docnum in local:
                i = bisect_left(ids, docnum)
                if i < len(ids) and ids[i] == docnum:
                    found.setdefault(fieldname, []).append(text)
                    break
    return {field: tuple(dict.fromkeys(texts)) for field, texts in found.items()}


def explain_page(
    page: PageScore,
    landing_heading: str,
    intent: Intent,
    matched: dict[str, tuple[str, ...]],
    expansions: tuple[str, ...],
    corrections: dict[str, str],
) -> Explanation:
    section = page.sections[0][1] if page.sections else 0.0
    heading = page.sections[0][3] if page.sections else 0.0
    quality = effective_quality(page.sections[0][2], heading) if page.sections else 1.0
    second = page.section_score(1) if len(page.sections) > 1 else 0.0
    on_top = page.landing is not None and page.landing == page.page_document
    return Explanation(
        total=page.total,
        name=page.name,
        coverage=page.coverage,
        title=page.title,
        section=section,
        quality=quality,
        heading=heading,
        second=second,
        intent=page.intent,
        proximity=page.proximity,
        spread=page.spread,
        intent_reason=intent.describe(),
        landing="top of the page" if on_top else f"section {landing_heading!r}",
        matched=matched,
        expansions=expansions,
        corrections=dict(corrections),
    )
