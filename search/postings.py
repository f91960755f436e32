"""Decoded posting lists of common terms, kept in memory, with tight block-quality bounds.

Whoosh reads a posting list block by block (unpickling and decompressing each block) and, to
intersect a rare word with a common one, walks the common word's postings one by one in
Python. A common word is in most queries' way, so its postings are decoded once per
segment (segment files never change; deletions are applied on top), kept in a bounded LRU
cache, and searched with `bisect`.

The cached matcher also gives Whoosh's top-N collector something to prune with: it splits
the postings into small blocks, each with its highest weight and shortest section, so
`skip_to_quality` can pass over the many blocks that cannot beat the current tenth hit
(Whoosh's own blocks are 128 postings and almost always hold one heading match).
"""

from __future__ import annotations

import logging
import mmap
import pickle
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate, chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from whoosh import matching
from whoosh import query as q
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.scoring import BM25FScorer, bm25
from whoosh.util.numeric import byte_to_length

CACHE_MIN_POSTINGS = 1_000  # shorter lists are cheap to decode again each time
# A full build writes the postings of every term in more than one of Whoosh's blocks (128
# postings) to the side file: a list of a few hundred still costs ≈ 0.2 ms to decode.
SIDE_MIN_POSTINGS = 129
CACHE_MAX_POSTINGS = 4_000_000  # ≈ 16 bytes each: the cache stays under ~70 MB
BLOCK = 8  # postings per quality block

_LENGTH_OF_BYTE = [byte_to_length(b) if b else 1 for b in range(256)]

log = logging.getLogger("deskbook.search")


@dataclass(frozen=True)
class Bounds:
    """Per block of BLOCK postings: highest weight and shortest length, in the block and
    from the block to the end (what PostingsMatcher's quality bounds are made of)."""

    block_weight: array[float]
    block_length: array[int]
    rest_weight: array[float]
    rest_length: array[int]


@dataclass(frozen=True)
class PairGroups:
    """A posting list's distinct (weight, length) pairs in the order they first appear, how
    many postings hold each, and the ids grouped by pair (each group in id order): what
    search.evaluate's champions rank, without a pass over every posting."""

    weights: array[float]
    lengths: array[int]
    counts: array[int]
    ids: array[int]


@dataclass
class Postings:
    """One term's postings in one segment (segment-local document numbers)."""

    ids: array[int]
    weights: array[float]
    lengths: array[int]  # the section's field length, as Whoosh stores it (one byte)
    champions: list[int] | None = None  # sorted ids of the best-weighted postings (lazy)
    _bounds: Bounds | None = None
    groups: PairGroups | None = None  # from a full build's side file, else None

    @property
    def size(self) -> int:
        return len(self.ids)

    def bounds(self) -> Bounds:
        """Block bounds, made the first time a Whoosh matcher needs them."""
        if self._bounds is None:
            weights, lengths, starts = self.weights, self.lengths, range(0, self.size, BLOCK)
            block_weight = array("d", [max(weights[i : i + BLOCK]) for i in starts])
            block_length = array("i", [min(lengths[i : i + BLOCK]) for i in starts])
            self._bounds = Bounds(
                block_weight,
                block_length,
                array("d", reversed(list(accumulate(reversed(block_weight), max)))),
                array("i", reversed(list(accumulate(reversed(block_length), min)))),
            )
        return self._bounds


