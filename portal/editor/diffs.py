"""Differences between two texts of a page: line by line (source) and block by block (rendered)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from content.frontmatter import split_front_matter
from content.markdown import SiteMarkdown


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "same", "hunk"
    text: str


@dataclass(frozen=True)
class RenderedBlock:
    kind: str  # "add", "del", "same"
    html: str  # sanitised


def source_diff(before: str, after: str, context: int = 3) -> list[DiffLine]:
    """A unified diff as typed lines (no file headers)."""
    lines: list[DiffLine] = []
    for line in difflib.unified_diff(
        before.splitlines(), after.splitlines(), lineterm="", n=context
    ):
        if line.startswith(("---", "+++")) and not lines:
            continue
        if line.startswith("@@"):
            lines.append(DiffLine("hunk", line))
        elif line.startswith("+"):
            lines.append(DiffLine("add", line[1:]))
        elif line.startswith("-"):
            lines.append(DiffLine("del", line[1:]))
        else:
            lines.append(DiffLine("same", line[1:]))
    return lines


def markdown_blocks(body: str) -> list[str]:
    """Split Markdown into blocks at blank lines, never inside a fenced code block."""
    blocks: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in body.splitlines(keepends=True):
        stripped = line.lstrip()
        if fence is None and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif fence is not None and stripped.startswith(fence):
            fence = None
        if fence is None and not line.strip():
            if current:
                blocks.append("".join(current))
                current = []
            continue
        current.append(line)
    if current:
        blocks.append("".join(current))
    return blocks


def rendered_diff(before: str, after: str, renderer: SiteMarkdown) -> list[RenderedBlock]:
    """The bodies rendered as on the site, blocks marked added, removed or unchanged."""
    old = markdown_blocks(split_front_matter(before).body)
    new = markdown_blocks(split_front_matter(after).body)
    result: list[RenderedBlock] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(RenderedBlock("same", renderer.render(b)) for b in old[i1:i2])
            continue
        result.extend(RenderedBlock("del", renderer.render(b)) for b in old[i1:i2])
        result.extend(RenderedBlock("add", renderer.render(b)) for b in new[j1:j2])
    return result
