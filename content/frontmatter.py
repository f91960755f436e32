"""Split YAML front matter from a Markdown file and check it against the schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from content.errors import InvalidFrontMatter
from content.model import LANGUAGES, PAGE_TYPES, FrontMatter

_OPEN = "---"
_CLOSE = ("---", "...")


@dataclass(frozen=True)
class SplitSource:
    yaml_text: str | None  # None when the file has no front matter block
    body: str
    body_start_line: int  # 1-based


def split_front_matter(text: str) -> SplitSource:
    """Separate a leading `---` YAML block from the Markdown body (as mkdocs does)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != _OPEN:
        return SplitSource(None, text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSE:
            return SplitSource("".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2)
    # An opening fence that never closes is Markdown (a thematic break), not front matter.
    return SplitSource(None, text, 1)


def yaml_error_line(error: yaml.MarkedYAMLError, text: str) -> int:
    """1-based line of a YAML error; an unclosed bracket points where it opened, not at EOF."""
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and (mark is None or mark.line >= len(lines)):
        mark = error.context_mark
    if mark is None:
        return 1
    if mark.line >= len(lines):
        last = max((i for i, line in enumerate(lines) if line.strip()), default=0)
        return last + 1
    return int(mark.line) + 1


def parse_front_matter(path: str, yaml_text: str | None) -> FrontMatter:
    """Parse and validate front matter; errors name the file and the line."""
    if yaml_text is None or not yaml_text.strip():
        return FrontMatter()
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(yaml_text)
    except yaml.MarkedYAMLError as error:
        line = yaml_error_line(error, yaml_text) + 1  # +1 for the opening `---`
        problem = error.problem or "is not valid YAML"
        raise InvalidFrontMatter(path, line, f"front matter {problem}") from error
    except yaml.YAMLError as error:
        raise InvalidFrontMatter(path, 1, f"front matter is not valid YAML: {error}") from error
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InvalidFrontMatter(path, 2, "front matter must be a mapping of `key: value` lines")
    key_lines = {
        str(key.value): key.start_mark.line + 2
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return _validate(path, {str(k): v for k, v in data.items()}, key_lines)


def _validate(path: str, data: dict[str, Any], key_lines: dict[str, int]) -> FrontMatter:
    def fail(key: str, message: str) -> InvalidFrontMatter:
        return InvalidFrontMatter(path, key_lines.get(key, 1), f"front matter `{key}` {message}")

    def text(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise fail(key, f"must be a non-empty string, got {_describe(value)}")
        return value.strip()

    def choice(key: str, allowed: tuple[str, ...]) -> str | None:
        value = text(key)
        if value is not None and value not in allowed:
            raise fail(key, f"must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def strings(key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(key, f"must be a list of strings, got {_describe(value)}")
        return tuple(v.strip() for v in value)

    review_every = data.get("review_every")
    if review_every is not None and (
        isinstance(review_every, bool) or not isinstance(review_every, int) or review_every < 1
    ):
        raise fail("review_every", f"must be a whole number of days ≥ 1, got {review_every!r}")

    last_reviewed = data.get("last_reviewed")
    if isinstance(last_reviewed, dt.datetime):
        last_reviewed = last_reviewed.date()
    elif isinstance(last_reviewed, str):
        try:
            last_reviewed = dt.date.fromisoformat(last_reviewed.strip())
        except ValueError as error:
            message = f"must be a date like 2026-01-31, got {last_reviewed!r}"
            raise fail("last_reviewed", message) from error
    elif last_reviewed is not None and not isinstance(last_reviewed, dt.date):
        raise fail("last_reviewed", f"must be a date like 2026-01-31, got {last_reviewed!r}")

    translation_of = text("translation_of")
    if translation_of is not None and not translation_of.endswith(".md"):
        raise fail("translation_of", f"must be the path of a .md page, got {translation_of!r}")

    known = set(FrontMatter.__dataclass_fields__) - {"extra", "key_lines"}
    return FrontMatter(
        title=text("title"),
        type=choice("type", PAGE_TYPES),
        owner=text("owner"),
        tags=strings("tags"),
        lang=choice("lang", LANGUAGES),
        review_every=review_every,
        last_reviewed=last_reviewed,
        translation_of=translation_of,
        based_on=strings("based_on"),
        summary=text("summary"),
        extra={k: v for k, v in data.items() if k not in known},
        key_lines=key_lines,
    )


def _describe(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__} {value!r}"
