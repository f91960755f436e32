"""Small builders for docs folders in tmp_path."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

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


def deskbook(*args: str, env: Mapping[str, str] | None = None, stdin: str | None = None) -> Result:
    """Run `deskbook ARGS…` in this process, as a terminal would (exit code, stdout, stderr)."""
    from portal.cli import main  # the whole portal: only for the tests that run the command

    return CliRunner().invoke(main, list(args), env=dict(env or {}), input=stdin)


def readme_table(header: str) -> list[list[str]]:
    """The rows of the README's table whose header line is `header`, cells as written."""
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(header) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))])
    return rows


_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_DATA_BLOCK = re.compile(r"\btype\s*=\s*[\"']?application/(?:ld\+)?json", re.IGNORECASE)


def inline_scripts(html: str) -> list[str]:
    """The bodies of a page's inline <script> elements a browser would run (JSON data blocks
    and scripts loaded from a file are not)."""
    return [body for attrs, body in _SCRIPT.findall(html)
            if "src=" not in attrs and not _DATA_BLOCK.search(attrs) and body.strip()]
