"""Fields a message carries: order numbers by the shapes a knowledge base declares, and dates,
amounts, phones and emails (fixtures/recognise.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from content.order_numbers import load_declared_shapes
from search.suggestions.fields import MAX_EACH, extract_fields
from search.suggestions.message import clean_message
from tests.helpers import REPO, write_page

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "recognise.yml").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_fields_of_each_kind(case: dict[str, Any]) -> None:
    fields = extract_fields(clean_message(case["text"]), "", [], None)
    assert [d.value for d in fields.dates] == case.get("dates", [])
    assert [[a.currency, a.value] for a in fields.amounts] == case.get("amounts", [])
    assert fields.phones == case.get("phones", [])
    assert fields.emails == case.get("emails", [])
    assert [n.value for n in fields.order_numbers] == case.get("order_numbers", [])


SHAPES = [
    {"name": "Invoice", "shape": "INV-####-#####", "placeholder": "invoice_number"},
    {"name": "Shopee", "shape": "#{6}@{8}", "marketplace": "Shopee"},
]


def test_a_knowledge_base_declares_its_own_shapes(docs: Path) -> None:
    write_page(docs, "billing.md", "# Billing\n", order_numbers=SHAPES)
    shapes = load_declared_shapes(docs).shapes
    fields = extract_fields("invoice inv 2026 00412, shopee 240517ABCDEFGH", "", shapes, None)
    assert [(n.value, n.name, n.placeholder, n.marketplace) for n in fields.order_numbers] == [
        ("INV-2026-00412", "Invoice", "invoice_number", None),
        ("240517ABCDEFGH", "Shopee", "order_number", "Shopee"),
    ]


def test_marketplace_shapes_are_not_built_in(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    shapes = load_declared_shapes(docs).shapes
    fields = extract_fields("amazon 203-4829105-3381620", "", shapes, None)
    assert shapes == [] and fields.order_numbers == []


def test_the_starter_knowledge_base_declares_its_marketplaces() -> None:
    shapes = load_declared_shapes(REPO / "docs").shapes
    text = clean_message("203-4829105-3381620 12-34567-89012 NSAH١٢٣٤٥٦٧٨٩٠١ lum100234")
    numbers = extract_fields(text, "", shapes, None).order_numbers
    assert [(n.value, n.marketplace) for n in numbers] == [
        ("203-4829105-3381620", "Amazon"),
        ("12-34567-89012", "eBay"),
        ("NSAH12345678901", "Noon"),
        ("LUM-100234", None),
    ]


def test_twelve_digits_in_a_row_are_a_phone_not_an_ebay_order() -> None:
    shapes = load_declared_shapes(REPO / "docs").shapes
    fields = extract_fields("call +971501234567 or 123456789012", "", shapes, None)
    assert fields.order_numbers == []
    assert fields.phones == ["+971501234567"]


def test_the_quoted_thread_gives_order_numbers_only_when_the_customer_gives_none(docs: Path) -> None:
    write_page(docs, "g.md", "# G\n", order_numbers=[{"name": "Shop", "shape": "LUM-######"}])
    shapes = load_declared_shapes(docs).shapes
    quoted = "> your order LUM-100001, mail care@lumen.example"
    assert [n.value for n in extract_fields("any news?", quoted, shapes, None).order_numbers] == [
        "LUM-100001"
    ]
    own = extract_fields("about LUM-100002", quoted, shapes, None)
    assert [n.value for n in own.order_numbers] == ["LUM-100002"]
    assert own.emails == []  # our own address in the quote is not the customer's


def test_a_long_thread_yields_a_few_of_each_kind_not_a_list() -> None:
    text = " ".join(f"hannah{n}@example.com" for n in range(50))
    assert len(extract_fields(text, "", [], None).emails) == MAX_EACH
