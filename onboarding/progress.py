"""A person's progress through a track: pure rules, no database."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from content.dates import add_days
from onboarding.tracks import Track, TrackItem

MAX_MINOR_CHAIN = 200


class ItemStatus(enum.StrEnum):
    TODO = "todo"
    OVERDUE = "overdue"
    DONE = "done"
    REREAD = "reread"  # acknowledged, but the page changed since (not a minor edit)
    MISSING = "missing"  # the page or section no longer exists


@dataclass(frozen=True)
class Completion:
    """What was recorded for one item: when, and for reading items the version read."""

    done_at: dt.datetime
    version: str | None = None


@dataclass(frozen=True)
class ItemState:
    item: TrackItem
    status: ItemStatus
    due: dt.date
    completion: Completion | None
    current_version: str | None

    @property
    def needs_action(self) -> bool:
        return self.status is not ItemStatus.DONE


@dataclass(frozen=True)
class Progress:
    track: Track
    start: dt.date
    items: tuple[ItemState, ...]

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status is ItemStatus.DONE)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.status is ItemStatus.OVERDUE)

    @property
    def rereads(self) -> int:
        return sum(1 for i in self.items if i.status is ItemStatus.REREAD)

    def by_phase(self) -> list[tuple[str, list[ItemState]]]:
        groups: dict[str, list[ItemState]] = {}
        for state in self.items:
            groups.setdefault(state.item.phase, []).append(state)
        return list(groups.items())


def is_same_version(read: str, current: str, minor_edits: Mapping[str, str]) -> bool:
    """True when `current` is `read`, or only minor edits (old → new hash) lead from one to it."""
    version = read
    for _ in range(MAX_MINOR_CHAIN):
        if version == current:
            return True
        following = minor_edits.get(version)
        if following is None:
            return False
        version = following
    return False


def track_progress(
    track: Track,
    start: dt.date,
    today: dt.date,
    completions: Mapping[str, Completion],
    current_versions: Mapping[str, str | None],
    minor_edits: Mapping[str, str] | None = None,
) -> Progress:
    """Each item's state. `current_versions` maps a reading item's target to its hash now."""
    minor = minor_edits or {}
    states = []
    for item in track.items:
        due = add_days(start, item.due_day)
        completion = completions.get(item.id)
        current = current_versions.get(item.target) if item.kind == "read" else None
        states.append(
            ItemState(item, _status(item, due, today, completion, current, minor), due,
                      completion, current)
        )
    return Progress(track, start, tuple(states))


def _status(
    item: TrackItem,
    due: dt.date,
    today: dt.date,
    completion: Completion | None,
    current: str | None,
    minor: Mapping[str, str],
) -> ItemStatus:
    if item.kind == "read" and current is None:
        return ItemStatus.MISSING
    if completion is not None:
        if item.kind == "task" or completion.version is None or current is None:
            return ItemStatus.DONE
        if is_same_version(completion.version, current, minor):
            return ItemStatus.DONE
        return ItemStatus.REREAD
    return ItemStatus.OVERDUE if due < today else ItemStatus.TODO
