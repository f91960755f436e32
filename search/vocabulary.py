"""The typo vocabulary: how many documents hold each surface word, kept outside the postings.

Typo correction (search.spelling) only asks, per index segment, which normalised surface
words (and joined compounds) exist and in how many documents each occurs. Kept as a postings
field, that vocabulary was half of all postings a build wrote. Instead, each page's document
carries the page's vocabulary in a column: every word of the page's documents (its own and
its sections') with the number of them that hold it. A segment's counts are the sum over the
page documents it holds, deleted ones included until a merge drops them — exactly the
document frequencies Whoosh kept for the field.

A full build also writes each segment's summed counts to a side file next to the index, so
a searcher loads them instead of reading every page's column; a segment without one (made by
an update or a merge: small) is summed from its column.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger("deskbook.search")

COLUMN = "vocabulary"
_SIDE_VERSION = 1


def page_vocabulary(documents: Iterable[Iterable[str]]) -> bytes:
    """The column value of a page whose documents hold these words: one line per number of
    documents, `N word word …` (most words are in one document)."""
    counts: Counter[str] = Counter()
    for words in documents:
        counts.update(set(words))
    by_count: dict[int, list[str]] = {}
    for word, count in counts.items():
        by_count.setdefault(count, []).append(word)
    lines = (" ".join([str(count), *sorted(words)]) for count, words in sorted(by_count.items()))
    return "\n".join(lines).encode("utf-8")


def add_counts(counts: Counter[str], value: bytes) -> None:
    """Add one page's column value to a segment's counts."""
    for line in value.decode("utf-8").split("\n"):
        count, *words = line.split(" ")
        if not words:
            continue
        number = int(count)
        for word in words:
            counts[word] += number


def side_path(folder: Path, segment: str) -> Path:
    return folder / f"deskbook-{segment}.vocabulary"


def write_side_file(folder: Path, segment: str, counts: Mapping[str, int]) -> None:
    """Write a segment's counts beside the index, atomically (a reader never sees half). It is
    optional: when it cannot be written, searchers sum the segment's column instead."""
    path = side_path(folder, segment)
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("wb") as out:
            pickle.dump((_SIDE_VERSION, dict(counts)), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        log.warning("could not write the vocabulary side file in %s: %s", folder, error)


def segment_counts(folder: Path | None, reader: Any) -> dict[str, int]:
    """The word counts of one segment: its side file in `folder` if it has one, else summed
    from its page documents' column."""
    if folder is not None:
        try:
            with side_path(folder, str(reader.segment().segment_id())).open("rb") as handle:
                version, counts = pickle.load(handle)  # written by write_side_file
            if version == _SIDE_VERSION and isinstance(counts, dict):
                return counts
        except FileNotFoundError:
            pass
        except Exception as error:  # damaged: sum the column instead
            log.warning("ignoring the vocabulary side file in %s: %s", folder, error)
    return dict(column_counts(reader))


def column_counts(reader: Any) -> Counter[str]:
    """The word counts of one segment summed from its column (deleted documents included,
    as in Whoosh's document frequencies)."""
    counts: Counter[str] = Counter()
    if not reader.has_column(COLUMN):
        return counts
    for value in reader.column_reader(COLUMN):
        if value:
            add_counts(counts, value)
    return counts
