"""Ranking rules behind the relevance set: real words are never "corrected", and sections
made mostly of links weigh less than the prose they point to."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import build_index, update_index
from search import search as run_search
from search.boilerplate import BOILERPLATE_FLOOR, boilerplate_weight, is_link_list, link_density
from search.proximity import adjacency, query_pairs, section_pairs
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
    assert boilerplate_weight(prose, "Open the ticket, read it twice, then see refunds.") > 0.9
    assert boilerplate_weight(markdown, "Refund policy\nReturns") == BOILERPLATE_FLOOR


def test_a_list_of_described_links_is_boilerplate_by_its_shape_not_its_heading() -> None:
    # A template's "policy behind it", in any wording: each item a link plus a few words.
    pointers = """## Worauf die Antwort beruht

- [Damaged or wrong items](../policies/refunds.md#damaged): photos, replacement or refund,
  the no-return rule for glass and hidden damage.
- [Who pays return shipping](../policies/refunds.md#who-pays): prepaid label or pickup.
- [Safety issues](../policies/escalation.md#safety-issues)
"""
    steps = """## Related steps

- Open the order in the admin and check the delivery date against the return window.
- Ask for photos of the damage; see [photos](photos.md) for what a good photo shows.
- Offer a replacement first, then a refund if the customer prefers one.
"""
    assert is_link_list(pointers)
    assert not is_link_list(steps)  # a list of steps that mentions a link is content


_TRIAGE = """
# Triage the shared inbox

Triage the shared inbox every morning: sort new tickets by priority and owner, and give
each conversation a clear next step so nothing waits in the queue without an owner.

## Related pages

- [Triage the shared inbox checklist](checklist.md)
- [Shared inbox views](views.md)
"""


def _listed(index: Path, query: str) -> list[str]:
    """Anchors in the order a reader sees them: each page's landing, then its sections."""
    hits = run_search(index, query).hits
    return [shown.anchor for hit in hits for shown in (hit, *hit.sections)]


def test_a_section_of_links_ranks_below_the_page_it_belongs_to(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "howtos/triage.md", _TRIAGE)
    write_page(docs, "howtos/checklist.md", "# Checklist\n\nTick the boxes.\n")
    write_page(docs, "howtos/views.md", "# Views\n\nSaved filters.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    listed = _listed(index, "triage shared inbox")
    assert listed[0] == "triage-the-shared-inbox"
    assert "related-pages" not in listed or listed.index("related-pages") > 0


def _link_section_weight(index: Path) -> float:
    result = run_search(index, "checklist views", explain=True)
    for hit, why in zip(result.hits, result.explanations, strict=True):
        if hit.anchor == "related-pages":
            return why.quality
    raise AssertionError("the related-pages section was not a landing")


def test_an_updated_page_keeps_its_link_weights(docs: Path, tmp_path: Path) -> None:
    page = write_page(docs, "howtos/triage.md", _TRIAGE)
    index = tmp_path / "index"
    build_index(docs, index)
    assert _link_section_weight(index) == pytest.approx(BOILERPLATE_FLOOR)
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert update_index(docs, index).updated == ["howtos/triage.md"]
    assert _link_section_weight(index) == pytest.approx(BOILERPLATE_FLOOR)


def test_what_foreign_pages_offer_names_them(docs: Path, tmp_path: Path) -> None:
    # Pages from another handbook: no title of ours, only what they came with.
    write_page(docs, "benefits/parental-leave.md", "Twelve weeks, paid, for every new parent.\n")
    write_page(docs, "leave/types.md", "## Court\n\nTime off for jury service.\n",
               title="Leave types", keywords="maternity, paternity, bereavement")
    write_page(docs, "oncall/post_mortem_template.md", "## Summary\n\nWhat happened.\n",
               description="Copy this outline after every major incident.")
    write_page(docs, "travel/card.md", "## Apply\n\nFill in the form.\n", title="Travel card",
               aliases=["corporate card"], redirect_from=["/old/govcard/"])
    for number in range(4):  # pages that merely mention the same words
        write_page(docs, f"misc/note-{number}.md",
                   f"# Note {number}\n\nParental leave, maternity, the postmortem template and the "
                   "corporate card are covered elsewhere.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    def first(query: str) -> str:
        return run_search(index, query).hits[0].path

    assert first("parental leave") == "benefits/parental-leave.md"  # its file name
    assert first("maternity") == "leave/types.md"  # its front-matter keywords
    assert first("postmortem template") == "oncall/post_mortem_template.md"  # file name, joined
    assert first("corporate card") == "travel/card.md"  # its aliases
    assert first("govcard") == "travel/card.md"  # an old address


def test_a_query_naming_a_page_type_prefers_it_without_requiring_it(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\nThirty days to return.\n")
    write_page(docs, "templates/refund-done.md", "# Refund done\n\n## Reply\n\nYour refund is issued.\n",
               type="template")
    write_page(docs, "faq/gift-cards.md", "# Gift cards\n\n## Expiry\n\nThey never expire.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    assert run_search(index, "refund reply").hits[0].path == "templates/refund-done.md"
    assert run_search(index, "refund policy").hits[0].path == "policies/refunds.md"
    assert run_search(index, "gift cards policy").hits[0].path == "faq/gift-cards.md"  # no policy on it


def test_a_question_prefers_how_tos_and_faq_answers(docs: Path, tmp_path: Path) -> None:
    text = "## Reset a password\n\nOpen the account page and choose reset password.\n"
    write_page(docs, "guides/accounts.md", "# Accounts\n\n" + text)
    write_page(docs, "faq/accounts.md", "# Accounts FAQ\n\n" + text)
    index = tmp_path / "index"
    build_index(docs, index)
    assert run_search(index, "how do I reset a password").hits[0].path == "faq/accounts.md"
    assert run_search(index, "bagaimana reset password").hits[0].path == "faq/accounts.md"


def test_a_section_whose_heading_asks_the_question_outranks_one_that_mentions_its_words(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "howtos/postmortems.md",
               "# Postmortems\n\n## Who is responsible for the postmortem\n\n"
               "The incident commander picks an owner within a day. " + "They book the room, "
               "gather the timeline, invite the teams involved and share the draft. " * 6 + "\n")
    write_page(docs, "howtos/meetings.md",
               "# Meetings\n\n## Running the review\n\n"
               "The responsible person reads the postmortem. Each postmortem has a responsible "
               "reader, and the postmortem review is where the responsible team reads it.\n")
    for number in range(6):  # the words are common elsewhere too
        write_page(docs, f"misc/note-{number}.md",
                   f"# Note {number}\n\n## Topic {number}\n\nA note on other things entirely.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    first = run_search(index, "who is responsible for the postmortem").hits[0]

    assert (first.path, first.anchor) == ("howtos/postmortems.md", "who-is-responsible-for-the-postmortem")


def test_a_list_of_links_asked_for_by_its_heading_is_the_answer(docs: Path, tmp_path: Path) -> None:
    # A link list is weak evidence for its words, unless its heading is what was asked for.
    write_page(docs, "index.md",
               "# Welcome\n\n## Day one reading list\n\n"
               "- [Refunds](policies/refunds.md)\n- [Tone of voice](policies/tone.md)\n"
               "- [Shared inbox](howtos/inbox.md)\n- [Escalations](policies/escalation.md)\n")
    write_page(docs, "howtos/onboarding.md",
               "# Onboarding\n\n## Reading on day one\n\n"
               "On day one, reading comes first: the list of pages is short.\n")
    for name in ("refunds", "tone", "escalation"):
        write_page(docs, f"policies/{name}.md", f"# {name.title()}\n\nThe rules on {name}.\n")
    write_page(docs, "howtos/inbox.md", "# Shared inbox\n\nHow to triage it.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    first = run_search(index, "day one reading list").hits[0]

    assert (first.path, first.anchor) == ("index.md", "day-one-reading-list")


def test_a_query_naming_a_whole_title_prefers_that_page(docs: Path, tmp_path: Path) -> None:
    # "refund policy" names all of "Refunds" but one word of "Travel refunds and billing",
    # though a section of that page says "refund policy" in so many words.
    write_page(docs, "company-policies/refunds.md",
               "# Refunds\n\nSubmit a refund request within five days; a refund needs a receipt.\n"
               "\n## Receipts\n\nKeep every receipt.\n")
    write_page(docs, "company-policies/travel-refunds-and-billing.md",
               "# Travel refunds and billing\n\nTrips for clients are billed.\n\n"
               "## Refund approval\n\nSee our refund policy for the refund approval process: "
               "a refund is approved by your manager.\n\n## Hotels\n\nBook a hotel near the client.\n")
    for number in range(6):
        write_page(docs, f"misc/note-{number}.md",
                   f"# Note {number}\n\n## Topic {number}\n\nA note on other things entirely.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    assert run_search(index, "refund policy").hits[0].path == "company-policies/refunds.md"


def test_a_question_is_not_taken_for_a_title(docs: Path, tmp_path: Path) -> None:
    # "what if no incident commander is on the call" asks for an answer, not for the page
    # titled "Incident commander": --explain shows the title share only for the other query.
    write_page(docs, "training/incident-commander.md",
               "# Incident commander\n\n## Duties\n\nThe commander runs the incident call.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    def title_named(query: str) -> float:
        return run_search(index, query, explain=True).explanations[0].title

    assert title_named("incident commander call") == 1.0
    assert title_named("what if no incident commander is on the call") == 0.0


def test_a_question_word_is_not_searched_for(docs: Path, tmp_path: Path) -> None:
    # "berapa" (how many/much) is stemmed like "mengapa" (why) and "apa" (what): asking
    # "berapa lama" (how long) must not bring a page for asking "mengapa".
    write_page(docs, "faq/tickets.id.md", "# Tiket\n\n## Mengapa tiket ditutup\n\nTiket ditutup.\n")
    write_page(docs, "faq/data.id.md", "# Data\n\n## Penyimpanan\n\nData disimpan lama.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    assert [hit.path for hit in run_search(index, "berapa lama").hits] == ["faq/data.id.md"]


def test_a_verb_sharing_a_stem_with_a_type_word_does_not_name_that_type(
    docs: Path, tmp_path: Path
) -> None:
    # "membalas" (to reply) and "balasan" (a reply) share a stem; only the noun names a reply
    # template, as only "reply", not "replying", does in English.
    write_page(docs, "policies/response-times.id.md",
               "# Waktu respons\n\n## Amazon\n\nPesan di Amazon: dalam 24 jam, juga di akhir "
               "pekan dan hari libur.\n")
    write_page(docs, "templates/marketplace.id.md",
               "# Respons pertama marketplace\n\n## Kapan digunakan\n\nPesan pertama pembeli "
               "di Amazon.\n", type="template")
    index = tmp_path / "index"
    build_index(docs, index)

    def template_named(query: str) -> tuple[str, ...]:
        result = run_search(index, query, explain=True)
        [template] = [e for h, e in zip(result.hits, result.explanations, strict=True)
                      if h.path == "templates/marketplace.id.md"]
        return template.matched.get("name_id", ())

    assert template_named("membalas pesan Amazon") == ()
    assert template_named("balasan pesan Amazon") == ("balasan",)
    assert run_search(index, "balasan pesan Amazon").hits[0].path == "templates/marketplace.id.md"


def test_a_page_lands_on_the_section_that_holds_most_of_the_query(
    docs: Path, tmp_path: Path
) -> None:
    # "internet allowance": the section on allowances names the internet one; the one on
    # internet speed has "internet" in its heading but says nothing of an allowance.
    write_page(docs, "policies/remote-work.md",
               "# Remote work\n\n## Internet speed\n\nA stable internet line: 25 Mbit/s down.\n\n"
               "## Equipment\n\nA laptop, a headset with a microphone, a second monitor if you "
               "ask your lead in your first month, a webcam and a docking station. Equipment "
               "stays the company's and goes back within 14 days of leaving. Allowances: a "
               "home office allowance once, and an internet allowance every month.\n")
    write_page(docs, "policies/travel.md", "# Travel\n\n## Trains\n\nSecond class.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    hit = run_search(index, "internet allowance").hits[0]
    assert (hit.path, hit.anchor) == ("policies/remote-work.md", "equipment")
    assert [shown.anchor for shown in hit.sections] == ["internet-speed"]


def test_a_question_prefers_the_section_saying_its_words_side_by_side(
    docs: Path, tmp_path: Path
) -> None:
    # The same words, as often, in sections as long: only their order differs.
    write_page(docs, "devices/alpha.md",
               "# Alpha\n\n## Games\n\nThe phone holds no games you use for work. Keep it clean.\n")
    write_page(docs, "devices/beta.md",
               "# Beta\n\n## Games\n\nThe phone you use for work holds no games. Keep it clean.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    result = run_search(index, "can I have games on the phone I use for work?", explain=True)
    assert [hit.path for hit in result.hits] == ["devices/beta.md", "devices/alpha.md"]
    # game-phone apart in both; phone-use side by side in beta only; use-work in both
    assert [e.proximity for e in result.explanations] == [2 / 3, 1 / 3]
    # A few keywords name a page, not a phrase: order does not count, the two pages tie
    # (their paths order them).
    assert [hit.path for hit in run_search(index, "phone use work").hits] == [
        "devices/alpha.md", "devices/beta.md",
    ]


def test_word_pairs_count_side_by_side_only_in_the_query_order() -> None:
    def share(query: list[str], parts: list[list[str]]) -> float:
        clauses = [[("text_en", word, 1.0, 0), ("text_en", "handset", 1.0, 1)] for word in query]
        column = section_pairs([[(word,) for word in part] for part in parts])
        return adjacency(query_pairs(clauses), column)

    assert share(["phone", "use", "work"], [["phone", "use", "game", "work"]]) == 0.5
    assert share(["use", "phone"], [["phone", "use"]]) == 0.0  # the other order
    assert share(["phone", "use"], [["phone"], ["use"]]) == 0.0  # heading, then body
    assert share(["phone", "use"], [["phone", "handset"]]) == 0.0  # a synonym is not the word
    assert share(["phone"], [["phone", "phone"]]) == 0.0  # one word: no pair


def test_a_hyphenated_word_weighs_as_one_word_of_the_query(docs: Path, tmp_path: Path) -> None:
    # "sev-1" is one word: its parts do not outweigh "postmortem" beside it, so the page
    # about postmortems (for a SEV-1 among others) answers "postmortem sev-1", not the page
    # whose heading says SEV-1 and mentions a postmortem once.
    write_page(
        docs,
        "incidents/severity.md",
        """
        # Severity levels

        ## Treating an incident as a SEV-1

        When in doubt, treat it as a SEV-1: page the on-call commander and open a bridge.
        Sev-1 incidents get a status page. A postmortem follows.
        """,
    )
    write_page(
        docs,
        "incidents/postmortems.md",
        """
        # Postmortems

        ## When a postmortem is due

        Every major incident (sev-1 or sev-2) gets a postmortem. The owner drafts the
        postmortem within five business days and the postmortem review follows.
        """,
    )
    for number in range(6):
        write_page(docs, f"misc/page-{number}.md", f"# Page {number}\n\n## Notes\n\nStep {number}.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    for query in ("postmortem sev-1", "sev-1 postmortem"):
        hits = run_search(index, query).hits
        assert [hit.path for hit in hits[:2]] == [
            "incidents/postmortems.md",
            "incidents/severity.md",
        ], query


def test_a_hyphenated_word_is_named_by_all_its_parts_or_written_as_one(
    docs: Path, tmp_path: Path
) -> None:
    # A glossary's letter heading "E" holds one part of "e-mail", not the word: the page
    # that says "email" answers "e-mail".
    write_page(
        docs,
        "glossary.md",
        """
        # Glossary

        ## E

        eBay guarantee
        :   The buyer protection on eBay; e.g. a refund within three days.

        Escalation
        :   Handing a ticket to a lead.
        """,
    )
    write_page(
        docs,
        "policies/customer-data.md",
        """
        # Customer data

        ## Verifying identity

        Before sharing order details, check that the customer writes from the email address
        on the order (or answer by email only), or ask for the order number. Never read out
        a full address or a payment detail, whatever channel the customer uses.
        """,
    )
    for number in range(6):
        notes = f"# Page {number}\n\n## Notes\n\nStep {number}, e.g. the first one.\n"
        write_page(docs, f"misc/page-{number}.md", notes)
    index = tmp_path / "index"
    build_index(docs, index)
    found = run_search(index, "e-mail")
    assert [hit.path for hit in found.hits[:2]] == ["policies/customer-data.md", "glossary.md"]
    # "mail" alone is in no page, but "e-mail" is a word the pages use: not a typo.
    assert found.suggestion is None


def _prohibited_and_equipment(docs: Path) -> None:
    write_page(
        docs,
        "policies/prohibited-software.md",
        """
        # Prohibited software

        ## Summary

        Some software is prohibited: it may not be used for company work on client contracts.

        ## Requirements

        Before you install a tool, check that it is not on the prohibited list below.

        ## Policy

        The prohibited list covers laptops and any phone used for company business.
        """,
    )
    write_page(
        docs,
        "getting-started/equipment.md",
        """
        # Equipment

        ## Rules

        Install apps on your work phone from the app store only. Keep the work phone
        updated, and keep apps for work apart from personal apps. Report a lost phone at once.

        ## Loaners

        Borrow a laptop from the front desk.
        """,
    )
    for number in range(8):
        write_page(
            docs, f"misc/page-{number}.md", f"# Page {number}\n\n## Notes\n\nStep {number} of the work.\n"
        )


def test_a_page_named_by_a_keyword_whose_sections_hold_the_others_answers_them(
    docs: Path, tmp_path: Path
) -> None:
    # No section holds "prohibited apps work phone". The equipment rules hold three of the
    # words, none of them "prohibited"; the policy named by "prohibited" holds work in one
    # section and phone in another: the page about the query is the policy.
    _prohibited_and_equipment(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    result = run_search(index, "prohibited apps work phone", explain=True)
    assert [hit.path for hit in result.hits[:2]] == [
        "policies/prohibited-software.md",
        "getting-started/equipment.md",
    ]
    assert any("words spread" in line for line in result.explanations[0].lines())
    # A question is a sentence, not a list of what a page is about: the section holding most
    # of it still answers it.
    question = run_search(index, "can I have prohibited apps on my work phone").hits
    assert question[0].path == "getting-started/equipment.md"
    # A section holding every word is the answer: nothing is spread.
    together = run_search(index, "apps work phone", explain=True)
    assert together.hits[0].path == "getting-started/equipment.md"
    assert not any(e.spread for e in together.explanations)
