"""A canned reply's `{placeholders}` filled from what the message says, and those left to fill.

Only what the message states for certain is filled: the signer's name, and the order number
in the shape the knowledge base declared (with its marketplace). Amounts and dates in a
message are the customer's, not the reply's (`{refund_amount}` is what we refund), so they are
shown as fields and left to the agent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.replies import PLACEHOLDER
from search.suggestions.fields import Fields

_NAME_PLACEHOLDERS = ("customer_name", "buyer_name")


@dataclass(frozen=True)
class FilledReply:
    text: str
    to_fill: tuple[str, ...]  # placeholders still in the text, in order of first appearance


def placeholder_values(fields: Fields) -> dict[str, str]:
    """The placeholders a message fills, by name."""
    values: dict[str, str] = {}
    if fields.customer_name:
        values.update(dict.fromkeys(_NAME_PLACEHOLDERS, fields.customer_name))
    for number in fields.order_numbers:
        values.setdefault(number.placeholder, number.value)
        if number.marketplace:
            values.setdefault("marketplace_order_id", number.value)
            values.setdefault("marketplace", number.marketplace)
    return values


def fill_placeholders(reply: str, values: dict[str, str]) -> FilledReply:
    """`reply` with each known placeholder replaced; unknown ones stay as written."""
    to_fill: dict[str, None] = {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        to_fill[name] = None
        return match.group(0)

    return FilledReply(text=PLACEHOLDER.sub(replace, reply), to_fill=tuple(to_fill))
