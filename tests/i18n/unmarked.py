"""Finds English the portal's Python shows to people without marking it for translation.

What is shown: the message of a domain error (`InvalidInput("…")`, `Conflict(…)`, any class
derived from `portal.errors.PortalError`, the docstore's `DocStoreError` or `GitError`), the
message of a `ContentError(path, line, "…")`, a form's `errors["field"] = "…"`, `flash("…")`,
`abort(…, "…")` and its `description=`, the `notice=`, `problem=` and `error=` a view hands its
template, and the `"error"`, `"label"` and `"message"` of a dict a view returns as JSON. Unmarked: a string
literal, an f-string or a sum of them there. Marked: `N_("…")`, `gettext("…")` and the like
(`_`, `lazy_gettext`, `ngettext`), or text passed on from elsewhere (`str(error)`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT_ERRORS = {"PortalError", "DocStoreError", "GitError"}
CONTENT_ERRORS = {"ContentError", "InvalidFrontMatter", "InvalidHeading", "SynonymsError"}  # (path, line, text)
FORM_ERRORS = "errors"
SHOWN_KEYWORDS = {"notice", "problem", "error"}
SHOWN_KEYS = {"error", "label", "message"}
LETTERS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Unmarked:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def error_classes(sources: Iterable[str]) -> set[str]:
    """The names of ROOT_ERRORS and every class derived from them in `sources`."""
    bases: dict[str, set[str]] = {}
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(base) for base in node.bases)
    found = set(ROOT_ERRORS)
    while True:
        more = {name for name, parents in bases.items() if parents & found} - found
        if not more:
            return found
        found |= more


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _literal_text(node: ast.expr | None) -> str | None:
    """The English of an unmarked literal (a string, an f-string, a sum), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if LETTERS.search(node.value) else None
    if isinstance(node, ast.JoinedStr):
        words = "".join(part.value for part in node.values
                        if isinstance(part, ast.Constant) and isinstance(part.value, str))
        return words if LETTERS.search(words) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
        return _literal_text(node.left) or _literal_text(node.right)
    return None


def _shown(call: ast.Call, errors: set[str]) -> Iterator[ast.expr]:
    """The arguments of `call` whose text a person reads."""
    name = _name(call.func)
    if (name in errors or name == "flash") and call.args:
        yield call.args[0]
    if name in CONTENT_ERRORS:
        yield from call.args[2:3]
    if name == "abort":
        yield from call.args[1:2]
        yield from (k.value for k in call.keywords if k.arg == "description")
    yield from (k.value for k in call.keywords if k.arg in SHOWN_KEYWORDS)
    for argument in call.args:
        if isinstance(argument, ast.Dict):
            yield from (value for key, value in zip(argument.keys, argument.values, strict=True)
                        if isinstance(key, ast.Constant) and key.value in SHOWN_KEYS)


def _is_form_error(target: ast.expr) -> bool:
    """`errors["field"] = …`: the text shown beside a form's field."""
    return (isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name)
            and target.value.id == FORM_ERRORS)


def unmarked(source: str, path: str, errors: set[str]) -> list[Unmarked]:
    found = []
    for node in ast.walk(ast.parse(source)):
        shown: Iterable[ast.expr] = ()
        if isinstance(node, ast.Call):
            shown = _shown(node, errors)
        elif isinstance(node, ast.Assign) and any(_is_form_error(target)
                                                  for target in node.targets):
            shown = [node.value]
        for argument in shown:
            words = _literal_text(argument)
            if words is not None:
                found.append(Unmarked(path, argument.lineno, words))
    return sorted(found, key=lambda item: item.line)


# What the layers below make that the portal shows: the front matter's field errors (in the
# editor), the synonyms file's errors (to leads editing it).
_SHOWN_BELOW = ("content/schema.py", "content/frontmatter.py", "content/errors.py",
                "search/synonyms.py")
# The site build child answers its parent in a protocol: its "error" is mkdocs' diagnostic,
# shown as it is (in English) beneath the translated "the site build failed".
_PROTOCOL = {"portal/site/build_child.py"}


def portal_sources(root: Path) -> dict[str, str]:
    """The portal's Python people see the output of (not the CLI's, which speaks English to
    a terminal, nor the database migrations, nor the build child's protocol), and the files
    below the portal whose text the portal shows."""
    below = {name: (root / name).read_text(encoding="utf-8") for name in _SHOWN_BELOW}
    return below | {
        name: path.read_text(encoding="utf-8")
        for path in sorted((root / "portal").rglob("*.py"))
        if not {"cli", "migrations"} & set(path.relative_to(root / "portal").parts)
        and (name := path.relative_to(root).as_posix()) not in _PROTOCOL
    }
