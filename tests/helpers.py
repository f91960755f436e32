"""Small builders for docs folders in tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent


def write_page(docs: Path, relative: str, body: str, **front: Any) -> Path:
    """Write a Markdown page; keyword arguments become its front matter (none → no block)."""
    path = docs / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = textwrap.dedent(body).lstrip("\n")
    if front:
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + text
    path.write_text(text, encoding="utf-8")
    return path
