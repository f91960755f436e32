"""Reading pages from a docs folder: the only file-system side of the content model."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from content.errors import ContentError, DocNotFound
from content.model import Page
from content.parse import parse_page
from content.schema import DEFAULT_LANGUAGE

SKIPPED_DIRS = frozenset({".git", ".github", "__pycache__", "node_modules"})


def iter_markdown_files(docs_dir: Path) -> Iterator[Path]:
    """Every `.md` file below docs_dir in a stable order, skipping hidden and VCS folders."""
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir)
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink():
            yield path


def relative_posix(docs_dir: Path, path: Path) -> str:
    return path.relative_to(docs_dir).as_posix()


def resolve_page_path(docs_dir: Path, page: str, *, must_exist: bool = True) -> Path:
    """Map a user-supplied page path to a file inside docs_dir, refusing anything else.

    With `must_exist=False` the path may name a page yet to be written (still inside docs_dir).
    """
    candidate = page.strip().replace("\\", "/")
    if (
        not candidate.endswith(".md")
        or candidate.startswith("/")
        or "\x00" in candidate
        or any(part in ("", ".", "..") or part.startswith(".") for part in candidate.split("/"))
    ):
        raise DocNotFound(page)
    root = docs_dir.resolve()
    full = (root / candidate).resolve()
    if not full.is_relative_to(root) or (must_exist and not full.is_file()):
        raise DocNotFound(page)
    return full


def load_page(docs_dir: Path, page: str, default_lang: str = DEFAULT_LANGUAGE) -> Page:
    full = resolve_page_path(docs_dir, page)
    text = read_text(full, page)
    return parse_page(relative_posix(docs_dir.resolve(), full), text, default_lang)


def read_text(path: Path, shown_as: str) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ContentError(shown_as, line, "is not valid UTF-8 text; save it as UTF-8") from error


@dataclass
class LoadResult:
    pages: list[Page] = field(default_factory=list)
    problems: list[ContentError] = field(default_factory=list)


def load_docs(docs_dir: Path, default_lang: str = DEFAULT_LANGUAGE) -> LoadResult:
    """Parse every page; a broken page is reported in `problems`, never fatal to the rest."""
    result = LoadResult()
    for path in iter_markdown_files(docs_dir):
        relative = relative_posix(docs_dir, path)
        try:
            result.pages.append(parse_page(relative, read_text(path, relative), default_lang))
        except ContentError as error:
            result.problems.append(error)
    return result
