"""Arabic and Indonesian messages reach the English pages nobody translated: through the
dictionary the knowledge base's own translations make (search.suggestions.bilingual), through
the canned replies' `based_on`, and through the synonyms file's cross-language pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import build_index, update_index
from search.suggestions import suggest
from search.suggestions.catalogue import catalogue
from tests.helpers import write_page

# Two translated pages teach the dictionary: "rusak" is "damaged", "kurir" is "courier".
RETURNS = """
# Returns

## Damaged parcels

A damaged parcel is replaced at once; the courier is not asked first.

## Refund timing

Refunds reach the card within ten days.

## Courier pickup

The courier collects a return from the customer's door.
"""
RETURNS_ID = """
# Retur

## Paket rusak

Paket yang rusak langsung diganti; kurir tidak ditanya dulu.

## Waktu refund

Refund masuk ke kartu dalam sepuluh hari.

## Penjemputan oleh kurir

Kurir menjemput barang retur dari pintu pelanggan.
"""
GUIDE = """
# Packing guide

## Damaged boxes

A damaged box goes back to the warehouse; the courier signs for it.

## Labels

Every label shows the order number.
"""
GUIDE_ID = """
# Panduan pengemasan

## Kotak rusak

Kotak yang rusak kembali ke gudang; kurir menandatanganinya.

## Label

Setiap label menunjukkan nomor pesanan.
"""
# Only in English: the page an Indonesian customer's case is decided by.
WARRANTY = """
# Warranty

## Damaged on arrival

An item damaged on arrival is covered by the warranty for two years, courier or not.

## Spare parts

Spare parts are sent free for a year.
"""


@pytest.fixture
def kb(docs: Path, tmp_path: Path) -> tuple[Path, Path]:
    write_page(docs, "policies/returns.md", RETURNS)
    write_page(docs, "policies/returns.id.md", RETURNS_ID, translation_of="policies/returns.md")
    write_page(docs, "howtos/packing.md", GUIDE)
    write_page(docs, "howtos/packing.id.md", GUIDE_ID, translation_of="howtos/packing.md")
    write_page(docs, "policies/warranty.md", WARRANTY)
    index = tmp_path / "index"
    build_index(docs, index)
    return index, docs


def test_the_translated_pages_teach_what_a_word_means(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    lexicon = catalogue(index, docs).lexicons["id"]
    assert lexicon.meanings("rusak")[0] == "damaged"
    assert "courier" in lexicon.meanings("kurir")
    assert lexicon.meanings("sepeda") == ()  # no page says it


def test_an_indonesian_message_reaches_an_english_only_section_marked_untranslated(
    kb: tuple[Path, Path],
) -> None:
    index, docs = kb
    result = suggest(index, docs, "garansi? kurir bilang rusak pas sampai", lang="id")
    found = {(s.path, s.anchor): s for s in result.sections}
    warranty = found[("policies/warranty.md", "damaged-on-arrival")]
    assert (warranty.lang, warranty.cross_language) == ("en", True)
    assert "<mark>damaged</mark>" in warranty.snippet.lower()


def test_the_dictionary_follows_the_pages(kb: tuple[Path, Path]) -> None:
    index, docs = kb
    assert catalogue(index, docs).lexicons["id"].meanings("pecah") == ()
    for path in ("policies/returns.id.md", "howtos/packing.id.md"):
        page = docs / path
        page.write_text(page.read_text(encoding="utf-8").replace("rusak", "pecah"), "utf-8")
    update_index(docs, index, ["policies/returns.id.md", "howtos/packing.id.md"])
    assert catalogue(index, docs).lexicons["id"].meanings("pecah")[0] == "damaged"


def test_a_synonyms_pair_reaches_an_english_page(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "policies/warranty.md", WARRANTY)
    (docs / ".deskbook").mkdir()
    (docs / ".deskbook" / "synonyms.yml").write_text(
        "groups:\n  - [warranty, ضمان]\n", encoding="utf-8"
    )
    index = tmp_path / "index"
    build_index(docs, index)
    result = suggest(index, docs, "هل ضمان المنتج يشمل الكسر؟")
    assert result.lang == "ar"
    assert [(s.path, s.cross_language) for s in result.sections][:1] == [
        ("policies/warranty.md", True)
    ]
