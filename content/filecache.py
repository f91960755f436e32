"""Values derived from files (a parsed page, a page's script hashes), cached per file version.

A cache keyed by (file, mtime) keeps every version it has seen until its size bound pushes
old ones out, so in a worker that lives through hundreds of edits and site builds it grows
with each of them (the load soak saw it). This one keeps only the newest version of each
file: a changed file replaces its entry instead of adding one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class LatestVersionCache(Generic[Value]):
    """Up to `size` keys (least recently used go first), one version each."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, tuple[Hashable, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Hashable, make: Callable[[], Value]) -> Value:
        """The value for `key` at `version`, made (outside the lock) if not cached."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == version:
                self._entries.move_to_end(key)
                return found[1]
        value = make()
        with self._lock:
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._entries)
