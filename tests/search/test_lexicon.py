"""The built-in lexicon: common vocabulary a knowledge base nobody has tuned still understands,
below the team's own synonyms, switched off by them, and labelled where it applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import SYNONYMS_FILE, build_index, search
from search.synonyms import (
    COMPILED_FILE,
    LEXICON_DIR,
    LEXICON_FILES,
    Lexicon,
    Synonyms,
    SynonymsError,
    builtin_lexicon,
    compile_lexicon,
    for_searching,
    load_compiled,
    load_synonyms,
    parse_synonyms,
    read_lexicon,
)
from tests.helpers import write_page

# A few entries in the lexicon's own format, as the shipped files write them.
LEXICON = {
    "en.yml": "groups:\n  - [vacation, annual leave, paid time off]\nexpand:\n  swag: [company merchandise]\n",
    "id.yml": "groups:\n  - [cuti tahunan, cuti]\n",
    "cross.yml": "groups:\n  - [cuti, annual leave]\n  - [استرداد, refund]\n",
}


def _lexicon(tmp_path: Path, files: dict[str, str]) -> Lexicon:
    """A lexicon read from `files` (name → text) written to a folder of `tmp_path`."""
    folder = tmp_path / "lexicon"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return read_lexicon(folder)


@pytest.fixture
def lexicon(tmp_path: Path) -> Lexicon:
    return _lexicon(tmp_path, LEXICON)


def _indexed(docs: Path, tmp_path: Path, pages: dict[str, str]) -> Path:
    for relative, body in pages.items():
        write_page(docs, relative, body)
    index_dir = tmp_path / "index"
    build_index(docs, index_dir)
    return index_dir


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    return _indexed(docs, tmp_path, {
        "people/time-off.md": "# Time off\n\n## Annual leave\n\nBook annual leave two weeks ahead in the HR system.\n",
        "people/merch.md": "# Company merchandise\n\nOrder company merchandise for new starters.\n",
        "support/refunds.md": "# Refunds\n\n## Refund window\n\nA refund is possible within 30 days.\n",
        "people/holidays.md": "# Vacation policy\n\n## Planning your vacation\n\nTell your team about a vacation early.\n",
    })  # fmt: skip


def _team_file(docs: Path, text: str) -> Synonyms:
    write_page(docs, SYNONYMS_FILE, text)
    return parse_synonyms(SYNONYMS_FILE, text)


def test_the_shipped_lexicon_is_valid_and_loaded_once() -> None:
    for name in LEXICON_FILES:  # a broken shipped file fails here, with its path and line
        path = LEXICON_DIR / name
        assert parse_synonyms(f"search/lexicon/{name}", path.read_text(encoding="utf-8")).alternatives
    # search/lexicon is a package, so its .yml files are package data (pyproject.toml).
    assert (LEXICON_DIR / "__init__.py").is_file()
    assert builtin_lexicon() is builtin_lexicon()
    assert ("remote", "work") in builtin_lexicon().within.alternatives_of(("wfh",))


def test_the_compiled_lexicon_is_what_its_yaml_files_say() -> None:
    # Searching processes read compiled.json; after editing a YAML file, `make lexicon`.
    shipped = (LEXICON_DIR / COMPILED_FILE).read_text(encoding="utf-8")
    assert shipped == compile_lexicon(LEXICON_DIR), "run `make lexicon`"
    compiled, read = load_compiled(shipped), read_lexicon(LEXICON_DIR)
    assert compiled.within == read.within and compiled.across == read.across


def test_with_no_synonyms_file_an_informal_word_finds_the_formal_page(
    docs: Path, index: Path, lexicon: Lexicon
) -> None:
    assert [hit.path for hit in search(index, "swag").hits] == []
    synonyms = for_searching(docs, Synonyms(), lexicon)
    assert search(index, "swag", synonyms=synonyms).hits[0].path == "people/merch.md"
    # Pages that answer in the reader's own words are searched in them alone …
    answered = search(index, "vacation", synonyms=synonyms)
    assert [hit.path for hit in answered.hits] == ["people/holidays.md"]
    assert answered.expansions == []
    # … and when the lexicon widens a query ("booking" is not on the vacation page), a
    # synonym found whole weighs what the typed word does: the page on booking annual leave
    # answers "vacation booking", and the page saying "vacation" follows it.
    found = [hit.path for hit in search(index, "vacation booking", synonyms=synonyms).hits]
    assert found[:2] == ["people/time-off.md", "people/holidays.md"]


def test_explain_and_the_expansions_say_what_came_from_the_lexicon(
    docs: Path, index: Path, lexicon: Lexicon
) -> None:
    _team_file(docs, "groups:\n  - [hr system, workday]\n")
    synonyms = for_searching(docs, parse_synonyms(SYNONYMS_FILE, "groups:\n  - [hr system, workday]\n"), lexicon)
    result = search(index, "vacation workday", synonyms=synonyms, explain=True)
    assert "vacation → annual leave (built-in lexicon)" in result.expansions
    assert "workday → hr system" in result.expansions  # the team's own: no label
    lines = "\n".join(line for why in result.explanations for line in why.lines())
    assert "vacation → annual leave (built-in lexicon)" in lines


def test_a_term_the_team_groups_its_own_way_is_the_teams_alone(
    docs: Path, index: Path, lexicon: Lexicon
) -> None:
    team = _team_file(docs, "groups:\n  - [vacation, company merchandise]\n")
    result = search(index, "vacation", synonyms=for_searching(docs, team, lexicon))
    assert result.expansions == ["vacation → company merchandise"]
    # Words the team's terms leave are still widened by the lexicon.
    result = search(index, "vacation swag", synonyms=for_searching(docs, team, lexicon))
    assert result.expansions == ["vacation → company merchandise", "swag → company merchandise (built-in lexicon)"]


def test_builtin_false_switches_the_lexicon_off(docs: Path, index: Path, lexicon: Lexicon) -> None:
    team = _team_file(docs, "builtin: false\ngroups:\n  - [rma, return authorisation]\n")
    assert search(index, "swag", synonyms=for_searching(docs, team, lexicon)).hits == []
    assert load_synonyms(docs).lexicon is None  # the file as the portal and CLI load it
    assert load_synonyms(docs).alternatives[("rma",)] == {("return", "authorisation")}


@pytest.mark.parametrize(
    ("text", "line"),
    [("builtin: no\n", 1), ("groups:\n  - [a, b]\nbuiltin: [false]\n", 3)],
)
def test_builtin_takes_true_or_false(text: str, line: int) -> None:
    with pytest.raises(SynonymsError) as caught:
        parse_synonyms(SYNONYMS_FILE, text)
    assert caught.value.line == line and "must be true or false" in caught.value.message


def test_a_broken_lexicon_file_is_reported_with_its_path_and_line(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text("groups:\n  - [ok, fine]\n  - [lonely]\n", encoding="utf-8")
    with pytest.raises(SynonymsError) as caught:
        read_lexicon(tmp_path)
    assert str(caught.value) == "search/lexicon/en.yml:3: a group needs at least two terms"


def test_an_indonesian_or_arabic_word_reaches_an_english_page_through_cross_language_pairs(
    docs: Path, index: Path, lexicon: Lexicon
) -> None:
    synonyms = for_searching(docs, Synonyms(), lexicon)
    hits = search(index, "cuti", lang="id", synonyms=synonyms).hits
    assert hits[0].path == "people/time-off.md" and hits[0].untranslated
    hits = search(index, "استرداد", lang="ar", synonyms=synonyms).hits
    assert hits[0].path == "support/refunds.md" and hits[0].untranslated
    # The same word with the article, as people write it (and with "and" before it): the
    # lexicon lists it without.
    for written in ("الاسترداد", "والاسترداد"):
        hits = search(index, written, lang="ar", synonyms=synonyms).hits
        assert hits[0].path == "support/refunds.md" and hits[0].untranslated
    assert search(index, "cuti", lang="id", synonyms=Synonyms()).hits == []


def test_the_shipped_lexicon_serves_an_untuned_knowledge_base(docs: Path, tmp_path: Path) -> None:
    index = _indexed(docs, tmp_path, {
        "people/remote.md": "# Working remotely\n\n## Equipment\n\nThe company lends a monitor for working remotely.\n",
        "people/time-off.md": "# Time off\n\n## Booking\n\nBook time off two weeks ahead in the HR system.\n",
        "support/refunds.md": "# Refunds\n\n## Window\n\nA refund is possible within 30 days.\n",
        "support/refunds.id.md": "# Pengembalian dana\n\n## Batas waktu\n\nPengembalian dana dalam 30 hari.\n",
    })  # fmt: skip
    synonyms = load_synonyms(docs)  # no synonyms file, no glossary: the lexicon alone
    assert search(index, "WFH").hits == []
    assert search(index, "WFH", synonyms=synonyms).hits[0].path == "people/remote.md"
    # An Indonesian word reaches the English page through cross.yml, labelled untranslated …
    hits = search(index, "cuti", lang="id", synonyms=synonyms).hits
    assert hits[0].path == "people/time-off.md" and hits[0].untranslated
    # … and an Arabic one (this page has no Arabic translation either).
    hits = search(index, "استرداد", lang="ar", synonyms=synonyms).hits
    assert hits[0].path == "support/refunds.md" and hits[0].untranslated


def test_a_word_the_pages_only_mention_in_passing_is_widened_and_one_they_name_is_not(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {"en.yml": "groups:\n  - [retreat, annual summit]\n"})
    index = _indexed(docs, tmp_path, {
        "meetings/notes.md": "# Weekly notes\n\n## News\n\nWe share company news at monthly calls and at the retreat.\n",
        "events/summit.md": "# Annual summit\n\nEveryone gathers in person once a year at the annual summit.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # A note holds both words, but only says "retreat" in passing: the page about it is the
    # one the team calls the annual summit.
    found = search(index, "company retreat", synonyms=synonyms)
    assert "events/summit.md" in [hit.path for hit in found.hits]
    assert any("(built-in lexicon)" in expansion for expansion in found.expansions)

    # Once a page has a section headed "Retreat", the team's own word answers the query.
    write_page(docs, "events/retreat.md", "# Team events\n\n## Retreat\n\nThe company retreat is in May.\n")
    build_index(docs, index)
    found = search(index, "company retreat", synonyms=synonyms)
    assert found.hits[0].path == "events/retreat.md"
    assert "events/summit.md" not in [hit.path for hit in found.hits] and not found.expansions


def test_a_query_naming_an_english_only_page_lands_on_it_before_pages_that_mention_its_words(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {
        "ar.yml": "groups:\n  - [سياسة الإرجاع, سياسة الاسترداد]\n",
        "id.yml": "groups:\n  - [kebijakan pengembalian, kebijakan retur]\n",
        "cross.yml": "groups:\n  - [return policy, سياسة الإرجاع]\n  - [refund, pengembalian dana]\n"
        "  - [policy, kebijakan]\n",
    })
    index = _indexed(docs, tmp_path, {
        "policies/refunds.md": "# Refunds and returns\n\n## Return window\n\nCustomers may return an item within 30 days.\n",
        "policies/remote.md": "# Remote work\n\n## Core hours\n\nBe online from 10:00 to 14:00.\n",
        "policies/remote.ar.md": "# سياسة العمل عن بعد\n\n## نصوغ هذه السياسة معا\n\nنراجع السياسة مع الفريق كل 180 يوما.\n",
        "templates/refund-reply.ar.md": "# تأكيد المبلغ المسترد\n\n## السياسة التي يستند إليها\n\nراجع سياسة الاسترداد قبل تنفيذ الاسترداد.\n",
        "templates/refund-reply.id.md": "# Konfirmasi refund\n\n## Kebijakan yang mendasarinya\n\nBaca kebijakan pengembalian dana sebelum memproses.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)

    # "Refund policy" in Arabic: the Arabic template mentions both words, the remote-work
    # policy says "policy"; the page it names is the English policy, which has no translation.
    found = search(index, "سياسة الاسترداد", lang="ar", synonyms=synonyms, explain=True)
    hits = found.hits
    assert hits[0].path == "policies/refunds.md" and hits[0].untranslated
    assert "templates/refund-reply.ar.md" in [hit.path for hit in hits]
    # --explain says why, with the English words it matched.
    why = found.explanations[0]
    assert "return" in why.matched["name_en"] and why.placed.startswith("first")
    assert "placed: first: the query in English names this page, and none in Arabic" in why.lines()
    # In Indonesian too: "pengembalian dana" (refund) is one term, not "kebijakan
    # pengembalian" and a stray "dana".
    hits = search(index, "kebijakan pengembalian dana", lang="id", synonyms=synonyms).hits
    assert hits[0].path == "policies/refunds.md" and hits[0].untranslated
    # A page in the reader's language the query names comes first, with no English page.
    assert search(index, "سياسة العمل عن بعد", lang="ar", synonyms=synonyms).hits[0].path == \
        "policies/remote.ar.md"
    write_page(docs, "policies/refunds.ar.md", "# سياسة الاسترداد والإرجاع\n\n## مهلة الإرجاع\n\nيمكن إرجاع المنتج خلال 30 يوما.\n")
    build_index(docs, index)
    hits = search(index, "سياسة الاسترداد", lang="ar", synonyms=synonyms).hits
    assert hits[0].path == "policies/refunds.ar.md"
    assert "policies/refunds.md" not in [hit.path for hit in hits]


def test_a_word_reaches_english_through_a_synonym_in_its_own_language(tmp_path: Path) -> None:
    (tmp_path / "ar.yml").write_text("groups:\n  - [سياسة الإرجاع, سياسة الاسترداد]\n", encoding="utf-8")
    (tmp_path / "cross.yml").write_text("groups:\n  - [return policy, سياسة الإرجاع]\n", encoding="utf-8")
    lexicon = read_lexicon(tmp_path)
    refund_policy = ("سياسة", "الاسترداد")
    assert ("return", "policy") in lexicon.across.alternatives_of(refund_policy)
    assert ("return", "policy") not in lexicon.within.alternatives_of(refund_policy)


def test_a_word_the_lexicon_knows_is_not_corrected_as_a_typo(
    docs: Path, tmp_path: Path, lexicon: Lexicon
) -> None:
    index = _indexed(docs, tmp_path, {
        "people/time-off.md": "# Time off\n\n## Annual leave\n\nBook annual leave two weeks ahead.\n",
        "shop/prices.md": "# Price cut\n\n## When we cut prices\n\nA price cut is announced a week ahead.\n",
    })  # fmt: skip
    # Unknown to these pages and one letter from "cut": a typo, for a search with no synonyms …
    assert search(index, "cuti").suggestion == "cut"
    # … but the Indonesian word for leave to a search that knows it.
    found = search(index, "cuti", lang="id", synonyms=for_searching(docs, Synonyms(), lexicon))
    assert found.suggestion is None
    assert [hit.path for hit in found.hits] == ["people/time-off.md"]


def test_a_synonym_phrased_with_stop_words_does_not_name_an_english_page(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {
        "cross.yml": "groups:\n  - [order status, where is my order, status pesanan]\n",
    })
    index = _indexed(docs, tmp_path, {
        "faq/orders.md": "# Orders\n\n## Cancelling an order\n\nCancel an order before it ships.\n",
        "templates/late-parcel.id.md": "# Paket terlambat\n\n## Balasan\n\nStatus pesanan Anda sedang kami periksa.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # "where is my order" without its stop words is "order": it would name any page on
    # orders. The Indonesian reply that answers stays first.
    hits = search(index, "status pesanan", lang="id", synonyms=synonyms).hits
    assert hits[0].path == "templates/late-parcel.id.md"


def test_an_english_only_page_answering_the_whole_query_comes_second(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {"cross.yml": "groups:\n  - [escalation, escalate, تصعيد]\n"})
    index = _indexed(docs, tmp_path, {
        "templates/escalation-ack.md": "# Escalation acknowledgement\n\n## Reply\n\nWe have passed your case on.\n",
        "templates/escalation-ack.ar.md": "# إشعار استلام التصعيد\n\n## الرد\n\nأحلنا طلبك إلى فريق التصعيد.\n",
        "templates/damaged.ar.md": "# منتج تالف\n\n## متى تستخدمه\n\nقبل التصعيد اطلب صورة المنتج.\n",
        "policies/difficult-tickets.md": "# Difficult tickets\n\n## Legal threats\n\nEscalate a legal threat to your lead at once.\n",
        "glossary.md": "# Glossary\n\nEscalation\n:   Passing a ticket up a tier. AR: تصعيد.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # The Arabic reply the query names stays first; the policy, which exists only in English,
    # is second — ahead of Arabic pages that only mention escalating, and of the glossary,
    # which quotes the Arabic word itself.
    found = search(index, "تصعيد", lang="ar", synonyms=synonyms, explain=True)
    assert [hit.path for hit in found.hits][:3] == [
        "templates/escalation-ack.ar.md", "policies/difficult-tickets.md", "templates/damaged.ar.md",
    ]
    assert found.hits[1].untranslated and found.explanations[1].placed.startswith("second")


def test_each_word_of_a_translated_query_stays_a_word_of_its_own(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {
        "cross.yml": "groups:\n  - [pay, bayar]\n  - [shipping fee, ongkir]\n  - [return, retur]\n",
    })
    index = _indexed(docs, tmp_path, {
        "policies/returns.md": "# Returns\n\n## Who pays return shipping\n\nThe customer pays the shipping fee of a return unless the item is faulty.\n",
        "policies/cod.md": "# Cash on delivery\n\n## Refused parcels\n\nA refused parcel comes back to us (retur) and the order is cancelled.\n",
        "templates/late.id.md": "# Paket terlambat\n\n## Balasan\n\nPaket Anda masih di jalan; retur bisa diajukan setelah diterima.\n",
        "templates/damaged.id.md": "# Barang rusak\n\n## Balasan\n\nKirim foto barang; kami siapkan retur.\n",
        "templates/wrong.id.md": "# Barang salah\n\n## Balasan\n\nMaaf, barangnya salah. Kami atur retur hari ini.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # "who pays the return shipping fee": "bayar" and "ongkir" are words of their own, not
    # stand-ins for "retur", which the cash-on-delivery policy quotes.
    hits = search(index, "bayar ongkir retur", lang="id", synonyms=synonyms).hits
    assert hits[1].path == "policies/returns.md" and hits[1].untranslated


def test_a_question_word_is_not_a_part_of_what_the_query_names(
    docs: Path, tmp_path: Path
) -> None:
    lexicon = _lexicon(tmp_path, {
        "cross.yml": "groups:\n  - [escalate, escalation, eskalasi]\n  - [ticket, tiket]\n",
    })
    index = _indexed(docs, tmp_path, {
        "howtos/escalate-a-ticket.md": "# Escalate a ticket\n\n## Steps\n\nAssign the ticket to your lead and add a note.\n",
        "templates/update.id.md": "# Pembaruan pesanan\n\n## Balasan\n\nTiket Anda sudah kami terima; eskalasi jika perlu.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # "cara" (how) asks; "eskalasi tiket" names the English how-to, which has no translation.
    hits = search(index, "cara eskalasi tiket", lang="id", synonyms=synonyms).hits
    assert hits[0].path == "howtos/escalate-a-ticket.md" and hits[0].untranslated


def test_arabic_spelling_variants_reach_the_lexicon(docs: Path, tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, {"cross.yml": "groups:\n  - [sick leave, إجازة مرضية]\n"})
    index = _indexed(docs, tmp_path, {
        "people/sick.md": "# Sick leave\n\n## Reporting sick\n\nTell your lead before your shift starts.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # ه typed for a final ة, and "and for the" (ولل) written onto the word, as people type.
    for written in ("اجازه مرضيه", "وللإجازة المرضية"):
        hits = search(index, written, lang="ar", synonyms=synonyms).hits
        assert [hit.path for hit in hits] == ["people/sick.md"], written


def test_an_indonesian_word_is_not_corrected_into_an_english_one(
    docs: Path, tmp_path: Path, lexicon: Lexicon
) -> None:
    index = _indexed(docs, tmp_path, {
        "people/time-off.md": "# Time off\n\n## Annual leave\n\nBook annual leave two weeks ahead.\n",
        "people/talks.md": "# Hard conversations\n\n## Preparing\n\nA hard talk needs notes.\n",
    })  # fmt: skip
    synonyms = for_searching(docs, Synonyms(), lexicon)
    # "hari" (days) is one letter from "hard", the only near word these English pages have.
    found = search(index, "hari cuti", lang="id", synonyms=synonyms)
    assert found.suggestion is None
    assert [hit.path for hit in found.hits] == ["people/time-off.md"]


def test_only_english_reaches_a_term_through_its_own_languages_synonyms(tmp_path: Path) -> None:
    (tmp_path / "id.yml").write_text("groups:\n  - [komputer, laptop]\n", encoding="utf-8")
    (tmp_path / "cross.yml").write_text(
        "groups:\n  - [laptop, notebook, حاسوب محمول]\n", encoding="utf-8"
    )
    across = read_lexicon(tmp_path).across.alternatives_of(("komputer",))
    assert ("notebook",) in across and ("حاسوب", "محمول") not in across
