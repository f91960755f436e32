"""The search index of a build of only the changed pages drops the stand-in entries that repeat
English ones exactly as mkdocs-static-i18n does in a full build, without its quadratic cost."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

from mkdocs_static_i18n.reconfigure import ExtendedPlugin

from portal.site.incremental import without_repeated_stand_ins

LANGUAGES = ("en", "ar", "id")
LOCATIONS = ("", "x/", "y/", "x/#a", "y/#a", "#a")


def _entries(rng: random.Random) -> list[dict[str, Any]]:
    """English entries, then Arabic and Indonesian ones, from few titles, texts and places, so
    that repeats (and repeats side by side) are common."""
    def entry(prefix: str) -> dict[str, Any]:
        return {"location": prefix + rng.choice(LOCATIONS), "title": rng.choice("TU"),
                "text": rng.choice("ab")}
    return ([entry("") for _ in range(rng.randint(0, 6))]
            + [entry(rng.choice(("ar/", "id/"))) for _ in range(rng.randint(0, 10))])


def test_stand_in_entries_are_dropped_as_mkdocs_static_i18n_drops_them() -> None:
    rng = random.Random(7)
    plugin = SimpleNamespace(build_languages=list(LANGUAGES))
    compared = 0
    for _ in range(3000):
        entries = _entries(rng)
        expected = list(entries)
        ExtendedPlugin.reconfigure_search_duplicates(plugin, expected)  # type: ignore[arg-type]
        found = without_repeated_stand_ins(list(entries), tuple(f"{c}/" for c in LANGUAGES))
        if found is not None:
            compared += 1
            assert found == expected, entries
    assert compared > 1500  # most cases are decided without the original


def test_an_english_entry_after_a_translated_one_is_left_to_the_original() -> None:
    entries = [{"location": "ar/x/", "title": "T", "text": "a"},
               {"location": "x/", "title": "T", "text": "a"}]
    assert without_repeated_stand_ins(entries, ("ar/",)) is None
