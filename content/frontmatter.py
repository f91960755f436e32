"""Front matter: split it from a Markdown file, read and check it against the schema, write it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from content.errors import InvalidFrontMatter
from content.messages import N_, Message
from content.model import FrontMatter
from content.schema import KEYS, validate_front_matter

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


# libyaml reads the same YAML several times faster (most of an index build's parsing time);
# the pure-Python reader is the fallback, and gives the error messages users see.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(yaml_text: str, loader: Any) -> tuple[Any, Any]:
    """The text's node tree (for key lines) and its data, composed once."""
    node = yaml.compose(yaml_text, Loader=loader)
    if node is None:
        return None, None
    return node, loader(yaml_text).construct_document(node)


def read_front_matter(path: str, yaml_text: str | None) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter as YAML says it (nothing checked yet) and the file line of each key.

    Raises `InvalidFrontMatter` naming the line when the YAML cannot be read or is no mapping.
    """
    if yaml_text is None or not yaml_text.strip():
        return {}, {}
    try:
        try:
            node, data = _load(yaml_text, _FAST_LOADER)
        except yaml.YAMLError:  # read again for the error message the pure-Python reader gives
            node, data = _load(yaml_text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = yaml_error_line(error, yaml_text) + 1  # +1 for the opening `---`
        problem = Message(N_("front matter is not valid YAML: %(problem)s"),
                          problem=error.problem or "cannot be read")
        raise InvalidFrontMatter(path, line, problem) from error
    except yaml.YAMLError as error:
        raise InvalidFrontMatter(path, 1, Message(N_("front matter is not valid YAML: %(problem)s"),
                                                  problem=str(error))) from error
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise InvalidFrontMatter(path, 2, Message(
            N_("front matter must be a mapping of `key: value` lines")))
    key_lines = {
        str(key.value): key.start_mark.line + 2
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return {str(k): v for k, v in data.items()}, key_lines


def parse_front_matter(path: str, yaml_text: str | None) -> FrontMatter:
    """Parse and validate front matter; the first error (by line) names the file and the line."""
    data, key_lines = read_front_matter(path, yaml_text)
    checked = validate_front_matter(data, path)
    if checked.errors:
        key = min(checked.errors, key=lambda name: key_lines.get(name, 1))
        raise InvalidFrontMatter(
            path, key_lines.get(key, 1), Message(N_("front matter `%(key)s` %(problem)s"), key=key,
                                              problem=checked.errors[key])
        )
    values = checked.values
    return FrontMatter(
        title=values.get("title"),
        type=values.get("type"),
        owner=values.get("owner"),
        tags=tuple(values.get("tags", ())),
        lang=values.get("lang"),
        review_every=values.get("review_every"),
        last_reviewed=values.get("last_reviewed"),
        translation_of=values.get("translation_of"),
        based_on=tuple(values.get("based_on", ())),
        summary=values.get("summary"),
        draft=values.get("draft", False),
        reviewed_by=values.get("reviewed_by"),
        archived=values.get("archived"),
        archived_by=values.get("archived_by"),
        archive_reason=values.get("archive_reason"),
        replaced_by=values.get("replaced_by"),
        extra=checked.extra,
        key_lines=key_lines,
    )


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key (`based_on:\n  - x`), as the pages write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def front_matter_yaml(data: Mapping[str, Any]) -> str:
    """`data` as front matter YAML, keys in the order given; lists one item a line, except
    the keys the schema writes on one line (`tags: [a, b]`)."""
    return "".join(
        yaml.dump(
            {key: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
            default_flow_style=None if key in KEYS and KEYS[key].flow else False,
        )
        for key, value in data.items()
    )


def revise_front_matter(yaml_text: str, data: Mapping[str, Any]) -> str:
    """`yaml_text` changed to say `data`, touching only what changed: a key whose value is the
    same keeps its lines as written (quoting, comments, order), a changed key is rewritten in
    place, a removed key goes, a new key follows the key before it in `data` (else comes
    first). The result reads back as `data`; YAML that is no mapping is written anew."""
    try:
        node = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
        old = yaml.safe_load(yaml_text)
    except yaml.YAMLError:
        return front_matter_yaml(data)
    if not isinstance(node, yaml.MappingNode) or not isinstance(old, dict):
        return front_matter_yaml(data)
    lines = yaml_text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    spans: dict[str, tuple[int, int]] = {}  # key -> its lines [first, end)
    for key_node, value_node in node.value:
        first, end_mark = key_node.start_mark.line, value_node.end_mark
        end = end_mark.line + (1 if end_mark.column else 0)
        # A block value ends where the next key starts: comments and blank lines before
        # that key are not part of this one.
        while end - 1 > first and (not lines[end - 1].strip() or lines[end - 1][0] == "#"):
            end -= 1
        spans[str(key_node.value)] = (first, end)
    if len(spans) != len(old):  # merge keys or other YAML we do not rewrite line by line
        return front_matter_yaml(data)
    replaced: dict[int, str] = {}  # first line of a span -> its new text ("" removes it)
    for key, (first, _) in spans.items():
        if key not in data:
            replaced[first] = ""
        elif data[key] != old.get(key) or type(data[key]) is not type(old.get(key)):
            replaced[first] = front_matter_yaml({key: data[key]})
    inserted: dict[int, list[str]] = {}  # after the span starting on this line (-1: on top)
    previous = -1
    for key in data:
        if key in spans:
            previous = spans[key][0]
        else:
            inserted.setdefault(previous, []).append(front_matter_yaml({key: data[key]}))
    ends = {first: end for first, end in spans.values()}
    out = list(inserted.get(-1, []))
    line = 0
    while line < len(lines):
        if line in ends:
            out.append(replaced.get(line, "".join(lines[line:ends[line]])))
            out.extend(inserted.get(line, []))
            line = ends[line]
        else:
            out.append(lines[line])
            line += 1
    return "".join(out)


def edited_page_text(original: str | None, data: Mapping[str, Any], body: str) -> str:
    """A page's new text from the values and body a person edited, written the way `original`
    was: its front matter revised in place (see `revise_front_matter`), its line endings (CRLF
    stays CRLF), and its last line with or without a newline as it was. `body` is the Markdown
    after the front matter, with `\n` line endings, as the editor holds it."""
    crlf = original is not None and "\r\n" in original
    split = split_front_matter(original.replace("\r\n", "\n")) if original else None
    if split is not None and split.yaml_text is not None:
        yaml_text = revise_front_matter(split.yaml_text, data)
    else:
        yaml_text = front_matter_yaml(data)
    text = f"---\n{yaml_text}---\n{body}" if yaml_text else body
    if original is not None and not original.endswith("\n"):
        text = text.removesuffix("\n")
    return text.replace("\n", "\r\n") if crlf else text


def page_text(data: Mapping[str, Any], body: str) -> str:
    """A page file: the front matter block, then the Markdown body."""
    return f"---\n{front_matter_yaml(data)}---\n{body}"
