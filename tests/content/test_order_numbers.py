"""Order-number shapes declared in front matter: compiled to bounded patterns, read back in the
shape's own writing, and a broken declaration reported by `deskbook check` with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from content.check import check_docs
from content.order_numbers import OrderNumberShape, compile_shape, load_declared_shapes
from tests.helpers import write_page


def _read(shape: str, text: str) -> list[str]:
    pattern, parts = compile_shape(shape)
    declared = OrderNumberShape("Shop", shape, "order_number", None, pattern, parts)
    return [declared.canonical(match) for match in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("shape", "text", "found"),
    [
        ("LUM-######", "lum 100234, LUM100235, Lum-100236; LUM-1002377", ["LUM-100234", "LUM-100235", "LUM-100236"]),
        ("###-#######-#######", "123 1234567 1234567 and 123-1234567-1234567", ["123-1234567-1234567"] * 2),
        ("###-#######-#######", "12312345671234567", []),  # digits run together: not this shape
        ("N@{2,3}#{9,12}", "naeh40012345678 NSA123456789 N12345678901", ["NAEH40012345678", "NSA123456789"]),
        ("INV-####-#####", "inv/2026/00412 xINV-2026-00413", ["INV-2026-00412"]),
    ],
)
def test_a_shape_finds_numbers_as_customers_type_them(shape: str, text: str, found: list[str]) -> None:
    assert _read(shape, text) == found


def test_the_widest_shape_a_page_may_declare_stays_bounded() -> None:
    pattern, _ = compile_shape("#{30}@{30}")
    assert "{30}" in pattern.pattern and "*" not in pattern.pattern and "+" not in pattern.pattern
    with pytest.raises(ValueError, match="more than 30"):
        compile_shape("#{20}##{20}")  # runs of a kind merge, so their total is bounded too
    with pytest.raises(ValueError, match="1 to 60 characters"):
        compile_shape("#" * 61)


def test_pages_declare_shapes_and_the_first_declaration_of_a_shape_wins(docs: Path) -> None:
    write_page(docs, "a.md", "# A\n", order_numbers=[{"name": "Shop", "shape": "SHP-####"}])
    write_page(docs, "b.md", "# B\n", order_numbers=[{"name": "Again", "shape": "SHP-####"}, {"name": "Inv", "shape": "INV-####"}])
    write_page(docs, "c.md", "# C\n\norder_numbers: in the text is not a declaration\n")
    declared = load_declared_shapes(docs)
    assert [(s.name, s.shape) for s in declared.shapes] == [("Shop", "SHP-####"), ("Inv", "INV-####")]
    assert declared.problems == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("not a list", "must be a list"),
        (["LUM-######"], "entry 1 must be a mapping"),
        ([{"name": "Shop"}], "entry 1 needs `shape`"),
        ([{"name": "Shop", "shape": "LUM-@@@"}], "needs at least one # (digit)"),
        ([{"name": "Shop", "shape": "#{0,40}"}], "counts go from 1 to 30"),
        ([{"name": "Shop", "shape": "LUM-{#}"}], "stray"),
        ([{"name": "Shop", "shape": "LUM-######", "colour": "red"}], "unknown keys: colour"),
        ([{"name": "Shop", "shape": "LUM-######", "placeholder": "Order Number"}], "placeholder"),
    ],
)
def test_a_broken_declaration_is_reported_with_its_line(docs: Path, entry: Any, message: str) -> None:
    write_page(docs, "glossary.md", "# Glossary\n", title="Glossary", order_numbers=entry)
    write_page(docs, "shop.md", "# Shop\n", order_numbers=[{"name": "Shop", "shape": "SHP-####"}])
    declared = load_declared_shapes(docs)
    assert [shape.shape for shape in declared.shapes] == ["SHP-####"]  # the others still count
    problems = [p for p in check_docs(docs) if p.path == "glossary.md"]
    assert len(problems) == 1 and problems[0].line == 3, problems
    assert message in problems[0].message and "order_numbers" in problems[0].message
    assert [str(problem) for problem in declared.problems] == [
        f"glossary.md:3: {problems[0].message}"
    ]


def test_the_starter_knowledge_base_declarations_are_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs"
    declared = load_declared_shapes(docs)
    assert declared.problems == []
    assert {shape.marketplace for shape in declared.shapes} == {None, "Amazon", "eBay", "Noon"}
