"""The copyable reply of a canned-reply page: its first ```text fenced block, whose
`{placeholders}` (`{customer_name}`, `{order_number}`) the agent or Deskbook fills."""

from __future__ import annotations

import re

from content.frontmatter import split_front_matter
from content.parse import markdown_parser

PLACEHOLDER_NAME = r"[a-z][a-z0-9_]{0,40}"
PLACEHOLDER = re.compile(rf"\{{({PLACEHOLDER_NAME})\}}")


def reply_text(source: str) -> str | None:
    body = split_front_matter(source).body
    for token in markdown_parser().parse(body):
        if token.type == "fence" and token.info.strip().split(" ")[0] in ("text", "txt", ""):
            return token.content.rstrip("\n")
    return None
