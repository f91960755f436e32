"""The fast paths behind search(): decoded postings, capped candidates, reused readers,
the typo word sets. Each must answer exactly what the plain Whoosh path answers."""

from __future__ import annotations

import gc
import random
import sys
import tracemalloc
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import search
import search.evaluate
import search.postings
import search.query
import search.storage
import search.vocabulary
from search import build_index, update_index
from search import search as run_search
from search.candidates import page_document, page_starts, section_documents
from search.parsing import parse_query
from search.searchers import forget_searchers, open_searcher
from search.spelling import Vocabulary
from search.vocabulary import column_counts
from tests.helpers import write_page

_TOPICS = ["refund", "return", "parcel", "courier", "escalate", "invoice", "warranty"]


def _corpus(docs: Path, pages: int = 40) -> None:
    rng = random.Random(5)
    for number in range(pages):
        sections = []
        for part in range(4):
            heading = " ".join(rng.sample(_TOPICS, 2))
            words = [
                rng.choice([*_TOPICS, "customer", "order", "reply", "note"]) for _ in range(30)
            ]
            sections.append(f"## {heading} {part}\n\n{' '.join(words)} unique{number}x{part}.\n")
        lang = "id" if number % 5 == 0 else "en"
        write_page(
            docs,
            f"faq/page-{number}.{lang}.md" if lang != "en" else f"faq/page-{number}.md",
            f"# Page {number} {rng.choice(_TOPICS)}\n\n" + "\n".join(sections),
            lang=lang,
            type="faq" if number % 2 else "howto",
            tags=["money"] if number % 3 else ["shipping"],
        )


def _indexed_corpus(docs: Path, tmp_path: Path) -> Path:
    _corpus(docs)
    index = tmp_path / "index"
    build_index(docs, index)
    return index


def _whoosh_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Answer with Whoosh's own matchers (the reference the fast path must equal)."""
    plan_query = search.query.plan_query

    def plain(*args: Any, **kwargs: Any) -> Any:
        plan = plan_query(*args, **kwargs)
        plan.clauses = None
        return plan

    monkeypatch.setattr(search.query, "plan_query", plain)


_QUERIES = [
    ("refund", {}),
    ("refund courier", {}),
    ("customer reply note", {}),
    ("escalate the warranty invoice", {}),
    ("unique3x1 parcel", {}),
    ("refund courier", {"lang": "en"}),
    ("reply note", {"type": "faq", "tag": "money"}),
    ("retur*", {}),
]


def _sections(index: Path, text: str, limit: int = 10, **filters: str) -> list[tuple[str, str, float]]:
    """The section stage's answer (before sections are grouped by page): path, anchor, score."""
    with open_searcher(index) as opened:
        searcher = opened.searcher
        plan = search.query.plan_query(
            parse_query(text), searcher.reader(), opened.vocabulary, filters.get("lang")
        )
        searcher.weighting = search.query._WEIGHTING
        allowed = search.query._allowed_documents(
            opened, filters.get("lang"), filters.get("type"), filters.get("tag")
        )
        found, _ = search.query.section_stage(searcher, plan, allowed, limit)
        stored = [(searcher.stored_fields(docnum), score) for docnum, score, _ in found]
    return [(fields["path"], fields["anchor"], round(score, 9)) for fields, score in stored]


def _answers(index: Path) -> list[list[tuple[str, str, float]]]:
    return [_sections(index, text, **kw) for text, kw in _QUERIES]


