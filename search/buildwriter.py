"""The writer of a full build: Whoosh's segment writer with postings gathered per term.

Whoosh's writer files every posting as a (field, term, document, weight, value) tuple in one
list, sorts the whole list when the segment is written (past its memory limit it also pickles
sorted runs to disk and merges them back), and then reads the sorted tuples one by one. A
build adds its documents in order, so each term's postings arrive sorted already: here they
are appended to the term's own arrays (a writer numbers documents in the order it gets them,
those of merged segments included), only the distinct terms are sorted, and each term's
postings go to Whoosh's postings writer as they are. The segment written is the same, about
a third of the memory per posting (no tuple, term or field name per posting) and no sort.

The memory bound holds as in Whoosh: past `limitmb`, the postings gathered so far are written
as one of Whoosh's sorted runs, and a segment with runs is written by Whoosh's own merge.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import Any

from whoosh.codec.whoosh3 import W3PostingsWriter
from whoosh.writing import PostingPool, SegmentWriter

# Bytes one posting costs here (its slots in two arrays and a list, and a bytes object for
# its value) and one distinct term (key tuple and bytes, dict entry, three containers):
# CPython's object sizes, rounded up.
_POSTING_BYTES = 24 + 33
_TERM_BYTES = 450

Postings = tuple["array[int]", "array[float]", list[bytes]]


class TermPool(PostingPool):  # type: ignore[misc]
    """Postings per (field, term), in the order added; Whoosh's sorted runs past the limit."""

    def __init__(self, tempstore: Any, segment: Any, limitmb: int = 128) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb)
        self.terms: dict[tuple[str, bytes], Postings] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self.terms.get((fieldname, text))
        if postings is None:
            postings = self.terms[(fieldname, text)] = (array("I"), array("d"), [])
            self.currentsize += _TERM_BYTES + len(text)
        postings[0].append(docnum)
        postings[1].append(weight)
        postings[2].append(value or b"")
        self.currentsize += _POSTING_BYTES + len(value or b"")
        if self.currentsize > self.limit:
            self.save()

    def sorted_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting as Whoosh's pool gives them: by field, term, document."""
        for (fieldname, text), (docs, weights, values) in sorted(self.terms.items()):
            for docnum, weight, value in zip(docs, weights, values, strict=True):
                yield fieldname, text, docnum, weight, value

    def save(self) -> None:
        if self.terms:
            path, run = self._new_run()
            self._write_run(run, self.sorted_postings())
            self._add_run(path)
            self.terms = {}
        self.currentsize = 0

    def items(self, maxfiles: int = 128) -> Any:
        if not self.runs:
            return self.sorted_postings()
        return super().items(maxfiles)

    def write(self, fieldwriter: Any, schema: Any) -> None:
        """Hand every posting to the codec's field writer, term by term (no runs written)."""
        lastfield = None
        for (fieldname, text), (docs, weights, values) in sorted(self.terms.items()):
            if fieldname != lastfield:
                if lastfield is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, schema[fieldname])
                lastfield = fieldname
            fieldwriter.start_term(text)
            postwriter = getattr(fieldwriter, "_postwriter", None)
            if isinstance(postwriter, W3PostingsWriter) and not postwriter._byteids:
                _add_in_blocks(postwriter, docs, weights, values)
            else:
                add = fieldwriter.add
                for docnum, weight, value in zip(docs, weights, values, strict=True):
                    add(docnum, weight, value, 0)  # no field length: no length statistics
            fieldwriter.finish_term()
        if lastfield is not None:
            fieldwriter.finish_field()


def _add_in_blocks(
    postwriter: Any, docs: array[int], weights: array[float], values: list[bytes]
) -> None:
    """What W3PostingsWriter.add_posting does for each posting (with no field length), a
    block's worth at a time: fill the block, write it when the next posting needs room."""
    limit = postwriter._blocklimit
    count = len(docs)
    start = 0
    while start < count:
        if len(postwriter._ids) >= limit:
            postwriter._write_block()
        end = min(start + limit - len(postwriter._ids), count)
        postwriter._ids.extend(docs[start:end])
        chunk = weights[start:end]
        postwriter._weights.fromlist(chunk.tolist())
        heaviest = max(chunk)
        if heaviest > postwriter._maxweight:
            postwriter._maxweight = heaviest
        postwriter._values.extend([value for value in values[start:end] if value])
        start = end


class BuildWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose postings go through a TermPool."""

    def __init__(self, index: Any, **kwargs: Any) -> None:
        super().__init__(index, **kwargs)
        limitmb = kwargs.get("limitmb", 128)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        if self.pool.runs or self.codec.length_stats:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        self.pool.write(self.fieldwriter, self.schema)
        self.fieldwriter.close()
