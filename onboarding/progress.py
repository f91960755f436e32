"""A person's progress through a track: pure rules, no database."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace

from content.dates import add_days
from onboarding.tracks import Track, TrackItem

MAX_MINOR_CHAIN = 200
DAYS_SHOWN_ONE_BY_ONE = 7  # the first week's items are grouped by day, later ones by week


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

    def groups(self, today: dt.date) -> list[ItemGroup]:
        """The items by the day (week one) or week (after it) they are due, in order."""
        spans: dict[tuple[str, int], list[ItemState]] = {}
        for state in sorted(self.items, key=lambda s: s.item.due_day):
            spans.setdefault(group_of(state.item.due_day), []).append(state)
        groups = [ItemGroup(unit, number, self.start, today, tuple(states))
                  for (unit, number), states in spans.items()]
        if not any(group.is_open for group in groups):  # before the start, or all caught up
            waiting = next((g for g in groups if any(s.needs_action for s in g.states)), None)
            if waiting is not None:
                groups[groups.index(waiting)] = replace(waiting, unfolded=True)
        return groups


def group_of(due_day: int) -> tuple[str, int]:
    """("day", 1) for the first day, up to ("day", 7); then ("week", 2), ("week", 3)…"""
    if due_day < DAYS_SHOWN_ONE_BY_ONE:
        return "day", max(due_day, 0) + 1
    return "week", due_day // 7 + 1


@dataclass(frozen=True)
class ItemGroup:
    """The items due on one day of the first week, or in one later week."""

    unit: str  # "day" | "week"
    number: int  # Day 1 … Day 7, Week 2, Week 3…
    start: dt.date  # the track's start
    today: dt.date
    states: tuple[ItemState, ...]
    unfolded: bool = False  # shown unfolded although not current (the next thing to do)

    @property
    def first_day(self) -> dt.date:
        offset = self.number - 1 if self.unit == "day" else 7 * (self.number - 1)
        return add_days(self.start, offset)

    @property
    def last_day(self) -> dt.date:
        return self.first_day if self.unit == "day" else add_days(self.first_day, 6)

    @property
    def done(self) -> int:
        return sum(1 for s in self.states if s.status is ItemStatus.DONE)

    @property
    def is_current(self) -> bool:
        return self.first_day <= self.today <= self.last_day

    @property
    def is_open(self) -> bool:
        """Shown unfolded: today's group, and any earlier one with something left to do."""
        if self.is_current or self.unfolded:
            return True
        return self.last_day < self.today and any(s.needs_action for s in self.states)


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
