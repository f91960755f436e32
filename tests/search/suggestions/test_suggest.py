"""suggest(): a message → replies in the customer's language with placeholders filled, the
sections that decide (translated where a translation exists, marked where none does), fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import IndexUnavailable, build_index, update_index
from search.suggestions import MAX_MESSAGE_CHARS, MessageRejected, suggest
from search.suggestions.query import message_query
from tests.helpers import write_page

DAMAGED_REPLY = """
# Damaged item

## When to use

An item arrived broken, cracked or crushed.

## Reply

```text
Hi {customer_name},

I'm sorry your order {order_number} arrived broken. Could you send a photo of the {item_name}?

{agent_name}
```
"""

DAMAGED_REPLY_ID = """
# Barang rusak

## Balasan

```text
Halo {customer_name},

Mohon maaf pesanan {order_number} tiba dalam keadaan pecah. Boleh kirim foto {item_name}?

{agent_name}
```
"""


@pytest.fixture
def kb(docs: Path, tmp_path: Path) -> tuple[Path, Path]:
    write_page(
        docs,
        "policies/returns.md",
        """
        # Returns

        ## Return window

        Customers may send items back within 30 days.

        ## Damaged items

        A broken, cracked or crushed item is replaced or refunded; ask for a photo.
        """,
    )
    write_page(
        docs,
        "policies/returns.id.md",
        """
        # Retur

        ## Batas waktu retur

        Pelanggan boleh mengembalikan barang dalam 30 hari.

        ## Barang rusak

        Barang yang pecah atau penyok diganti atau direfund; minta fotonya.
        """,
        translation_of="policies/returns.md",
    )
    write_page(
        docs,
        "policies/shipping.md",
        """
        # Shipping

        ## Lost parcels

        A parcel whose tracking has not moved for 5 days may be lost; the carrier searches.
        """,
    )
    based_on = ["policies/returns.md#damaged-items", "policies/shipping.md#lost-parcels"]
    write_page(docs, "templates/damaged-item.md", DAMAGED_REPLY, based_on=based_on)
    write_page(
        docs,
        "templates/damaged-item.id.md",
        DAMAGED_REPLY_ID,
        based_on=based_on,
        translation_of="templates/damaged-item.md",
    )
    write_page(docs, "templates/no-text.md", "# Broken crushed cracked notes\n\nNo reply block.\n")
    write_page(
        docs,
        "glossary.md",
        "# Glossary\n\nOrder numbers look like SHOP-123456.\n",
        order_numbers=[{"name": "Shop", "shape": "SHOP-######"}],
    )
    index = tmp_path / "index"
    build_index(docs, index)
    return index, docs


def test_an_english_message_gets_the_reply_filled_and_the_deciding_section(
    kb: tuple[Path, Path],
) -> None:
    index, docs = kb
    message = "Hi, the vase arrived broken and crushed, order shop 123456.\n\nThanks,\nHannah"
    result = suggest(index, docs, message)
    assert result.lang == "en"
    reply = result.replies[0]
    assert (reply.path, reply.lang, reply.title) == ("templates/damaged-item.md", "en", "Damaged item")
    assert reply.text.startswith("Hi Hannah,\n\nI'm sorry your order SHOP-123456 arrived broken.")
    assert reply.to_fill == ("item_name", "agent_name")
    assert all(r.path != "templates/no-text.md" for r in result.replies)  # nothing to copy
    found = [(s.path, s.anchor, s.cross_language) for s in result.sections]
    assert found[0] == ("policies/returns.md", "damaged-items", False)
    assert ("policies/shipping.md", "lost-parcels", False) in found  # what the reply relies on
    assert result.fields.customer_name == "Hannah"
    assert [n.value for n in result.fields.order_numbers] == ["SHOP-123456"]


def test_an_indonesian_message_gets_translations_and_marks_what_has_none(
    kb: tuple[Path, Path],
) -> None:
    index, docs = kb
    result = suggest(index, docs, "kak vas nya pecah pas dibuka, barangnya rusak. bisa diganti?")
    assert result.lang == "id"
    assert result.replies[0].path == "templates/damaged-item.id.md"
    assert result.replies[0].url == "id/templates/damaged-item/"
    sections = {(s.path, s.anchor): s for s in result.sections}
    translated = sections[("policies/returns.id.md", "barang-rusak")]
    assert (translated.lang, translated.cross_language) == ("id", False)
    assert translated.url == "id/policies/returns/#barang-rusak"
    untranslated = sections[("policies/shipping.md", "lost-parcels")]
    assert (untranslated.lang, untranslated.cross_language) == ("en", True)
    assert ("policies/returns.md", "damaged-items") not in sections  # shown once, translated


def test_the_language_can_be_given(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    result = suggest(index, docs, "the vase arrived broken", lang="id")
    assert result.lang == "id" and result.replies[0].path == "templates/damaged-item.id.md"


def test_a_message_with_nothing_to_look_for_still_gives_its_fields(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    result = suggest(index, docs, "Thanks!! SHOP-654321")
    assert (result.replies, result.sections) == ([], [])
    assert result.to_json()["fields"]["order_numbers"][0]["value"] == "SHOP-654321"


def test_the_answer_has_exactly_the_api_shape(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    answer = suggest(index, docs, "the vase arrived broken").to_json()
    assert set(answer) == {"lang", "replies", "sections", "fields"}
    assert set(answer["replies"][0]) == {"path", "title", "lang", "url", "text", "to_fill"}  # type: ignore[index]
    assert set(answer["sections"][0]) == {  # type: ignore[index]
        "path", "anchor", "url", "title", "heading", "snippet", "lang", "cross_language"
    }
    assert set(answer["fields"]) == {  # type: ignore[arg-type]
        "customer_name", "order_numbers", "emails", "phones", "dates", "amounts"
    }


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("x" * (MAX_MESSAGE_CHARS + 1), None, "too long (20,001 characters; at most 20,000)"),
        ("", None, "the message is empty"),
        (" \n\t ", None, "the message is empty"),
        ("broken\x00vase", None, "NUL byte"),
        ("the vase arrived broken", "fr", "unknown language 'fr'"),
    ],
)
def test_a_message_that_cannot_be_read_is_refused_clearly(
    kb: tuple[Path, Path], text: str, lang: str | None, message: str
) -> None:
    index, docs = kb
    with pytest.raises(MessageRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        suggest(index, docs, text, lang)


def test_a_message_at_the_limit_is_answered(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    text = ("The vase arrived broken and crushed. " * 600)[:MAX_MESSAGE_CHARS]
    assert suggest(index, docs, text).replies[0].path == "templates/damaged-item.md"


def test_without_an_index_it_says_so(docs: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailable):
        suggest(tmp_path / "missing", docs, "the vase arrived broken")


def test_a_new_order_number_shape_counts_once_the_index_has_the_change(
    kb: tuple[Path, Path],
) -> None:
    index, docs = kb
    assert suggest(index, docs, "broken, invoice INV-2026-00412").fields.order_numbers == []
    glossary = write_page(
        docs,
        "glossary.md",
        "# Glossary\n",
        order_numbers=[{"name": "Invoice", "shape": "INV-####-#####", "placeholder": "invoice"}],
    )
    update_index(docs, index, [glossary.relative_to(docs).as_posix()])
    numbers = suggest(index, docs, "broken, invoice INV-2026-00412").fields.order_numbers
    assert [(n.value, n.placeholder) for n in numbers] == [("INV-2026-00412", "invoice")]


def test_a_reply_relying_on_a_page_that_is_gone_still_answers(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    (docs / "policies" / "shipping.md").unlink()
    result = suggest(index, docs, "the vase arrived broken")
    assert result.replies[0].path == "templates/damaged-item.md"
    assert all(section.path != "policies/shipping.md" for section in result.sections)


def test_a_reply_sharing_no_words_with_the_message_is_found_through_its_policy(
    docs: Path, tmp_path: Path
) -> None:
    write_page(
        docs,
        "policies/shipping.md",
        """
        # Shipping

        ## Lost parcels

        Tracking that has not moved for five days means the parcel may be lost.
        """,
    )
    write_page(
        docs,
        "templates/carrier-trace.md",
        "# Carrier trace\n\n## Reply\n\n```text\nWe asked the carrier to search.\n```\n",
        based_on=["policies/shipping.md#lost-parcels"],
    )
    write_page(
        docs,
        "templates/thanks.md",
        "# Thanks\n\n## Reply\n\n```text\nThank you for your kind words.\n```\n",
    )
    index = tmp_path / "index"
    build_index(docs, index)
    result = suggest(index, docs, "The tracking has not moved for a week. Is my parcel lost?")
    assert [reply.path for reply in result.replies][:1] == ["templates/carrier-trace.md"]
    assert (result.sections[0].path, result.sections[0].anchor) == (
        "policies/shipping.md", "lost-parcels"
    )


@pytest.mark.parametrize(
    ("latest", "language", "expected"),
    [
        ("resi gk gerak2 dari senin", "id", "resi gerak senin"),  # "gerak2": a doubled word
        ("The vase arrived broken. Can I get a new one?", "en", "how vase arrived broken new one"),
        ("وصل الطلب مكسور، ممكن بديل؟", "ar", "كيف وصل الطلب مكسور بديل"),
    ],
)
def test_a_message_becomes_its_key_words_a_question_asking_as_one(
    kb: tuple[Path, Path], latest: str, language: str, expected: str
) -> None:
    index, _ = kb
    query = message_query(index, latest, None, language, None, None)
    assert (query.text, query.english) == (expected, "")
