"""What a suggestion reads from the docs besides the index: each template's reply text and
`based_on` links, translations of a page, and the order-number shapes the pages declare."""

from __future__ import annotations

import threading
from pathlib import Path

from content import ContentError, Page, Section, load_page
from content.filecache import LatestVersionCache
from content.loader import read_text, resolve_page_path
from content.order_numbers import OrderNumberShape, load_declared_shapes
from content.replies import reply_text
from content.schema import DEFAULT_LANGUAGE
from content.urls import source_path

# Pages a suggestion shows (templates, the sections' pages), parsed once per file version:
# parsing is most of a suggestion's time otherwise. A thousand cover a team's replies and the
# policies they rely on, and the pages that come up most in a large knowledge base (tens of
# MB at most).
_pages: LatestVersionCache[Page] = LatestVersionCache(1024)
_replies: LatestVersionCache[str | None] = LatestVersionCache(256)
# Each translated page a search finds is matched to its source by the outline of headings:
# a few dozen bytes a page, so a large knowledge base's all fit (at 10,000 pages, parsing
# them again was most of a suggestion's time).
Outline = tuple[tuple[int, str], ...]  # (level, anchor) of each heading with an anchor
_outlines: LatestVersionCache[Outline | None] = LatestVersionCache(100_000)
_shapes: dict[Path, tuple[tuple[Path, int], list[OrderNumberShape]]] = {}
_shapes_lock = threading.Lock()


def declared_shapes(docs: Path, index: Path) -> list[OrderNumberShape]:
    """The order-number shapes the docs declare, read again whenever the index changes
    (a change to the docs reaches the index first); pages with a broken declaration are
    left out here and reported by `deskbook check`."""
    version = index_version(index)
    key = docs.resolve()
    with _shapes_lock:
        cached = _shapes.get(key)
    if cached is not None and version is not None and cached[0] == version:
        return cached[1]
    shapes = load_declared_shapes(docs).shapes
    if version is not None:
        with _shapes_lock:
            _shapes[key] = (version, shapes)
    return shapes


def index_version(index: Path) -> tuple[Path, int] | None:
    """The index generation the link points at and its mtime: each update moves it on."""
    try:
        generation = index.resolve()
        return generation, generation.stat().st_mtime_ns
    except OSError:
        return None


def page_or_none(docs: Path, path: str) -> Page | None:
    """The parsed page, parsed again only when its file changes; None when it is gone."""
    try:
        full = resolve_page_path(docs, path)
        stat = full.stat()
        return _pages.get(full, (stat.st_mtime_ns, stat.st_size), lambda: load_page(docs, path))
    except (OSError, ContentError):
        return None


def outline_or_none(docs: Path, path: str) -> Outline | None:
    """The page's outline, read again only when its file changes; None when it is gone."""

    def read() -> Outline | None:
        try:
            return outline(load_page(docs, path))
        except (OSError, ContentError):
            return None

    try:
        full = resolve_page_path(docs, path)
        stat = full.stat()
    except (OSError, ContentError):
        return None
    return _outlines.get(full, (stat.st_mtime_ns, stat.st_size), read)


def outline(page: Page) -> Outline:
    return tuple((section.level, section.anchor) for section in page.sections if section.anchor)


def translation(docs: Path, path: str, lang: str) -> str | None:
    """The path of `path`'s page in `lang` (the page itself when it is in `lang`), if it exists."""
    source = source_path(path)
    wanted = source if lang == DEFAULT_LANGUAGE else f"{source[: -len('.md')]}.{lang}.md"
    return wanted if (docs / wanted).is_file() else None


SectionRef = tuple[str, str]  # (page path, anchor)


def section_reference(reference: str) -> SectionRef:
    """`policies/x.md#anchor` (as `based_on` names a section) → (path, anchor)."""
    path, _, anchor = reference.partition("#")
    return path, anchor


def based_on(docs: Path, template: str) -> list[SectionRef]:
    """The sections a canned reply relies on; a translation without its own list relies on
    its source's."""
    page = page_or_none(docs, template)
    if page is None:
        return []
    references = page.front_matter.based_on
    if not references and page.front_matter.translation_of:
        source = page_or_none(docs, page.front_matter.translation_of)
        references = source.front_matter.based_on if source is not None else ()
    return [section_reference(reference) for reference in references]


def reply_of(docs: Path, path: str) -> str | None:
    """The copyable reply text of a template page."""
    try:
        full = resolve_page_path(docs, path)
        stat = full.stat()
        return _replies.get(
            full, (stat.st_mtime_ns, stat.st_size), lambda: reply_text(read_text(full, path))
        )
    except (OSError, ContentError):
        return None


def matching_anchor(source: Outline, anchor: str, translated: Outline) -> str | None:
    """The anchor of a translation's section that renders `anchor`'s section of its source:
    the one in the same place, when both pages have the same outline of headings (anchors
    differ by language, their order does not)."""
    if [level for level, _ in source] != [level for level, _ in translated]:
        return None
    for (_, mine), (_, theirs) in zip(source, translated, strict=True):
        if mine == anchor:
            return theirs
    return None


def matching_section(source: Page, anchor: str, translated: Page) -> Section | None:
    """`matching_anchor` for two parsed pages: the translation's section."""
    found = matching_anchor(outline(source), anchor, outline(translated))
    return translated.section(found) if found is not None else None
