"""Order-number shapes a knowledge base declares in front matter (`order_numbers:`).

A team says once what its order numbers look like, on the page that documents them:

```yaml
order_numbers:
  - name: Amazon
    shape: "###-#######-#######"
    marketplace: Amazon
  - name: Web shop
    shape: "LUM-######"
```

In a shape `#` is one digit, `@` one letter, `#{9,12}` or `@{2}` a run of them; anything else
is written as it is. Letters match either case; `-`, `/`, `.` and a space may be typed as any
of them, and may be left out between a prefix and its number (`LUM100234`), not between two
runs of digits (twelve digits in a row are as likely a phone number). `placeholder` names the
reply placeholder the number fills (default `order_number`); `marketplace` fills
`{marketplace}` and `{marketplace_order_id}`.

A shape becomes a regular expression without nested repetition, so matching stays linear in
the text whatever a page declares.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from content.errors import ContentError, InvalidFrontMatter
from content.frontmatter import parse_front_matter, split_front_matter
from content.loader import iter_markdown_files, read_text, relative_posix
from content.model import FrontMatter
from content.replies import PLACEHOLDER_NAME

FRONT_MATTER_KEY = "order_numbers"
DEFAULT_PLACEHOLDER = "order_number"
MAX_SHAPE_CHARS = 60
MAX_RUN = 30  # the longest run one `#{n}` may ask for

_RUN = re.compile(r"([#@])(?:\{(\d{1,2})(?:,(\d{1,2}))?\})?")
_SEPARATORS = "-/. "
_PLACEHOLDER = re.compile(PLACEHOLDER_NAME)
_CLASSES = {"#": "[0-9]", "@": "[A-Za-z]"}


@dataclass(frozen=True)
class OrderNumberShape:
    """One declared shape, compiled: `pattern` captures each run of digits or letters."""

    name: str
    shape: str
    placeholder: str
    marketplace: str | None
    pattern: re.Pattern[str]
    parts: tuple[str, ...]  # the canonical text between captured runs ("", "-", "-", "")

    def canonical(self, match: re.Match[str]) -> str:
        """The number as the shape writes it: `lum 100234` → `LUM-100234`."""
        runs = [group.upper() for group in match.groups()]
        pieces = [self.parts[0]]
        for run, after in zip(runs, self.parts[1:], strict=True):
            pieces.extend((run, after))
        return "".join(pieces)


@dataclass(frozen=True)
class _Run:
    kind: str  # "#" or "@"
    least: int
    most: int


def compile_shape(shape: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The regular expression of a shape and its literal parts; ValueError says what is wrong."""
    if not shape or len(shape) > MAX_SHAPE_CHARS:
        raise ValueError(f"must be 1 to {MAX_SHAPE_CHARS} characters")
    regex: list[str] = []
    parts: list[str] = [""]
    tokens = _tokens(shape)
    for index, token in enumerate(tokens):
        if isinstance(token, _Run):
            count = f"{{{token.least}}}" if token.least == token.most else (
                f"{{{token.least},{token.most}}}"
            )
            regex.append(f"({_CLASSES[token.kind]}{count})")
            parts.append("")
        elif token in _SEPARATORS:
            between_runs = 0 < index < len(tokens) - 1 and all(
                isinstance(tokens[i], _Run) for i in (index - 1, index + 1)
            )
            # Digits typed together are ambiguous (a phone number): only a prefix may be
            # run into its number, `LUM100234`.
            regex.append(f"[{re.escape(_SEPARATORS)}]" + ("" if between_runs else "?"))
            parts[-1] += token
        elif token.isalnum():
            regex.append(f"[{re.escape(token.upper())}{re.escape(token.lower())}]")
            parts[-1] += token.upper()
        else:
            regex.append(re.escape(token))
            parts[-1] += token
    if "#" not in shape:
        raise ValueError("needs at least one # (digit): an order number without digits is a word")
    return re.compile(rf"(?<![\w-]){''.join(regex)}(?![\w-])"), tuple(parts)


