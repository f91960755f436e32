"""Finds the text of a Jinja template that a reader would see but nobody marked for translation.

What counts as text: the words between tags, and the attributes people read (`title`,
`placeholder`, `aria-label`, `alt`, the `value` of a button-like input), outside `{% trans %}`
and `_()`; and string constants a template prints (`{{ "Done" if … }}`). Not text: `<code>`,
`<kbd>`, `<samp>`, anything inside an element marked `translate="no"` (names such as Deskbook,
email addresses in examples), and constants that look like identifiers or CSS classes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from jinja2 import Environment, nodes

READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description", "label"}
BUTTON_INPUTS = {"submit", "button", "reset"}
NOT_TEXT_ELEMENTS = {"code", "kbd", "samp", "script", "style"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}
GETTEXT_CALLS = {"_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext"}
HOLE = "\x00"  # where an expression stood: not text of its own
LETTER = re.compile(r"[^\W\d_]")
FORMAT_CODE = re.compile(r"%[-#0-9.]*[a-zA-Z]|%\([a-z_]+\)[a-z]|\{[a-z_0-9]*\}")
IDENTIFIER = re.compile(r"^[a-z0-9_.:/#?=&\-]*$")
PATH_OR_ADDRESS = re.compile(r"^\S*[/@.]\S*$")  # "policies/example.md", "name@example.com"
NAMES = re.compile(r"\bDeskbook\b")  # the product's name is the same in every language


@dataclass(frozen=True)
class Untranslated:
    line: int
    text: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r}"


class _Text(HTMLParser):
    """Collects (text, offset) of what a reader sees in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int]] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, hidden from translation)

    def _hidden(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _offset(self) -> int:
        line, column = self.getpos()
        return line * 100_000 + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = self._hidden() or tag in NOT_TEXT_ELEMENTS or values.get("translate") == "no"
        if not hidden:
            for name, value in attrs:
                readable = name in READ_ATTRIBUTES or (
                    name == "value" and tag == "input" and values.get("type") in BUTTON_INPUTS
                )
                if readable and value and not PATH_OR_ADDRESS.match(value.strip()):
                    self.found.append((value, self._offset()))
        if tag not in VOID_ELEMENTS:
            self._stack.append((tag, hidden))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self._stack:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden():
            self.found.append((data, self._offset()))


def _is_words(text: str) -> bool:
    return bool(LETTER.search(NAMES.sub("", FORMAT_CODE.sub("", text.replace(HOLE, " ")))))


def _looks_like_prose(value: str) -> bool:
    """A constant a person would read: words, not a class name, endpoint or format."""
    if IDENTIFIER.match(value.strip()) or len(LETTER.findall(value)) < 2:
        return False
    return _is_words(value)


def _printed_constants(template: nodes.Template) -> Iterator[nodes.Const]:
    """String constants inside what the template prints or assigns, outside gettext calls
    and outside calls that take names (url_for, macros' keyword names are not constants)."""

    def walk(node: nodes.Node) -> Iterator[nodes.Const]:
        if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name)
                and (node.node.name in GETTEXT_CALLS or node.node.name == "url_for")):
            return
        if isinstance(node, nodes.Compare | nodes.Test | nodes.Getitem | nodes.Getattr):
            return
        if isinstance(node, nodes.Filter) and node.name in {"format", "replace", "join", "strftime"}:
            if node.node is not None:
                yield from walk(node.node)
            return
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            yield node
            return
        for child in node.iter_child_nodes():
            yield from walk(child)

    for holder in template.find_all((nodes.Output, nodes.Assign)):
        for child in holder.iter_child_nodes():
            if isinstance(child, nodes.TemplateData):
                continue
            yield from walk(child)


def untranslated(source: str, environment: Environment) -> list[Untranslated]:
    """Every piece of `source` (a template's text) that should be marked for translation."""
    template = environment.parse(source)
    pieces: list[str] = []
    lines: list[int] = []
    class_blocks = [block for block in template.find_all(nodes.Block)
                    if block.name.endswith("_class")]  # class names: `{% block page_class %}`
    hidden = {id(output) for block in class_blocks for output in block.find_all(nodes.Output)}
    for output in template.find_all(nodes.Output):
        if id(output) in hidden:
            continue
        for node in output.nodes:
            pieces.append(node.data if isinstance(node, nodes.TemplateData) else HOLE)
            lines.append(node.lineno)
    parser = _Text()
    parser.feed("".join(pieces))
    parser.close()
    found: list[Untranslated] = []
    joined_lines = "".join(pieces).split("\n")
    for text, offset in parser.found:
        if _is_words(text):
            line_in_joined = offset // 100_000
            found.append(Untranslated(_template_line(joined_lines, line_in_joined, source),
                                      " ".join(text.replace(HOLE, "…").split())))
    for const in _printed_constants(template):
        if _looks_like_prose(const.value):
            found.append(Untranslated(const.lineno, const.value))
    return sorted(found, key=lambda item: item.line)


def _template_line(joined: list[str], line: int, source: str) -> int:
    """The line of the template where a piece of the joined text first appears (best effort:
    only the report uses it)."""
    if not 1 <= line <= len(joined):
        return 0
    needle = joined[line - 1].strip()
    if not needle:
        return line
    for number, text in enumerate(source.split("\n"), start=1):
        if needle[:40] and needle[:40].replace(HOLE, "") in text:
            return number
    return line
