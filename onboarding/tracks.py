"""Read onboarding tracks from YAML and check that every reading item lands on a real page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content.check import Problem
from content.frontmatter import yaml_error_line
from content.model import Page

ROLES = ("new_hire", "agent", "lead", "admin")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class TrackError(Exception):
    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class TrackItem:
    id: str
    kind: str  # "read" | "task"
    title: str | None  # None: a reading item shows its page or section title
    due_day: int  # days after the start date; 0 is day one
    page: str | None = None  # docs-relative path, for reading items
    anchor: str = ""  # section anchor, "" = the whole page
    details: str = ""
    line: int = 1

    @property
    def target(self) -> str:
        return f"{self.page}#{self.anchor}" if self.anchor else str(self.page)

    @property
    def phase(self) -> str:
        if self.due_day <= 0:
            return "Day 1"
        if self.due_day < 7:
            return "Week 1"
        if self.due_day < 30:
            return "Month 1"
        return "Later"


@dataclass(frozen=True)
class Track:
    id: str
    title: str
    summary: str
    default_for_roles: tuple[str, ...]
    items: tuple[TrackItem, ...]
    source: str

    def item(self, item_id: str) -> TrackItem | None:
        return next((i for i in self.items if i.id == item_id), None)


def load_tracks(folder: Path) -> dict[str, Track]:
    """All tracks in `folder` keyed by id; raises TrackError on the first broken file."""
    tracks: dict[str, Track] = {}
    for path in sorted(folder.glob("*.yml")):
        track = load_track(path)
        tracks[track.id] = track
    return tracks


def load_track(path: Path) -> Track:
    shown = path.name
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        line = yaml_error_line(error, text)
        raise TrackError(shown, line, f"not valid YAML: {error.problem}") from error
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise TrackError(shown, 1, "a track is a mapping with id, title and items")
    item_lines = _item_lines(node)

    def need_text(mapping: dict[str, Any], key: str, line: int) -> str:
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            raise TrackError(shown, line, f"`{key}` must be a non-empty string")
        return value.strip()

    track_id = need_text(data, "id", 1)
    if track_id != path.stem:
        raise TrackError(shown, 1, f"`id: {track_id}` must equal the file name ({path.stem})")
    roles = data.get("default_for_roles") or []
    if not isinstance(roles, list) or any(role not in ROLES for role in roles):
        raise TrackError(shown, 1, f"`default_for_roles` must list roles among {', '.join(ROLES)}")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise TrackError(shown, 1, "`items` must be a non-empty list")
    items: list[TrackItem] = []
    for position, raw in enumerate(raw_items):
        line = item_lines[position] if position < len(item_lines) else 1
        items.append(_item(shown, raw, line))
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise TrackError(shown, item.line, f"item id `{item.id}` is used twice")
        seen.add(item.id)
    return Track(
        id=track_id,
        title=need_text(data, "title", 1),
        summary=str(data.get("summary") or "").strip(),
        default_for_roles=tuple(roles),
        items=tuple(sorted(items, key=lambda i: i.due_day)),
        source=shown,
    )


def _item_lines(node: yaml.MappingNode) -> list[int]:
    for key, value in node.value:
        if getattr(key, "value", None) == "items" and isinstance(value, yaml.SequenceNode):
            return [child.start_mark.line + 1 for child in value.value]
    return []


def _item(shown: str, raw: Any, line: int) -> TrackItem:
    if not isinstance(raw, dict):
        raise TrackError(shown, line, "each item is a mapping with `id` and `read` or `task`")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not _ID.match(item_id):
        raise TrackError(shown, line, "item `id` must be lowercase letters, digits and hyphens")
    due_day = raw.get("due_day", 0)
    if isinstance(due_day, bool) or not isinstance(due_day, int) or due_day < 0:
        raise TrackError(shown, line, f"item `{item_id}`: `due_day` must be a whole number ≥ 0")
    title = raw.get("title")
    if title is not None and (not isinstance(title, str) or not title.strip()):
        raise TrackError(shown, line, f"item `{item_id}`: `title` must be a non-empty string")
    details = raw.get("details") or ""
    if not isinstance(details, str):
        raise TrackError(shown, line, f"item `{item_id}`: `details` must be text")
    has_read, has_task = "read" in raw, "task" in raw
    if has_read == has_task:
        raise TrackError(shown, line, f"item `{item_id}` needs exactly one of `read` or `task`")
    if has_task:
        task = raw["task"]
        if not isinstance(task, str) or not task.strip():
            raise TrackError(shown, line, f"item `{item_id}`: `task` must describe the task")
        return TrackItem(item_id, "task", task.strip(), due_day, details=details, line=line)
    target = raw["read"]
    if not isinstance(target, str) or not target.split("#")[0].endswith(".md"):
        raise TrackError(shown, line, f"item `{item_id}`: `read` must be a page like a/b.md#anchor")
    page, _, anchor = target.partition("#")
    return TrackItem(
        item_id,
        "read",
        title.strip() if isinstance(title, str) else None,
        due_day,
        page=page,
        anchor=anchor,
        details=details,
        line=line,
    )


def check_tracks(folder: Path, pages: dict[str, Page]) -> list[Problem]:
    """Every broken track file or reading item that lands on no page or section, or on a
    draft (which new hires could not open)."""
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yml")):
        shown = f"onboarding/{path.name}"
        try:
            track = load_track(path)
        except TrackError as error:
            problems.append(Problem(shown, error.line, error.message))
            continue
        for item in track.items:
            if item.kind != "read":
                continue
            page = pages.get(str(item.page))
            if page is None:
                problems.append(Problem(shown, item.line, f"item `{item.id}`: no page {item.page}"))
            elif page.front_matter.draft:
                message = f"item `{item.id}`: {item.page} is a draft; publish it first"
                problems.append(Problem(shown, item.line, message))
            elif item.anchor and item.anchor not in page.anchors:
                message = f"item `{item.id}`: {item.page} has no #{item.anchor}"
                problems.append(Problem(shown, item.line, message))
    return problems


def item_title(item: TrackItem, pages: dict[str, Page]) -> str:
    """What a person sees: the item's own title, else the section heading or page title."""
    if item.title:
        return item.title
    page = pages.get(str(item.page))
    if page is None:
        return item.target
    section = page.section(item.anchor) if item.anchor else None
    return f"{page.title} › {section.heading}" if section else page.title
