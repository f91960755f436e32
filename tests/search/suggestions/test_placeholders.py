"""A canned reply's placeholders filled from a message's fields; the rest listed to fill."""

from __future__ import annotations

from search.suggestions.amounts import Amount
from search.suggestions.fields import Fields, OrderNumber
from search.suggestions.placeholders import fill_placeholders, placeholder_values

REPLY = (
    "Hello {buyer_name},\n\nThank you for your message about your order {marketplace_order_id}"
    " ({product_name}). You can follow it in your {marketplace} order details.\n\n{agent_name}"
)


def test_the_signer_and_a_marketplace_order_fill_the_reply() -> None:
    fields = Fields(
        customer_name="Sam",
        order_numbers=[OrderNumber("203-4829105-3381620", "Amazon", "order_number", "Amazon")],
    )
    filled = fill_placeholders(REPLY, placeholder_values(fields))
    assert filled.text.startswith("Hello Sam,")
    assert "your order 203-4829105-3381620 ({product_name})" in filled.text
    assert "in your Amazon order details" in filled.text
    assert filled.to_fill == ("product_name", "agent_name")


def test_the_first_order_number_of_each_placeholder_wins() -> None:
    fields = Fields(
        order_numbers=[
            OrderNumber("LUM-100234", "Web shop", "order_number", None),
            OrderNumber("LUM-100999", "Web shop", "order_number", None),
            OrderNumber("INV-2026-00412", "Invoice", "invoice_number", None),
        ]
    )
    values = placeholder_values(fields)
    assert values == {"order_number": "LUM-100234", "invoice_number": "INV-2026-00412"}


def test_nothing_known_leaves_every_placeholder_once_in_order() -> None:
    filled = fill_placeholders("{a} {b_c} {a} {Not_one} {} {order_number}", {})
    assert filled.text == "{a} {b_c} {a} {Not_one} {} {order_number}"
    assert filled.to_fill == ("a", "b_c", "order_number")


def test_amounts_and_dates_in_a_message_do_not_fill_what_we_refund() -> None:
    fields = Fields(amounts=[Amount("EUR 89.90", "89.90", "EUR")])
    assert fill_placeholders("{refund_amount}", placeholder_values(fields)).to_fill == (
        "refund_amount",
    )
