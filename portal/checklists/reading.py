"""What a reading item points at now: the page or section's text and version; the tracks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from content import ContentError, DocNotFound, Page, load_page
from content.filecache import LatestVersionCache
from content.loader import resolve_page_path
from onboarding import Track, TrackItem, load_tracks
from onboarding.tracks import item_title


@dataclass(frozen=True)
class Reading:
    """The current text and version of one reading item's target."""

    page: Page
    version: str
    text: str
    title: str


def tracks_in(folder: Path) -> dict[str, Track]:
    return _tracks.get(folder, _mtimes(folder), lambda: load_tracks(folder))


_tracks: LatestVersionCache[dict[str, Track]] = LatestVersionCache(4)


def _mtimes(folder: Path) -> tuple[tuple[str, int], ...]:
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.yml")))


def read_target(docs: Path, item: TrackItem) -> Reading | None:
    """The text a reading item points at now; None when the page or section is gone."""
    try:
        full = resolve_page_path(docs, str(item.page))
        page = _pages.get(
            (docs, str(item.page)), full.stat().st_mtime_ns, lambda: load_page(docs, str(item.page))
        )
    except (DocNotFound, ContentError, OSError):
        return None
    source = full.read_text(encoding="utf-8")
    if item.anchor:
        section = page.section(item.anchor)
        if section is None:
            return None
        text = section.source(source)
    else:
        lines = source.splitlines(keepends=True)
        text = "".join(lines[page.body_start_line - 1 :])
    version = page.version_of(item.anchor)
    assert version is not None
    return Reading(page, version, text, item_title(item, {page.path: page}))


_pages: LatestVersionCache[Page] = LatestVersionCache(512)
