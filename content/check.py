"""`deskbook check`: every problem in a docs folder as `path:line: message`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.errors import InvalidFrontMatter, InvalidHeading
from content.links import extract_links, resolve_internal
from content.loader import SKIPPED_DIRS, load_docs, read_text
from content.model import Page
from content.order_numbers import declared_shapes
from content.parse import check_heading_ids
from content.schema import DEFAULT_LANGUAGE, language_of_path
from content.urls import source_path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def format(self, shown_root: str = "") -> str:
        prefix = f"{shown_root.rstrip('/')}/" if shown_root else ""
        return f"{prefix}{self.path}:{self.line}: {self.message}"


# URL prefixes the portal answers itself: a docs folder of that name would never be seen.
RESERVED_FOLDERS = ("portal", "api")
# Files mkdocs would publish as they are: scripts (the site's CSP runs script files from the
# host) and HTML pages (never sanitised). Only the theme and overrides/ ship script.
UNPUBLISHABLE_SUFFIXES = (".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".shtml")


def check_docs(docs_dir: Path, nav: list[Any] | None = None) -> list[Problem]:
    """All problems found in docs_dir; `nav` is mkdocs.yml's nav, when it declares one."""
    loaded = load_docs(docs_dir)
    problems = [Problem(e.path, e.line, e.message) for e in loaded.problems]
    problems.extend(layout_problems(docs_dir))
    pages = {page.path: page for page in loaded.pages}
    files = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    for page in loaded.pages:
        source = read_text(docs_dir / page.path, page.path)
        try:
            check_heading_ids(page.path, source)
        except InvalidHeading as error:
            problems.append(Problem(error.path, error.line, error.message))
        problems.extend(_link_problems(page, source, pages, files))
        problems.extend(_translation_problems(page, pages))
        problems.extend(_based_on_problems(page, pages))
        problems.extend(_order_number_problems(page))
    if nav is not None:
        problems.extend(_nav_problems(nav, pages))
    return sorted(problems)


def layout_problems(docs_dir: Path) -> list[Problem]:
    """Symbolic links, reserved folder names, scripts and HTML files: the site build refuses all.

    mkdocs follows a link wherever it points (a link to /etc/passwd would be published), a
    top-level folder named like a portal prefix would be hidden behind the portal's own pages,
    and a script or HTML file would be published unsanitised, able to run in readers' browsers.
    """
    problems: list[Problem] = []
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("."))
        here = Path(folder)
        for name in sorted([*dirs, *names]):
            path = here / name
            shown = path.relative_to(docs_dir).as_posix()
            if path.is_symlink():
                problems.append(
                    Problem(
                        shown,
                        1,
                        "is a symbolic link; the site would publish "
                        "whatever it points at — put the file itself here",
                    )
                )
            elif path.is_file() and name.lower().endswith(UNPUBLISHABLE_SUFFIXES):
                problems.append(
                    Problem(
                        shown,
                        1,
                        "a script or HTML file would be published as it is, unsanitised, and "
                        "could run in readers' browsers; write the page in Markdown instead",
                    )
                )
            elif here == docs_dir and name.split(".")[0] in RESERVED_FOLDERS:
                problems.append(
                    Problem(
                        shown,
                        1,
                        f"the name {name!r} is reserved: the "
                        f"portal answers /{name}/ itself; rename it",
                    )
                )
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
    return problems


def _link_problems(
    page: Page, source: str, pages: dict[str, Page], files: set[str]
) -> Iterable[Problem]:
    for link in extract_links(source):
        if not link.target:
            yield Problem(page.path, link.line, "link has an empty target")
            continue
        target = resolve_internal(page.path, link.target)
        if target is None:
            continue
        if target.path is None:
            if target.anchor and target.anchor not in page.anchors:
                yield Problem(page.path, link.line, f"link to missing anchor #{target.anchor}")
            continue
        if target.path.startswith("../") or target.path == "..":
            yield Problem(page.path, link.line, f"link {link.target!r} leaves the docs folder")
            continue
        linked = pages.get(target.path) or pages.get(target.path.rstrip("/") + "/index.md")
        if linked is None:
            if target.path not in files:
                yield Problem(page.path, link.line, f"link to missing page {link.target!r}")
            continue
        if linked.lang not in (page.lang, DEFAULT_LANGUAGE):
            yield Problem(
                page.path,
                link.line,
                f"link {link.target!r} points at a {linked.lang} translation from a {page.lang} "
                f"page; link the English page ({source_path(linked.path)}) — readers switch "
                "language with the site's language menu",
            )
            continue
        if target.anchor and target.anchor not in linked.anchors:
            yield Problem(
                page.path,
                link.line,
                f"link {link.target!r}: {linked.path} has no heading #{target.anchor}",
            )


def _translation_problems(page: Page, pages: dict[str, Page]) -> Iterable[Problem]:
    source = page.front_matter.translation_of
    line = page.front_matter.line_of("translation_of")
    if source is None:
        if language_of_path(page.path) and source_path(page.path) not in pages:
            yield Problem(
                page.path, 1, f"translation's source page {source_path(page.path)} is missing"
            )
        return
    if source not in pages:
        yield Problem(page.path, line, f"translation_of: source page {source} is missing")
    elif language_of_path(page.path) and source != source_path(page.path):
        yield Problem(
            page.path,
            line,
            f"translation_of: {source} does not match the file name "
            f"(expected {source_path(page.path)})",
        )


def _based_on_problems(page: Page, pages: dict[str, Page]) -> Iterable[Problem]:
    line = page.front_matter.line_of("based_on")
    for reference in page.front_matter.based_on:
        path, _, anchor = reference.partition("#")
        target = pages.get(path)
        if target is None:
            yield Problem(page.path, line, f"based_on: page {path} is missing")
        elif anchor and anchor not in target.anchors:
            yield Problem(page.path, line, f"based_on: {path} has no section #{anchor}")


def _order_number_problems(page: Page) -> Iterable[Problem]:
    try:
        declared_shapes(page.path, page.front_matter)
    except InvalidFrontMatter as error:
        yield Problem(error.path, error.line, error.message)


def _nav_problems(nav: list[Any], pages: dict[str, Page]) -> Iterable[Problem]:
    listed = set(_nav_files(nav))
    for path in sorted(listed):
        if path not in pages:
            yield Problem("mkdocs.yml", 1, f"nav lists {path}, which does not exist")
    for page in pages.values():
        if language_of_path(page.path) is None and page.path not in listed:
            yield Problem(page.path, 1, "page is in no navigation (add it to nav in mkdocs.yml)")


def _nav_files(nav: Any) -> Iterable[str]:
    if isinstance(nav, str):
        if nav.endswith(".md") and "://" not in nav:
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


def nav_from_config(config_file: Path) -> list[Any] | None:
    """The `nav` of an mkdocs.yml, read without mkdocs' custom tags."""
    if not config_file.is_file():
        return None

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)
    nav = data.get("nav") if isinstance(data, dict) else None
    return nav if isinstance(nav, list) else None