@pytest.mark.parametrize("cache_min", [1, 10_000])
def test_decoded_postings_answer_like_whoosh(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_min: int
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    monkeypatch.setattr(search.postings, "CACHE_MIN_POSTINGS", cache_min)
    fast = _answers(index)
    _whoosh_only(monkeypatch)
    assert fast == _answers(index)
    assert all(fast[:5])


def test_capped_candidates_are_scored_exactly_and_hold_every_word(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    exact = {(path, anchor): score for path, anchor, score in _sections(index, "refund courier", 100)}
    monkeypatch.setattr(search.evaluate, "EXACT_BUDGET", 0)
    monkeypatch.setattr(search.evaluate, "CHAMPIONS", 5)
    search.postings.clear_cache()
    try:
        capped = _sections(index, "refund courier")
    finally:
        search.postings.clear_cache()  # champions were picked from 5 postings each
    assert len(capped) == 10
    best_exact = sorted(exact.values(), reverse=True)
    for path, anchor, score in capped:
        assert score == pytest.approx(exact[(path, anchor)])
    assert capped[0][2] == pytest.approx(best_exact[0])


def test_updates_are_seen_through_cached_postings_and_reused_readers(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search.postings, "CACHE_MIN_POSTINGS", 1)
    _corpus(docs, pages=12)
    index = tmp_path / "index"
    build_index(docs, index)
    forget_searchers()
    assert any(h.path == "faq/page-1.md" for h in run_search(index, "unique1x2").hits)
    with open_searcher(index) as first:
        pass
    write_page(docs, "faq/page-1.md", "# Page 1\n\n## Changed\n\nfreshword refund.\n")
    update_index(docs, index, ["faq/page-1.md"])

    assert run_search(index, "unique1x2").hits == []  # deleted from the reused segment
    assert run_search(index, "freshword").hits[0].path == "faq/page-1.md"
    with open_searcher(index) as second:
        assert first.retired and second is not first and not second.retired
        assert second.searcher.doc_count() == first.searcher.doc_count() - 4 + 1
    refund = _sections(index, "refund", limit=100)
    assert len(refund) == len({(path, anchor) for path, anchor, _ in refund})
    for _ in range(3):  # more commits without merging, then merged past MAX_SEGMENTS
        write_page(docs, "faq/page-2.md", f"# Page 2\n\n## Again\n\nagain{_} refund.\n")
        update_index(docs, index, ["faq/page-2.md"])
        assert run_search(index, f"again{_}").hits[0].path == "faq/page-2.md"


def test_a_page_changed_after_an_abbreviation_search_is_not_found_by_its_old_words(
    docs: Path, tmp_path: Path
) -> None:
    # Looking up an abbreviation's long form reads postings, which makes a segment reader
    # remember its deletions; the reader reused after an update must see the new ones.
    write_page(docs, "faq/leave.md", "# Leave\n\n## Lieu\n\nTime Off In Lieu (TOIL) oldword.\n")
    write_page(docs, "faq/other.md", "# Other\n\n## Else\n\nSomething else entirely.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    forget_searchers()
    assert run_search(index, "TOIL").hits[0].path == "faq/leave.md"
    write_page(docs, "faq/leave.md", "# Leave\n\n## Lieu\n\nnewword only.\n")
    update_index(docs, index, ["faq/leave.md"])
    assert run_search(index, "oldword").hits == []
    assert run_search(index, "newword").hits[0].path == "faq/leave.md"


def _one_edit_apart(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance exactly 1, written out plainly (the reference)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    if len(a) < len(b):
        return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) == 1:
        return True
    i = differ[0]
    return len(differ) == 2 and differ[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]


def test_typo_corrections_match_every_indexed_word_one_edit_away(
    docs: Path, tmp_path: Path
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    with open_searcher(index) as opened:
        vocabulary: Vocabulary = opened.vocabulary
        reader = opened.searcher.reader()
        counts: Counter[str] = Counter()
        for leaf, _ in reader.leaf_readers():
            counts += column_counts(leaf)
        for typo in ["refnud", "courrier", "escalte", "invoise", "warrantyy", "parcle", "zzzzzz"]:
            near = [w for w, n in counts.items() if n >= vocabulary.support()
                    and _one_edit_apart(typo, w)]
            expected = max(sorted(near), key=lambda w: counts[w], default=None)
            assert vocabulary.correction(typo) == expected
        assert vocabulary.correction("refnud") == "refund"


def test_vocabulary_counts_the_documents_holding_each_word(docs: Path, tmp_path: Path) -> None:
    """A word's count is the number of documents (a page's own and its sections) holding it,
    however often each says it: what correction's support and ranking of candidates read."""
    write_page(docs, "faq/zeppelin.md", "# Zeppelin\n\n## One\n\nzeppelin zeppelin zeppelin.\n\n"
               "## Two\n\nzeppelin again.\n\n## Three\n\nnothing here.\n")
    index = tmp_path / "index"
    build_index(docs, index)
    with open_searcher(index) as opened:
        # the page's name, its H1 section (headed by the title) and two sections
        assert opened.vocabulary.frequency("zeppelin") == 4
        assert opened.vocabulary.frequency("nothing") == 1
        assert opened.vocabulary.frequency("absent") == 0


def test_a_word_a_one_page_update_added_corrects_a_typo(docs: Path, tmp_path: Path) -> None:
    index = _indexed_corpus(docs, tmp_path)
    assert run_search(index, "zepelin").suggestion is None
    write_page(docs, "faq/airship.md", "# Zeppelin airships\n\n## Speed\n\nA zeppelin is slow.\n")
    update_index(docs, index, ["faq/airship.md"])
    found = run_search(index, "zepelin")
    assert found.suggestion == "zeppelin"
    assert found.hits[0].path == "faq/airship.md"


def test_a_vocabulary_file_that_cannot_be_written_leaves_a_working_index(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class DiskFillsUp:
        HIGHEST_PROTOCOL = 5

        @staticmethod
        def dump(_: object, out: Any, protocol: int) -> None:
            out.write(b"half of it")
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(search.vocabulary, "pickle", DiskFillsUp)
    index = _indexed_corpus(docs, tmp_path)
    assert "could not write the vocabulary side file" in caplog.text
    assert not list(index.resolve().glob("*.vocabulary*"))  # no half-written file either
    forget_searchers()
    assert run_search(index, "refnud").suggestion == "refund"


def test_a_damaged_vocabulary_file_is_read_from_the_index_instead(
    docs: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    side_files = list(index.resolve().glob("*.vocabulary"))
    assert side_files
    for side_file in side_files:
        side_file.write_bytes(b"not a pickle")
    forget_searchers()
    with open_searcher(index) as opened:
        assert opened.vocabulary.correction("refnud") == "refund"
    assert "ignoring the vocabulary side file" in caplog.text


def _pages_indexed_one_by_one(docs: Path, tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """The corpus indexed, then 12 pages added one update at a time: more updates than
    MAX_SEGMENTS, so small segments get merged away on the way."""
    index = _indexed_corpus(docs, tmp_path)
    for number in range(12):
        write_page(docs, f"faq/extra-{number}.md", f"# Extra {number}\n\nrefund note{number}\n")
        update_index(docs, index, [f"faq/extra-{number}.md"])
        yield index, number


def _segment_ids(opened: Any) -> set[str]:
    return {leaf.segment().segment_id() for leaf, _ in opened.searcher.reader().leaf_readers()}


def test_typo_word_sets_are_kept_only_for_the_segments_searched(docs: Path, tmp_path: Path) -> None:
    """A long-running worker must not pile up words of merged-away segments (the soak found
    +10 MB per worker in 8 minutes of approvals, each adding a segment)."""
    seen: list[Vocabulary] = []
    for index, _ in _pages_indexed_one_by_one(docs, tmp_path):
        with open_searcher(index) as opened:
            assert opened.vocabulary.correction("refnud") == "refund"
            segments = _segment_ids(opened)
            held = opened.vocabulary._words
            assert set(held) == segments
            if seen:
                earlier = seen[-1]._words
                assert all(held[key] is earlier[key] for key in set(held) & set(earlier))
            seen.append(opened.vocabulary)
    assert len(seen[-1]._words) < 12


def test_warming_up_collects_the_typo_words_before_the_first_typo(
    docs: Path, tmp_path: Path
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    forget_searchers()

    search.warm_up(index)

    with open_searcher(index) as opened:
        segments = _segment_ids(opened)
        assert set(opened.vocabulary._words) == segments
        assert all(opened.vocabulary._words.values())
    assert run_search(index, "refnud").hits  # the warmed word sets answer the typo
    with pytest.raises(search.IndexUnavailable):
        search.warm_up(tmp_path / "no-index")


def test_segments_merged_away_are_closed_and_forgotten(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their file copies and cached postings go at once, not at some later full GC."""
    monkeypatch.setattr(search.postings, "CACHE_MIN_POSTINGS", 1)
    every_reader: dict[str, Any] = {}
    for index, number in _pages_indexed_one_by_one(docs, tmp_path):
        assert run_search(index, f"note{number}").hits[0].path == f"faq/extra-{number}.md"
        assert run_search(index, "refund courier").hits
        with open_searcher(index) as opened:
            leaves = [leaf for leaf, _ in opened.searcher.reader().leaf_readers()]
        current = {leaf.segment().segment_id() for leaf in leaves}
        every_reader.update((leaf.segment().segment_id(), leaf) for leaf in leaves)
        gone = set(every_reader) - current
        assert all(every_reader[segment].is_closed for segment in gone)
        assert not any(key[0] in gone for key in search.postings._cache._entries)
    assert gone  # the updates did merge segments away


def test_a_full_build_writes_postings_side_files_that_answer_alike(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search.postings, "CACHE_MIN_POSTINGS", 1)
    monkeypatch.setattr(search.postings, "SIDE_MIN_POSTINGS", 1)
    index = _indexed_corpus(docs, tmp_path)
    assert all(side.stat().st_size for side in index.resolve().glob("deskbook-*.postings"))
    search.postings.clear_cache()
    from_side_files = _answers(index)
    _whoosh_only(monkeypatch)
    assert from_side_files == _answers(index)


def test_a_narrow_filter_is_answered_exactly_even_when_words_are_common(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    narrow = {"type": "faq", "tag": "shipping"}  # ≈ 30 of the 200 sections
    exact = [(path, anchor) for path, anchor, _ in _sections(index, "reply note", **narrow)]
    monkeypatch.setattr(search.evaluate, "EXACT_BUDGET", 50)
    monkeypatch.setattr(search.evaluate, "CHAMPIONS", 1)
    search.postings.clear_cache()
    try:
        capped = [(path, anchor) for path, anchor, _ in _sections(index, "reply note", **narrow)]
    finally:
        search.postings.clear_cache()
    assert capped == exact and len(exact) == 10
    monkeypatch.setattr(search.evaluate, "EXACT_BUDGET", 20)  # the filter is wider: capped
    search.postings.clear_cache()
    try:
        assert len(_sections(index, "reply note", **narrow)) <= 10
    finally:
        search.postings.clear_cache()


def test_typo_lookups_hold_each_word_once(docs: Path, tmp_path: Path) -> None:
    """A worker's typo lookups cost about what its vocabulary does: the deletion maps they
    replaced filed every word under each of its deletions, ten times the memory, and each
    approval's small segment made a worker's size swing by megabytes in the soak."""
    for number in range(60):
        words = " ".join(f"term{number}w{n}" for n in range(200))
        write_page(docs, f"faq/words-{number}.md", f"# Words {number}\n\n{words}\n")
    index = _indexed_corpus(docs, tmp_path)
    with open_searcher(index) as opened:
        vocabulary = Vocabulary(opened.searcher.reader())
        words = {
            word for leaf, _ in opened.searcher.reader().leaf_readers()
            for word in column_counts(leaf)
        }
        tracemalloc.start()
        try:
            vocabulary.prepare()
            held, _ = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert vocabulary.correction("refnud") == "refund"
    text = sum(sys.getsizeof(word) for word in words)
    assert len(words) > 12_000
    assert held < 2.5 * text


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_searching_maps_no_segment_file_into_the_process(docs: Path, tmp_path: Path) -> None:
    """Whoosh copies each segment part it reads; mapping the file as well counted the index
    again in every worker's memory (the soak's file-backed growth)."""
    index = _indexed_corpus(docs, tmp_path)
    forget_searchers()
    search.warm_up(index)
    assert run_search(index, "refund").hits[0].path.startswith("faq/")
    assert run_search(index, "refnud").hits
    mapped = [
        line for line in Path("/proc/self/maps").read_text().splitlines()
        if str(index.resolve()) in line and line.endswith(".seg")
    ]
    assert mapped == []


def test_index_updates_leave_no_segment_copies_waiting_for_the_garbage_collector(
    docs: Path, tmp_path: Path
) -> None:
    """Whoosh's readers and writers refer to each other in cycles, and a busy worker may
    not run a full garbage collection for minutes: each approval's update used to leave
    copies of the index's segments behind until then (the soak saw workers swing by
    100 MB). Closed segment parts now let go of their bytes at once."""
    index = _indexed_corpus(docs, tmp_path)
    index_bytes = sum(f.stat().st_size for f in index.resolve().glob("*.seg"))
    assert run_search(index, "refund").hits
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        for number in range(20):
            write_page(docs, "faq/page-1.md", f"# Page 1\n\n## Checked\n\nrefund checked{number}\n")
            update_index(docs, index, ["faq/page-1.md"])
            assert run_search(index, f"checked{number}").hits[0].path == "faq/page-1.md"
        copies = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, search.storage.__file__)]
        )
    finally:
        tracemalloc.stop()
        gc.enable()
    held = sum(stat.size for stat in copies.statistics("filename"))
    assert held < 2 * index_bytes  # the open searcher's copies, not one set per update


def test_the_rare_word_shortcut_does_not_lose_the_page_the_common_words_name(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Sections holding only the rarer words are scored first; when they are enough, the
    # sections holding just the common words are never looked at. The page whose *name* is
    # those common words must still be found (by the page-name stage).
    monkeypatch.setattr(search.query, "_COMMON_MIN", 20)
    write_page(docs, "policies/refund-policy.md", "# Refund policy\n\nHow refunds work here.\n")
    for number in range(60):
        write_page(docs, f"faq/refund-{number}.md", f"# Question {number}\n\nA refund under the policy, case {number}.\n")
    for number in range(25):
        write_page(docs, f"misc/zebra-{number}.md", f"# Animals {number}\n\nA zebra crossing.\n")
    index = tmp_path / "index"
    build_index(docs, index)

    sections = [path for path, _, _ in _sections(index, "refund policy zebra", limit=20)]
    assert "policies/refund-policy.md" not in sections  # the shortcut skipped it …
    pages = [hit.path for hit in run_search(index, "refund policy zebra").hits]
    assert "policies/refund-policy.md" in pages  # … and the page is found all the same


def test_a_pages_documents_are_found_where_pages_start_as_by_walking_their_paths(
    docs: Path, tmp_path: Path
) -> None:
    index = _indexed_corpus(docs, tmp_path)
    write_page(docs, "faq/page-3.md", "# Page 3\n\n## One\n\nrefund.\n\n## Two\n\nparcel.\n")
    update_index(docs, index, ["faq/page-3.md"])  # its old documents deleted, new ones added
    (docs / "faq/page-4.md").unlink()
    update_index(docs, index, ["faq/page-4.md"])
    with open_searcher(index) as opened:
        reader = opened.searcher.reader()
        assert len(list(reader.leaf_readers())) > 1 and reader.has_deletions()
        paths = reader.column_reader("path")

        def path_of(docnum: int) -> str:
            return str(paths[docnum])

        starts = page_starts(reader)
        assert any(reader.is_deleted(docnum) for docnum in starts)  # page-3's old one
        documents = range(reader.doc_count_all())
        for docnum in documents:  # no starts: the documents are found by walking the paths
            page = page_document(reader, docnum, path_of, starts)
            assert page == page_document(reader, docnum, path_of, [])
            assert path_of(page) == path_of(docnum)
            sections = section_documents(reader, page, path_of, starts)
            assert sections == section_documents(reader, page, path_of, [])
            assert docnum == page or docnum in sections


def _every_side_postings(index: Path) -> list[search.postings.Postings]:
    with open_searcher(index) as opened:
        found = []
        for leaf, _ in opened.searcher.reader().leaf_readers():
            for fieldname in ("text_en", "text_id", "name_en"):
                for text, _info in leaf.iter_field(fieldname):
                    btext = text if isinstance(text, bytes) else str(text).encode("utf-8")
                    postings = search.postings.segment_postings(leaf, fieldname, btext)
                    if postings is not None:
                        found.append(postings)
        return found


def test_champions_from_the_build_time_pair_groups_are_those_of_the_postings(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search.postings, "SIDE_MIN_POSTINGS", 1)
    index = _indexed_corpus(docs, tmp_path)
    search.postings.clear_cache()
    every = _every_side_postings(index)
    grouped = [postings for postings in every if postings.groups is not None]
    assert len(grouped) == len(every) > 100
    weights = search.evaluate.Weights(B=0.75, K1=1.2)
    for postings in grouped:
        assert postings.groups == search.postings.pair_groups(postings)
        for count in (1, 2, 5, 17, postings.size - 1, postings.size, postings.size + 3):
            for avgfl in (1.0, 7.3, 31.0, 250.0):
                assert search.evaluate._champions_of_groups(
                    postings.groups, weights, avgfl, count
                ) == search.evaluate._champions_of_postings(postings, weights, avgfl, count)


def test_capped_answers_are_the_same_with_or_without_pair_groups_across_updates(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search.postings, "SIDE_MIN_POSTINGS", 1)
    monkeypatch.setattr(search.evaluate, "EXACT_BUDGET", 20)
    monkeypatch.setattr(search.evaluate, "CHAMPIONS", 7)
    index = _indexed_corpus(docs, tmp_path)
    assert list(index.resolve().glob("deskbook-*.pairs"))

    from_groups = 0
    of_groups = search.evaluate._champions_of_groups

    def counted(*args: Any) -> list[int]:
        nonlocal from_groups
        from_groups += 1
        return of_groups(*args)

    monkeypatch.setattr(search.evaluate, "_champions_of_groups", counted)

    def answers(groups: bool) -> list[list[tuple[str, str, float]]]:
        search.postings.clear_cache()  # champions are kept with the cached postings
        with monkeypatch.context() as patch:
            if not groups:
                patch.setattr(search.postings, "_stored_groups", lambda *args: None)
            return _answers(index)

    assert answers(groups=True) == answers(groups=False)
    write_page(docs, "faq/page-3.md", "# Page 3\n\n## Changed\n\nrefund courier refund.\n")
    update_index(docs, index, ["faq/page-3.md"])  # old documents deleted, a new segment
    (docs / "faq" / "page-4.md").unlink()
    update_index(docs, index, ["faq/page-4.md"])
    assert answers(groups=True) == answers(groups=False)
    assert from_groups
