"""Every difference the portal shows: line diffs, unified diffs, rendered block diffs, a
three-way merge, and the conflict of a change whose text moved on meanwhile.

Templates render `DiffLine`s with the one macro in `templates/_diff.html`.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from content.frontmatter import split_front_matter
from content.markdown import SiteMarkdown

DiffKind = Literal["add", "del", "same", "hunk"]
_Hunk = tuple[int, int, list[str]]  # base lines [start, end) replaced by these lines


@dataclass(frozen=True)
class DiffLine:
    kind: DiffKind  # "hunk": a `@@ -a,b +c,d @@` line starting a group of changes
    text: str


@dataclass(frozen=True)
class RenderedBlock:
    kind: DiffKind  # "add", "del" or "same"
    html: str  # rendered as on the site, sanitised


def _lines(text: str) -> list[str]:
    if text and not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


def line_diff(before: str, after: str) -> list[DiffLine]:
    """Every line of both texts, each marked added, removed or unchanged."""
    result: list[DiffLine] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        mark, text = line[:1], line[2:]
        if mark == "+":
            result.append(DiffLine("add", text))
        elif mark == "-":
            result.append(DiffLine("del", text))
        elif mark == " ":
            result.append(DiffLine("same", text))
    return result


def unified_diff(before: str, after: str, context: int = 3) -> list[DiffLine]:
    """The changed lines with `context` lines around them, in hunks, as git shows them."""
    lines: list[DiffLine] = []
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=context)
    for line in diff:
        if line.startswith(("---", "+++")) and not lines:
            continue  # the file names
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
    """The page bodies rendered as on the site, blocks marked added, removed or unchanged."""
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


def rendered_changes(
    before: str, after: str, renderer: SiteMarkdown, context: int = 1
) -> list[RenderedBlock]:
    """Only what changed, rendered as on the site: the changed blocks with `context`
    unchanged blocks around them; a "hunk" block (no html) stands for the blocks left out."""
    blocks = rendered_diff(before, after, renderer)
    changed = [i for i, block in enumerate(blocks) if block.kind != "same"]
    keep = {j for i in changed for j in range(i - context, i + context + 1)}
    shown: list[RenderedBlock] = []
    for index, block in enumerate(blocks):
        if index in keep:
            shown.append(block)
        elif not shown or shown[-1].kind != "hunk":
            shown.append(RenderedBlock("hunk", ""))
    if shown and shown[-1].kind == "hunk":
        shown.pop()
    return shown


def _hunks(base: list[str], other: list[str]) -> list[_Hunk]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"]


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> list[str]:
    """Base lines [start, end) with `hunks` (all inside that range) applied."""
    out: list[str] = []
    position = start
    for h_start, h_end, lines in hunks:
        out += base[position:h_start]
        out += lines
        position = h_end
    out += base[position:end]
    return out


@dataclass(frozen=True)
class Region:
    """A stretch of a three-way merge: lines both sides agree on (`conflict` False: the merged
    lines are `ours`), or lines both changed differently (`base`: what they replaced)."""

    base: tuple[str, ...]
    theirs: tuple[str, ...]
    ours: tuple[str, ...]
    conflict: bool


def merge_regions(base: str, theirs: str, ours: str) -> list[Region]:
    """The three-way merge of two edits of `base`, region by region: stretches that merge
    (unchanged, changed on one side, or the same on both) and stretches where the two changed
    the same or touching lines differently (grouped as diff3 groups them)."""
    base_lines = _lines(base)
    tagged = sorted(
        [(h, "theirs") for h in _hunks(base_lines, _lines(theirs))]
        + [(h, "ours") for h in _hunks(base_lines, _lines(ours))],
        key=lambda item: (item[0][0], item[0][1]),
    )
    regions: list[Region] = []

    def agreed(lines: list[str]) -> None:
        if not lines:
            return
        if regions and not regions[-1].conflict:
            lines = [*regions.pop().ours, *lines]
        kept = tuple(lines)
        regions.append(Region(kept, kept, kept, conflict=False))

    position = index = 0
    while index < len(tagged):
        group = [tagged[index]]
        start, end = tagged[index][0][0], tagged[index][0][1]
        index += 1
        # Changes that overlap or touch the group's range belong to it (as diff3 does).
        while index < len(tagged) and tagged[index][0][0] <= end:
            group.append(tagged[index])
            end = max(end, tagged[index][0][1])
            index += 1
        agreed(base_lines[position:start])
        original = base_lines[start:end]
        sides = {
            side: _apply(base_lines, start, end, [h for h, s in group if s == side])
            for side in ("theirs", "ours")
        }
        if sides["ours"] == original:
            agreed(sides["theirs"])
        elif sides["theirs"] == original or sides["theirs"] == sides["ours"]:
            agreed(sides["ours"])
        else:
            regions.append(Region(tuple(original), tuple(sides["theirs"]), tuple(sides["ours"]),
                                  conflict=True))
        position = end
    agreed(base_lines[position:])
    return regions


def resolve(regions: list[Region], choices: Sequence[str]) -> str:
    """The merge with each conflicting region, in order, taken from `choices` ("mine" or
    "theirs"); ValueError unless there is one valid choice per conflicting region."""
    conflicts = [region for region in regions if region.conflict]
    if len(choices) != len(conflicts) or any(c not in ("mine", "theirs") for c in choices):
        raise ValueError("choose your version or theirs for every place you both changed")
    chosen = iter(choices)
    out: list[str] = []
    for region in regions:
        if region.conflict:
            out += region.ours if next(chosen) == "mine" else region.theirs
        else:
            out += region.ours
    return "".join(out)


def merge3(base: str, theirs: str, ours: str) -> str | None:
    """The merge of two edits of `base`, or None when they change the same (or touching) lines."""
    regions = merge_regions(base, theirs, ours)
    if any(region.conflict for region in regions):
        return None
    return "".join(line for region in regions for line in region.ours)


@dataclass(frozen=True)
class ConflictView:
    """A change written against `base` while the text moved on to `current`: both versions,
    and their merge when the two do not touch the same lines."""

    yours: str  # the change as proposed
    current: str | None  # the text now; None when it was deleted meanwhile
    current_hash: str | None  # its version: approving or saving again is based on it
    base: str | None  # the text the change started from; None when it is not known
    merged: str | None
    regions: tuple[Region, ...] = ()  # with a known base: the merge, region by region

    @classmethod
    def of(cls, yours: str, current: str | None, current_hash: str | None,
           base: str | None) -> ConflictView:
        """The conflict, merged where the base is known and the two changes do not overlap."""
        if base is None or current is None:
            return cls(yours, current, current_hash, base, None)
        regions = merge_regions(base, current, yours)
        merged = None if any(r.conflict for r in regions) else "".join(
            line for region in regions for line in region.ours)
        return cls(yours, current, current_hash, base, merged, tuple(regions))

    @property
    def conflicts(self) -> list[tuple[int, Region]]:
        """The regions both changed (numbered from 0, as the form's choices are)."""
        return list(enumerate(r for r in self.regions if r.conflict))

    @property
    def changes(self) -> list[DiffLine]:
        """From the current text to the proposed one."""
        return unified_diff(self.current or "", self.yours)