def _tokens(shape: str) -> list[_Run | str]:
    """Runs of digits or letters (adjacent ones of a kind merged) and literal characters."""
    tokens: list[_Run | str] = []
    position = 0
    while position < len(shape):
        run = _RUN.match(shape, position)
        if run is None:
            char = shape[position]
            if char in "{}":
                raise ValueError(f"has a stray {char!r} (write runs as #{{3}} or #{{2,4}})")
            tokens.append(char)
            position += 1
            continue
        least, most = _counts(run)
        previous = tokens[-1] if tokens else None
        if isinstance(previous, _Run) and previous.kind == run.group(1):
            tokens[-1] = _Run(previous.kind, previous.least + least, previous.most + most)
        else:
            tokens.append(_Run(run.group(1), least, most))
        position = run.end()
    for token in tokens:
        if isinstance(token, _Run) and token.most > MAX_RUN:
            raise ValueError(f"asks for a run of more than {MAX_RUN} characters")
    return tokens


def _counts(run: re.Match[str]) -> tuple[int, int]:
    low, high = run.group(2), run.group(3)
    if low is None:
        return 1, 1
    least, most = int(low), int(high) if high is not None else int(low)
    if not 1 <= least <= most <= MAX_RUN:
        raise ValueError(f"has a run {run.group(0)!r}; counts go from 1 to {MAX_RUN}, low to high")
    return least, most


def declared_shapes(path: str, front_matter: FrontMatter) -> list[OrderNumberShape]:
    """The shapes a page declares; InvalidFrontMatter names the page and the line."""
    raw = front_matter.extra.get(FRONT_MATTER_KEY)
    if raw is None:
        return []
    line = front_matter.line_of(FRONT_MATTER_KEY)

    def fail(message: str) -> InvalidFrontMatter:
        return InvalidFrontMatter(path, line, f"front matter `{FRONT_MATTER_KEY}` {message}")

    if not isinstance(raw, list):
        raise fail("must be a list of {name, shape} entries")
    return [_shape(number, entry, fail) for number, entry in enumerate(raw, start=1)]


def _shape(
    number: int, entry: Any, fail: Callable[[str], InvalidFrontMatter]
) -> OrderNumberShape:
    if not isinstance(entry, dict):
        raise fail(f"entry {number} must be a mapping with `name` and `shape`")
    unknown = set(entry) - {"name", "shape", "placeholder", "marketplace"}
    if unknown:
        raise fail(f"entry {number} has unknown keys: {', '.join(sorted(map(str, unknown)))}")
    texts: dict[str, str] = {}
    for key in ("name", "shape", "placeholder", "marketplace"):
        value = entry.get(key)
        if value is None and key in ("placeholder", "marketplace"):
            continue
        if not isinstance(value, str) or not value.strip():
            raise fail(f"entry {number} needs `{key}` as a non-empty string")
        texts[key] = value.strip()
    placeholder = texts.get("placeholder", DEFAULT_PLACEHOLDER)
    if _PLACEHOLDER.fullmatch(placeholder) is None:
        raise fail(f"entry {number}: `placeholder` must be like order_number, not {placeholder!r}")
    try:
        pattern, parts = compile_shape(texts["shape"])
    except ValueError as error:
        raise fail(f"entry {number}: shape {texts['shape']!r} {error}") from error
    return OrderNumberShape(
        name=texts["name"],
        shape=texts["shape"],
        placeholder=placeholder,
        marketplace=texts.get("marketplace"),
        pattern=pattern,
        parts=parts,
    )


@dataclass
class DeclaredShapes:
    shapes: list[OrderNumberShape] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)


def load_declared_shapes(docs_dir: Path) -> DeclaredShapes:
    """Every page's shapes, each shape once (the first page in path order wins); a page whose
    declaration is broken is reported in `problems` and the others still count."""
    found = DeclaredShapes()
    seen: set[str] = set()
    for path in iter_markdown_files(docs_dir):
        relative = relative_posix(docs_dir, path)
        try:
            source = read_text(path, relative)
            if f"{FRONT_MATTER_KEY}:" not in source:
                continue  # parsing YAML is most of the cost; few pages declare shapes
            split = split_front_matter(source)
            shapes = declared_shapes(relative, parse_front_matter(relative, split.yaml_text))
        except ContentError as error:
            found.problems.append(error)
            continue
        except OSError:
            continue  # removed while we read: it declares nothing any more
        for shape in shapes:
            if shape.shape not in seen:
                seen.add(shape.shape)
                found.shapes.append(shape)
    return found
