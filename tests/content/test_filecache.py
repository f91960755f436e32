"""Caches of values derived from files keep one version per file (content.filecache)."""

from __future__ import annotations

from content.filecache import LatestVersionCache


def test_a_new_version_replaces_the_old_one_instead_of_adding_to_it() -> None:
    cache: LatestVersionCache[str] = LatestVersionCache(10)
    made: list[int] = []
    for version in range(50):  # a page edited fifty times during a worker's life
        value = cache.get("faq/refunds.md", version, lambda v=version: made.append(v) or f"v{v}")
        assert value == f"v{version}"
        assert cache.get("faq/refunds.md", version, lambda: "not made again") == f"v{version}"
    assert len(cache) == 1
    assert made == list(range(50))


def test_the_least_recently_used_file_goes_first() -> None:
    cache: LatestVersionCache[str] = LatestVersionCache(2)
    cache.get("a", 1, lambda: "a1")
    cache.get("b", 1, lambda: "b1")
    cache.get("a", 1, lambda: "again")  # a is used again: b is now the oldest
    cache.get("c", 1, lambda: "c1")
    assert cache.get("a", 1, lambda: "rebuilt") == "a1"
    assert cache.get("b", 1, lambda: "rebuilt") == "rebuilt"
