"""Agents find sections in English, Arabic and Indonesian, however they inflect or spell them."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import build_index, search
from tests.helpers import write_page


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    write_page(
        docs,
        "policies/remote-work.md",
        "# Remote work\n\n## Core hours\n\nEveryone is online from 09:00 to 13:00 UTC.\n\n"
        "## Equipment\n\nThe company pays for a laptop and a headset.\n",
        title="Remote work",
        tags=["remote"],
    )
    write_page(
        docs,
        "policies/remote-work.ar.md",
        "# سياسة العمل عن بعد\n\n## ساعات العمل الأساسية\n\nيكون الجميع متصلين من 09:00 إلى 13:00.\n\n"
        "## المعدات\n\nتدفع الشركة ثمن الحاسوب المحمول.\n",
        lang="ar",
        translation_of="policies/remote-work.md",
    )
    write_page(
        docs,
        "policies/refunds.id.md",
        "# Pengembalian dana\n\n## Jendela pengembalian\n\nPelanggan dapat mengembalikan barang dalam 30 hari.\n\n"
        "## Pengiriman\n\nKurir mengambil paket setiap hari.\n",
    )
    write_page(
        docs,
        "howtos/escalate.md",
        "# Escalate a ticket\n\n## Escalating quickly\n\nEscalations go to the lead on shift.\n",
    )
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    return index_dir


def _first(index: Path, query: str, **filters: str) -> str:
    hits = search(index, query, **filters).hits  # type: ignore[arg-type]
    assert hits, f"no hit for {query!r}"
    return hits[0].url


def test_arabic_query_lands_on_the_arabic_section(index: Path) -> None:
    assert _first(index, "ساعات العمل") == "ar/policies/remote-work/#ساعات-العمل-الأساسية"


def test_arabic_with_diacritics_finds_the_same_section(index: Path) -> None:
    assert _first(index, "سَاعَاتُ الْعَمَلِ") == "ar/policies/remote-work/#ساعات-العمل-الأساسية"


def test_arabic_alef_variants_and_tatweel_are_normalised(index: Path) -> None:
    # The page writes «الأساسية» (alef with hamza); the agent types a bare alef and a tatweel.
    assert _first(index, "الاساســية") == "ar/policies/remote-work/#ساعات-العمل-الأساسية"


def test_indonesian_inflections_meet_on_one_stem(index: Path) -> None:
    hit = search(index, "kembali").hits[0]  # the page whose title says "pengembalian"
    assert hit.path == "policies/refunds.id.md"
    assert "jendela-pengembalian" in [hit.anchor, *(section.anchor for section in hit.sections)]
    assert _first(index, "pengembalian dana").startswith("id/policies/refunds/")


def test_english_stemming_matches_other_forms(index: Path) -> None:
    hit = search(index, "escalation").hits[0]
    assert hit.path == "howtos/escalate.md"
    assert "escalating-quickly" in [hit.anchor, *(section.anchor for section in hit.sections)]


def test_hits_are_sections_with_deep_links_equal_to_content_anchors(index: Path) -> None:
    hit = search(index, "headset").hits[0]
    assert (hit.path, hit.anchor, hit.heading) == (
        "policies/remote-work.md",
        "equipment",
        "Equipment",
    )
    assert hit.url == "policies/remote-work/#equipment"
    assert hit.title == "Remote work" and hit.lang == "en" and hit.type == "policy"
    assert hit.tags == ("remote",)


def test_an_arabic_snippet_marks_every_form_of_the_word_searched(
    docs: Path, tmp_path: Path
) -> None:
    # Forms that keep the stem's letters (يستخدمون, والاستخدام…) and one where the stemmer
    # rewrites the verb's prefix (يستخدم → استخدم): the snippet skips stemming words that
    # cannot match, and must not skip these.
    write_page(
        docs,
        "howtos/canned-replies.ar.md",
        "# الردود الجاهزة\n\nيستخدم الوكلاء الردود الجاهزة كل يوم، وتستخدمه الفرق الجديدة أيضا."
        " استخدم القالب كما هو ثم عدّل الاسم. لا نكتب الرد من البداية.\n",
        lang="ar",
    )
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    snippet = search(index_dir, "استخدم").hits[0].snippet
    assert [
        form for form in ("يستخدم", "وتستخدمه", "استخدم") if f"<mark>{form}</mark>" in snippet
    ] == ["يستخدم", "وتستخدمه", "استخدم"]
    assert "<mark>" not in snippet.replace("<mark>يستخدم</mark>", "").replace(
        "<mark>وتستخدمه</mark>", ""
    ).replace("<mark>استخدم</mark>", "")
