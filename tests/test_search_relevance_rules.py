"""Ranking rules behind the relevance set: real words are never "corrected", and sections
made mostly of links weigh less than the prose they point to."""

from __future__ import annotations

from pathlib import Path

from search import build_index, update_index
from search import search as run_search
from search.schema import LINK_WEIGHT_FLOOR, link_density, link_weight
from tests.helpers import write_page


def _safety_pages(docs: Path) -> None:
    write_page(
        docs,
        "policies/escalation.md",
        """
        # Escalation

        ## Safety issues

        A product that sparked, smoked or caught fire: escalate at once, keep the item.

        ## Staff changes

        Who was hired and who was taught the new tools this quarter.
        """,
    )
    for number in range(3):
        write_page(
            docs,
            f"faq/hiring-{number}.md",
            f"""
            # Hiring {number}

            ## Hire and training

            Every new hire learns the helpdesk; the hire gets a buddy.
            """,
        )


def test_a_word_the_index_holds_is_never_corrected(docs: Path, tmp_path: Path) -> None:
    _safety_pages(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    result = run_search(index, "kettle caught fire")
    assert result.suggestion is None  # "fire" and "caught" are indexed, however rarely
    assert result.hits[0].anchor == "safety-issues"


def test_a_missing_word_is_corrected_only_to_a_word_in_enough_sections(
    docs: Path, tmp_path: Path
) -> None:
    _safety_pages(docs)
    for number in range(300):  # a bigger index asks more support of a correction
        write_page(docs, f"filler/page-{number}.md", f"# Filler {number}\n\nNothing {number}.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    # "taugh" is one edit from "taught" (one section: not enough to suggest it) …
    assert run_search(index, "taugh").suggestion is None
    # … and "hirre" from "hire", in three sections.
    assert run_search(index, "hirre").suggestion == "hire"


def test_link_density_counts_link_text_against_the_plain_text() -> None:
    markdown = "## Related\n\n- [Refund policy](refunds.md)\n- [Returns](returns.md#window)\n"
    assert link_density(markdown, "Refund policy\nReturns") == 1.0
    prose = "## Steps\n\nOpen the ticket, read it twice, then see [refunds](refunds.md).\n"
    assert link_density(prose, "Open the ticket, read it twice, then see refunds.") < 0.2
    assert link_weight(0.0) == 1.0
    assert link_weight(1.0) == LINK_WEIGHT_FLOOR
    assert link_weight(0.5) < 1.0


_TRIAGE = """
# Triage the shared inbox

Triage the shared inbox every morning: sort new tickets by priority and owner, and give
each conversation a clear next step so nothing waits in the queue without an owner.

## Related pages

- [Triage the shared inbox checklist](checklist.md)
- [Shared inbox views](views.md)
"""


def test_a_section_of_links_ranks_below_the_page_it_belongs_to(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "howtos/triage.md", _TRIAGE)
    write_page(docs, "howtos/checklist.md", "# Checklist\n\nTick the boxes.\n")
    write_page(docs, "howtos/views.md", "# Views\n\nSaved filters.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    anchors = [hit.anchor for hit in run_search(index, "triage shared inbox").hits]
    assert anchors.index("triage-the-shared-inbox") < anchors.index("related-pages")


def test_an_updated_page_keeps_its_link_weights(docs: Path, tmp_path: Path) -> None:
    page = write_page(docs, "howtos/triage.md", _TRIAGE)
    index = tmp_path / "index"
    build_index(docs, index)
    before = [hit.anchor for hit in run_search(index, "triage shared inbox").hits]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert update_index(docs, index).updated == ["howtos/triage.md"]
    after = [hit.anchor for hit in run_search(index, "triage shared inbox").hits]
    assert after == before
    assert after.index("triage-the-shared-inbox") < after.index("related-pages")