class _Cache:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.size = 0
        self._entries: OrderedDict[tuple[str, str, bytes], Postings] = OrderedDict()
        self._lengths: OrderedDict[tuple[str, str], list[int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, bytes]) -> Postings | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, bytes], postings: Postings) -> None:
        with self._lock:
            if key in self._entries or postings.size > self.capacity:
                return
            self._entries[key] = postings
            self.size += postings.size
            while self.size > self.capacity:
                _, dropped = self._entries.popitem(last=False)
                self.size -= dropped.size

    def lengths(self, key: tuple[str, str]) -> list[int] | None:
        with self._lock:
            return self._lengths.get(key)

    def put_lengths(self, key: tuple[str, str], lengths: list[int]) -> None:
        with self._lock:
            self._lengths[key] = lengths
            while len(self._lengths) > 64:
                self._lengths.popitem(last=False)

    def forget(self, segments: set[str]) -> None:
        with self._lock:
            for key in [key for key in self._entries if key[0] in segments]:
                self.size -= self._entries.pop(key).size
            for lengths_key in [k for k in self._lengths if k[0] in segments]:
                del self._lengths[lengths_key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._lengths.clear()
            self.size = 0


_cache = _Cache(CACHE_MAX_POSTINGS)


def clear_cache() -> None:
    _cache.clear()
    with _side_lock:
        _side.clear()


def forget_segments(segments: set[str]) -> None:
    """Drop what is cached for segments no searcher reads any more (merged away)."""
    _cache.forget(segments)
    with _side_lock:
        for segment in segments:
            _folders.pop(segment, None)
            side = _side.pop(segment, None)
            if side is None:
                continue
            for data in (side.data, side.groups_data):
                if data is not None:
                    data.close()


class CachedTerm(q.Term):  # type: ignore[misc]
    """A Term read through `Postings` (cached when common).

    Every term of a query must be one: the block bounds of a plain Whoosh term matcher
    are only valid for its current block (see PostingsMatcher.block_quality).
    """

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        weighting = searcher.weighting if context is None else context.weighting
        if not isinstance(reader, SegmentReader) or weighting is None:
            return super().matcher(searcher, context)
        try:
            text = searcher.schema[self.fieldname].to_bytes(self.text)
        except (KeyError, ValueError):
            return super().matcher(searcher, context)
        if (self.fieldname, text) not in reader:
            return matching.NullMatcher()
        scorer = weighting.scorer(searcher, self.fieldname, text)
        if not isinstance(scorer, BM25FScorer):
            return super().matcher(searcher, context)
        postings = segment_postings(reader, self.fieldname, text)
        if postings is None:
            return super().matcher(searcher, context)
        found: Any = PostingsMatcher(postings, scorer, (self.fieldname, text), boost=self.boost)
        deleted = reader.deleted_docs_set
        if deleted:
            found = FilterMatcher(found, deleted, exclude=True)
        return found


def segment_postings(reader: Any, fieldname: str, text: bytes) -> Postings | None:
    segment = reader.segment().segment_id()
    key = (segment, fieldname, text)
    found = _cache.get(key)
    if found is not None:
        return found
    section_lengths = _lengths(reader, segment, fieldname)
    decoded = _stored(segment, fieldname, text)
    if decoded is None:
        decoded = _decode(reader, fieldname, text)
    if section_lengths is None or decoded is None:
        return None
    ids, weights = decoded
    postings = Postings(ids, weights, _lengths_of(ids, section_lengths))
    postings.groups = _stored_groups(segment, fieldname, text)
    if postings.size >= CACHE_MIN_POSTINGS:
        _cache.put(key, postings)
    return postings


def _lengths_of(ids: array[int], section_lengths: list[int]) -> array[int]:
    """The field length of each of `ids` (1 past the end of the length column, as Whoosh)."""
    if len(ids) > 1 and ids[-1] < len(section_lengths):  # ids are sorted
        return array("i", itemgetter(*ids)(section_lengths))
    count = len(section_lengths)
    return array("i", [section_lengths[d] if d < count else 1 for d in ids])


def _lengths(reader: Any, segment: str, fieldname: str) -> list[int] | None:
    """The field length of every section of the segment in `fieldname`, decoded from its
    length byte."""
    key = (segment, fieldname)
    found = _cache.lengths(key)
    if found is None:
        try:
            column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
            if column is None:
                return None
            raw = bytes(column._dbfile.get(column._basepos, column._count))
        except AttributeError:  # another codec: let Whoosh read the postings itself
            return None
        found = list(map(_LENGTH_OF_BYTE.__getitem__, raw))
        _cache.put_lengths(key, found)
    return found


def every_document(reader: Any, fieldname: str, text: str) -> list[int]:
    """The segment's documents holding a term, in order, deleted ones too (as far as this
    Whoosh version lets them be read: else the others only)."""
    btext = reader.schema[fieldname].to_bytes(text)
    if (fieldname, btext) not in reader:
        return []
    decoded = _decode(reader, fieldname, btext)
    if decoded is None:
        return list(reader.postings(fieldname, btext).all_ids())
    return list(decoded[0])


def _decode(reader: Any, fieldname: str, text: bytes) -> tuple[array[int], array[float]] | None:
    """All postings of a term, block by block (Whoosh decodes ids one by one in Python)."""
    fieldobj = reader.schema[fieldname]
    raw = reader._terms.matcher(fieldname, text, fieldobj.format, scorer=None)
    ids: array[int] = array("i")
    weights: array[float] = array("d")
    if not isinstance(raw, W3LeafMatcher):
        while raw.is_active():
            ids.append(raw.id())
            weights.append(raw.weight())
            raw.next()
        return ids, weights
    try:
        while not raw._atend:
            raw._read_data()
            block_ids, block_weights = raw._data[0], raw._data[1]
            count = raw._blocklength
            ids.extend(block_ids if raw._byteids else accumulate(block_ids))
            if block_weights is None:
                weights.extend([1.0] * count)
            elif isinstance(block_weights, float):
                weights.extend([block_weights] * count)
            else:
                weights.extend(block_weights)
            if raw._lastblock:
                break
            raw._goto(raw._nextoffset)
    except AttributeError:  # a different Whoosh version: not worth guessing
        return None
    return ids, weights


class PostingsMatcher(matching.Matcher):  # type: ignore[misc]
    """A term's cached postings, scored with BM25F exactly as Whoosh's own term matcher."""

    def __init__(
        self,
        postings: Postings,
        scorer: BM25FScorer,
        term: tuple[str, bytes],
        position: int = 0,
        boost: float = 1.0,
    ) -> None:
        self._p = postings
        self._bounds = postings.bounds()
        self._ids = postings.ids
        self._end = len(postings.ids)
        self._i = position
        self._scorer = scorer
        self._boost = boost
        self._idf = scorer.idf * boost  # BM25 is linear in the idf: a term's boost
        self._avgfl = scorer.avgfl
        self._b = scorer.B
        self._k1 = scorer.K1
        self._term = term

    def __repr__(self) -> str:
        return f"<PostingsMatcher {self._term!r} {self._i}/{self._end}>"

    def is_active(self) -> bool:
        return self._i < self._end

    def reset(self) -> None:
        self._i = 0

    def copy(self) -> PostingsMatcher:
        return PostingsMatcher(self._p, self._scorer, self._term, self._i, self._boost)

    def term(self) -> tuple[str, bytes]:
        return self._term

    def id(self) -> int:
        return int(self._ids[self._i])

    def all_ids(self) -> Any:
        return iter(self._ids[self._i :])

    def weight(self) -> float:
        return float(self._p.weights[self._i])

    def value(self) -> Any:
        raise NotImplementedError("cached postings keep no positions")

    def supports(self, astype: str) -> bool:
        return astype == "weight"

    def next(self) -> bool:
        self._i += 1
        return self._i % BLOCK == 0

    def skip_to(self, id: int) -> bool:
        if self._i >= self._end:
            raise matching.ReadTooFar
        if id <= self._ids[self._i]:
            return False
        block = self._i // BLOCK
        self._i = bisect_left(self._ids, id, self._i + 1, self._end)
        return self._i // BLOCK != block

    def score(self) -> float:
        i = self._i
        return float(
            bm25(self._idf, self._p.weights[i], self._p.lengths[i], self._avgfl, self._b, self._k1)
        )

    def supports_block_quality(self) -> bool:
        return True

    def _quality(self, weight: float, length: int) -> float:
        return float(bm25(self._idf, weight, length, self._avgfl, self._b, self._k1))

    def max_quality(self) -> float:
        if not self._bounds.rest_weight:
            return 0.0
        return self._quality(self._bounds.rest_weight[0], self._bounds.rest_length[0])

    def block_quality(self) -> float:
        # Whoosh's And/Or matchers skip one side by what the other side's *current* block
        # may still add, while the docs skipped meet the other side's later blocks: only a
        # bound on everything left is safe to report (own blocks are skipped tightly below).
        block = self._i // BLOCK
        return self._quality(self._bounds.rest_weight[block], self._bounds.rest_length[block])

    def block_max_weight(self) -> float:
        return float(self._bounds.block_weight[self._i // BLOCK])

    def block_min_length(self) -> int:
        return int(self._bounds.block_length[self._i // BLOCK])

    def skip_to_quality(self, minquality: float) -> int:
        skipped = 0
        weights, lengths = self._bounds.block_weight, self._bounds.block_length
        block = self._i // BLOCK
        blocks = len(weights)
        quality = self._quality
        while block < blocks and quality(weights[block], lengths[block]) <= minquality:
            block += 1
            skipped += 1
        if skipped:
            self._i = min(block * BLOCK, self._end)
        return skipped

    def replace(self, minquality: float = 0) -> Any:
        if not self.is_active():
            return matching.NullMatcher()
        if minquality and self.max_quality() < minquality:
            return matching.NullMatcher()
        return self


# A full build also writes the postings of its segment's terms in more than one block in
# array form next to the index ("side file"): loading one is a memory copy, where decoding it
# from Whoosh's blocks costs ≈ 0.6 µs a posting (20 ms for a word in half the sections). Optional: a
# segment without one (made by an update or a merge) is decoded as above.
_SIDE_VERSION = 1


def _side_paths(folder: Path, segment: str) -> tuple[Path, Path]:
    return folder / f"deskbook-{segment}.postings", folder / f"deskbook-{segment}.terms"


# The pair groups of the same terms, in files of their own: an index built before them keeps
# its postings side files and only ranks champions the slower way.
def _groups_paths(folder: Path, segment: str) -> tuple[Path, Path]:
    return folder / f"deskbook-{segment}.pairs", folder / f"deskbook-{segment}.pairterms"


def pair_groups(postings: Postings) -> PairGroups:
    by_pair: dict[tuple[float, int], list[int]] = {}
    for docnum, pair in zip(
        postings.ids, zip(postings.weights, postings.lengths, strict=True), strict=True
    ):
        by_pair.setdefault(pair, []).append(docnum)
    return PairGroups(
        array("d", [weight for weight, _ in by_pair]),
        array("i", [length for _, length in by_pair]),
        array("i", map(len, by_pair.values())),
        array("i", chain.from_iterable(by_pair.values())),
    )


def write_side_files(folder: Path, reader: Any, fieldnames: list[str]) -> None:
    """Write each segment's postings of terms in SIDE_MIN_POSTINGS or more documents, and
    their pair groups, to `folder`."""
    for leaf, _ in reader.leaf_readers():
        segment = leaf.segment().segment_id()
        data_path, terms_path = _side_paths(folder, segment)
        groups_path, groups_terms_path = _groups_paths(folder, segment)
        entries: dict[tuple[str, bytes], tuple[int, int]] = {}
        groups_entries: dict[tuple[str, bytes], tuple[int, int, int]] = {}
        with data_path.open("wb") as out, groups_path.open("wb") as groups_out:
            for fieldname in fieldnames:
                section_lengths = _lengths(leaf, segment, fieldname)
                for text, info in leaf.iter_field(fieldname):
                    if info.doc_frequency() < SIDE_MIN_POSTINGS:
                        continue
                    btext = text if isinstance(text, bytes) else str(text).encode("utf-8")
                    decoded = _decode(leaf, fieldname, btext)
                    if decoded is None:
                        return
                    ids, weights = decoded
                    entries[(fieldname, btext)] = (out.tell(), len(ids))
                    out.write(ids.tobytes())
                    out.write(weights.tobytes())
                    if section_lengths is not None:
                        groups = pair_groups(
                            Postings(ids, weights, _lengths_of(ids, section_lengths))
                        )
                        groups_entries[(fieldname, btext)] = (
                            groups_out.tell(), len(groups.counts), len(ids)
                        )  # fmt: skip
                        for part in (groups.weights, groups.lengths, groups.counts, groups.ids):
                            groups_out.write(part.tobytes())
        for path, written in ((terms_path, entries), (groups_terms_path, groups_entries)):
            with path.open("wb") as out:
                pickle.dump((_SIDE_VERSION, written), out, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class _SideFile:
    data: Any  # mmap, or None when the segment has no side file
    entries: dict[tuple[str, bytes], tuple[int, int]]
    groups_data: Any = None  # the same for the pair groups
    groups_entries: dict[tuple[str, bytes], tuple[int, int, int]] | None = None


_folders: dict[str, Path] = {}  # segment id → index folder (registered by the searchers)
_side: OrderedDict[str, _SideFile] = OrderedDict()
_side_lock = threading.Lock()


def register_segments(folder: Path, reader: Any) -> None:
    """Remember where the reader's segments live (their side files are there)."""
    with _side_lock:
        for leaf, _ in reader.leaf_readers():
            try:
                _folders[leaf.segment().segment_id()] = folder
            except AttributeError:
                continue
        while len(_folders) > 256:
            _folders.pop(next(iter(_folders)))


def _side_file(segment: str) -> _SideFile:
    with _side_lock:
        found = _side.get(segment)
        folder = _folders.get(segment)
    if found is not None:
        return found
    side = _SideFile(None, {})
    if folder is not None:
        data, entries = _mapped(*_side_paths(folder, segment), segment)
        groups_data, groups_entries = _mapped(*_groups_paths(folder, segment), segment)
        side = _SideFile(data, entries or {}, groups_data, groups_entries)
    with _side_lock:
        _side[segment] = side
        while len(_side) > 32:
            _side.popitem(last=False)
    return side


def _mapped(data_path: Path, terms_path: Path, segment: str) -> tuple[Any, Any]:
    """A side file's data (mapped; None when empty) and its entries; (None, None) when absent
    or unreadable."""
    try:
        with terms_path.open("rb") as handle:
            version, entries = pickle.load(handle)
        if version != _SIDE_VERSION:
            return None, None
        with data_path.open("rb") as handle:
            size = data_path.stat().st_size
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        return data, entries
    except FileNotFoundError:
        return None, None
    except Exception as error:  # damaged: decode from the index instead
        log.warning("ignoring the postings side file of segment %s: %s", segment, error)
        return None, None


def _stored_groups(segment: str, fieldname: str, text: bytes) -> PairGroups | None:
    side = _side_file(segment)
    entry = None if side.groups_entries is None else side.groups_entries.get((fieldname, text))
    if entry is None or side.groups_data is None:
        return None
    offset, pairs, postings = entry
    parts: list[array[Any]] = [array("d"), array("i"), array("i"), array("i")]
    for part, count in zip(parts, (pairs, pairs, pairs, postings), strict=True):
        end = offset + count * part.itemsize
        part.frombytes(side.groups_data[offset:end])
        offset = end
    weights, lengths, counts, ids = parts
    return PairGroups(weights, lengths, counts, ids)


def _stored(segment: str, fieldname: str, text: bytes) -> tuple[array[int], array[float]] | None:
    side = _side_file(segment)
    entry = side.entries.get((fieldname, text))
    if entry is None or side.data is None:
        return None
    offset, count = entry
    ids: array[int] = array("i")
    weights: array[float] = array("d")
    ids.frombytes(side.data[offset : offset + count * ids.itemsize])
    start = offset + count * ids.itemsize
    weights.frombytes(side.data[start : start + count * weights.itemsize])
    return ids, weights
