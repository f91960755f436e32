"""A line-based three-way merge (base, theirs, ours), for suggestions whose section moved on."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

_Hunk = tuple[int, int, list[str]]  # base lines [start, end) replaced by these lines


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "+", "-" or "=" (unchanged)
    text: str


def _lines(text: str) -> list[str]:
    if text and not text.endswith("\n"):
        text += "\n"
    return text.splitlines(keepends=True)


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


def merge3(base: str, theirs: str, ours: str) -> str | None:
    """The merge of two edits of `base`, or None when they change the same (or touching) lines."""
    base_lines = _lines(base)
    tagged = sorted(
        [(h, "theirs") for h in _hunks(base_lines, _lines(theirs))]
        + [(h, "ours") for h in _hunks(base_lines, _lines(ours))],
        key=lambda item: (item[0][0], item[0][1]),
    )
    out: list[str] = []
    position = 0
    index = 0
    while index < len(tagged):
        group = [tagged[index]]
        start, end = tagged[index][0][0], tagged[index][0][1]
        index += 1
        # Changes that overlap or touch the group's range belong to it (as diff3 does).
        while index < len(tagged) and tagged[index][0][0] <= end:
            group.append(tagged[index])
            end = max(end, tagged[index][0][1])
            index += 1
        original = base_lines[start:end]
        sides = {
            side: _apply(base_lines, start, end, [h for h, s in group if s == side])
            for side in ("theirs", "ours")
        }
        if sides["ours"] == original:
            chosen = sides["theirs"]
        elif sides["theirs"] == original or sides["theirs"] == sides["ours"]:
            chosen = sides["ours"]
        else:
            return None
        out += base_lines[position:start]
        out += chosen
        position = end
    out += base_lines[position:]
    return "".join(out)


def diff_lines(before: str, after: str) -> list[DiffLine]:
    """A whole-text line diff for display (unchanged lines kept, marked "=")."""
    result: list[DiffLine] = []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        kind, text = line[:1], line[2:]
        if kind in "+-":
            result.append(DiffLine(kind, text))
        elif kind == " ":
            result.append(DiffLine("=", text))
    return result


def unified(before: str, after: str, name: str) -> str:
    """A unified diff of the source, as git would show it."""
    return "".join(difflib.unified_diff(
        _lines(before), _lines(after), fromfile=f"a/{name}", tofile=f"b/{name}"
    ))
