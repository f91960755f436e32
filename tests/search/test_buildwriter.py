"""A full build's writer (search.buildwriter) writes exactly the segment Whoosh's own writer
writes: every term's postings, weights and positions, the columns and the stored fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.writing import SegmentWriter

import search.index as search_index
from search import build_index, search
from search.storage import open_index
from tests.helpers import write_page


def _docs(docs: Path) -> None:
    words = ["refund", "return", "parcel", "courier", "e-mail", "invoice", "warranty", "sla"]
    for number in range(30):
        body = " ".join(words[(number * 7 + n) % len(words)] for n in range(40 + number * 9))
        write_page(
            docs,
            f"faq/page-{number}.md",
            f"# Page {number}\n\n## Refunds {number}\n\n{body}.\n\n## Returns\n\nreturn {number}\n",
        )
    write_page(docs, "faq/kembali.id.md", "# Pengembalian\n\n## Dana\n\nuang kembali cepat.\n",
               lang="id")


def _everything(index_dir: Path) -> dict[Any, Any]:
    index = open_index(index_dir)
    found: dict[Any, Any] = {}
    with index.reader() as reader:
        for name, field in index.schema.items():
            if field.indexed:
                for term in reader.lexicon(name):
                    matcher = reader.postings(name, term)
                    postings = []
                    while matcher.is_active():
                        postings.append((matcher.id(), matcher.weight(), matcher.value()))
                        matcher.next()
                    found[(name, term)] = postings
            if field.column_type and reader.has_column(name):
                found[("column", name)] = list(reader.column_reader(name))
        found["stored"] = list(reader.all_stored_fields())
    return found


@pytest.mark.parametrize("limit_mb", [256, 0])  # 0: past the limit at once, sorted runs on disk
def test_the_build_writer_writes_what_whooshs_writer_writes(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit_mb: int
) -> None:
    _docs(docs)
    build_index(docs, tmp_path / "ours", workers=1)
    monkeypatch.setattr(search_index, "_WRITER_MEMORY_MB", limit_mb)
    build_index(docs, tmp_path / "ours-limited", workers=1)
    monkeypatch.setattr(search_index, "BuildWriter", SegmentWriter)
    build_index(docs, tmp_path / "whoosh", workers=1)

    reference = _everything(tmp_path / "whoosh")
    assert len(reference) > 200
    assert _everything(tmp_path / "ours") == reference
    assert _everything(tmp_path / "ours-limited") == reference
    assert search(tmp_path / "ours-limited", '"refund return"').hits
