"""Top sections for plain word queries, evaluated on decoded postings (`search.postings`).

Same answers as the staged Whoosh queries in search.query (BM25F over the same weights and
lengths; sections with every word first, then sections with a rarer word, then any word),
without Whoosh's per-document matcher trees. A stage whose candidates would be more than
EXACT_BUDGET sections (only when every word of it is common) takes its candidates from each
word's *champions* instead: the CHAMPIONS postings with the best weight for their length,
the sections where the word is in a heading or the title or dense in a short body. Those
candidates are then scored exactly, by every word.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, compress
from typing import Any

from search.postings import PairGroups, Postings, segment_postings

EXACT_BUDGET = 2_000  # sections a stage may score exactly
CHAMPIONS = 300  # postings per common term a capped stage draws its candidates from
# An index of several large segments (a build in worker processes) shares both among them by
# size, so a search scores as many sections as in one segment; a segment smaller than the
# budget (an update's) keeps all of it, so a page just changed is never left out.


@dataclass(frozen=True)
class Weights:
    B: float
    K1: float


@dataclass
class _Term:
    postings: Postings
    idf: float
    avgfl: float
    alternative: int  # 0: the word as typed; k: its k-th synonym or compound
    weights: Weights
    # BM25 of a posting is idf·tf·(k1+1) / (tf + k1·(1 − b + b·length/avgfl)); what does not
    # depend on the posting is worked out once: c1·tf / (tf + c2 + c3·length).
    c1: float = field(init=False)
    c2: float = field(init=False)
    c3: float = field(init=False)

    def __post_init__(self) -> None:
        k1, b = self.weights.K1, self.weights.B
        self.c1 = self.idf * (k1 + 1)
        self.c2 = k1 * (1 - b)
        self.c3 = k1 * b / self.avgfl


# One word: its (field, term, boost, alternative) entries. The word's own terms (one per
# language field and stem, alternative 0) add up, as in Whoosh; a synonym or compound (each
# its own alternative number) competes with them instead: the clause scores the best of the
# word and its alternatives, so a section holding both is not counted twice.
Clause = list[tuple[str, str, float, int]]


def top_sections(
    searcher: Any,
    clauses: list[Clause],
    rare: list[bool] | None,
    allowed: set[int] | None,
    limit: int,
    weights: Weights,
    boosts: dict[str, float] | None = None,
    lengths: dict[str, float] | None = None,
    staged: bool = True,
    enough: int | None = None,
    full_weight: float | None = None,
    lookups: Lookups | None = None,
) -> tuple[list[tuple[int, float, float]], int]:
    """(global doc number, score, clauses matched) of the best `limit` sections, best first,
    and a total.

    With `full_weight`, a clause counts as matched by the share of `full_weight` its best
    posting's weight reaches (at most 1): in the page names, a word of the title names the
    page fully, a word only in its tags or folder about a third.

    `boosts` multiplies the score a field's terms give (the preferred language's field);
    `lengths` gives a field's average length when Whoosh's (over every document) is wrong
    for it (a field only page documents have).
    """
    segments = _segments(searcher, clauses, boosts or {}, lengths or {}, weights, lookups)
    everything = list(range(len(clauses)))
    stages: list[tuple[list[int], bool]] = []
    if len(clauses) > 1 and staged:
        stages.append((everything, True))  # sections holding every word
        if rare is not None:
            stages.append(([c for c, is_rare in enumerate(rare) if is_rare], False))
    stages.append((everything, False))
    found: list[tuple[float, int, float]] = []
    total = 0
    everyone = max(1, int(searcher.doc_count_all()))
    for sources, need_all in stages:
        found, total = [], 0
        for offset, reader, terms in segments:
            documents = reader.doc_count_all()
            share = documents / everyone if documents > EXACT_BUDGET else 1.0
            hits, matching = _stage(
                reader, terms, sources, need_all, allowed, offset, weights, full_weight, share
            )
            total += matching
            found.extend(hits)
        if len(found) >= (enough or limit):
            break
    best = heapq.nsmallest(limit, found, key=lambda hit: (-hit[0], hit[1]))
    return [(docnum, score, matched) for score, docnum, matched in best], total


def holds_every_clause(searcher: Any, clauses: list[Clause], lookups: Lookups) -> bool:
    """Whether some section holds a term of every clause: candidates from the clause with the
    fewest postings, checked against the others' sorted ids (no scoring)."""
    per_clause = [[_lookup(searcher, f, text, lookups)[0] for f, text, _, _ in c] for c in clauses]
    for number in range(len(searcher.leaf_searchers())):
        present: list[list[Postings]] = [
            [found for p in clause if (found := p[number]) is not None] for clause in per_clause
        ]
        if not present or any(not postings for postings in present):
            continue
        present.sort(key=lambda postings: sum(p.size for p in postings))
        candidates = {docnum for p in present[0] for docnum in p.ids}
        for postings in present[1:]:
            candidates = {d for d in candidates if any(_has(p.ids, d) for p in postings)}
            if not candidates:
                break
        if candidates:
            return True
    return False


def clauses_held(
    searcher: Any, clauses: list[Clause], docnum: int, lookups: Lookups
) -> frozenset[int]:
    """The numbers of the clauses a document (global number) holds a term of."""
    found = segment_of(searcher.reader(), docnum)
    if found is None:
        return frozenset()
    segment, local = found[0], docnum - found[1]
    return frozenset(
        c
        for c, clause in enumerate(clauses)
        if any(
            (postings := _lookup(searcher, f, text, lookups)[0][segment]) is not None
            and _has(postings.ids, local)
            for f, text, _, _ in clause
        )
    )


def segment_of(reader: Any, docnum: int) -> tuple[int, int, int] | None:
    """(number, first document, past the last) of the segment holding document `docnum`."""
    for number, (leaf, offset) in enumerate(reader.leaf_readers()):
        end = offset + leaf.doc_count_all()
        if offset <= docnum < end:
            return number, offset, end
    return None


def _has(ids: Any, docnum: int) -> bool:
    i = bisect_left(ids, docnum)
    return i < len(ids) and ids[i] == docnum


# A term's postings per segment (None where absent) and its idf: looked up once per search,
# however many stages and candidate checks score the term (`lookups`, one dict per search).
Lookups = dict[tuple[str, str], tuple[list[Postings | None], float]]


def _lookup(
    searcher: Any, fieldname: str, text: str, lookups: Lookups
) -> tuple[list[Postings | None], float]:
    found = lookups.get((fieldname, text))
    if found is None:
        btext = searcher.schema[fieldname].to_bytes(text)
        per_segment: list[Postings | None] = []
        for subsearcher, _ in searcher.leaf_searchers():
            reader = subsearcher.reader()
            if (fieldname, btext) not in reader:
                per_segment.append(None)
                continue
            postings = segment_postings(reader, fieldname, btext)
            if postings is None:
                raise LookupError(f"cannot decode {fieldname}:{text}")
            per_segment.append(postings)
        idf = searcher.idf(fieldname, btext) if any(per_segment) else 0.0
        found = lookups[(fieldname, text)] = (per_segment, idf)
    return found


def _segments(
    searcher: Any,
    clauses: list[Clause],
    boosts: dict[str, float],
    lengths: dict[str, float],
    weights: Weights,
    lookups: Lookups | None = None,
) -> list[tuple[int, Any, list[list[_Term]]]]:
    lookups = {} if lookups is None else lookups
    found = [
        [
            (_lookup(searcher, field, text, lookups), field, boost, alt)
            for field, text, boost, alt in clause
        ]
        for clause in clauses
    ]
    averages: dict[str, float] = {}
    segments = []
    for number, (subsearcher, offset) in enumerate(searcher.leaf_searchers()):
        per_clause: list[list[_Term]] = []
        for clause in found:
            terms = []
            for (per_segment, idf), fieldname, boost, alternative in clause:
                postings = per_segment[number]
                if postings is None:
                    continue
                avgfl = averages.get(fieldname)
                if avgfl is None:
                    avgfl = averages[fieldname] = (
                        lengths.get(fieldname) or searcher.avg_field_length(fieldname) or 1
                    )
                # BM25 is linear in the idf: scaling it scales the term's score.
                boosted = idf * boosts.get(fieldname, 1.0) * boost
                terms.append(_Term(postings, boosted, avgfl, alternative, weights))
            per_clause.append(terms)
        segments.append((offset, subsearcher.reader(), per_clause))
    return segments


def _stage(
    reader: Any,
    terms: list[list[_Term]],
    sources: list[int],
    need_all: bool,
    allowed: set[int] | None,
    offset: int,
    weights: Weights,
    full_weight: float | None = None,
    share: float = 1.0,
) -> tuple[list[tuple[float, int, float]], int]:
    """(score, global doc number, words matched) of the segment's sections this stage
    matches, and how many sections match (estimated as Whoosh does when candidates were
    capped). `share`: the part of EXACT_BUDGET and CHAMPIONS this segment has."""
    if need_all and any(not clause for clause in terms):
        return [], 0
    if need_all:
        # Candidates from the word with the fewest sections: every match holds it.
        sources = [min(sources, key=lambda c: sum(t.postings.size for t in terms[c]))]
    size = sum(t.postings.size for c in sources for t in terms[c])
    candidates: set[int] = set()
    budget = EXACT_BUDGET * share
    capped = size > budget
    if not capped:
        for c in sources:
            for term in terms[c]:
                candidates.update(term.postings.ids)
    elif allowed is not None and len(allowed) <= budget:
        # A narrow filter (a type, a tag): its sections are fewer than the champions.
        capped = False
        end = offset + reader.doc_count_all()
        candidates.update(docnum - offset for docnum in allowed if offset <= docnum < end)
    else:
        for clause in terms if need_all else [terms[c] for c in sources]:
            for term in clause:
                candidates.update(_champions(term, weights, max(1, round(CHAMPIONS * share))))
    deleted = reader.deleted_docs_set if reader.has_deletions() else None
    kept = [
        docnum
        for docnum in sorted(candidates)
        if (deleted is None or docnum not in deleted)
        and (allowed is None or docnum + offset in allowed)
    ]
    found = []
    for docnum, (score, matched, strength) in zip(
        kept, _score_many(kept, terms, full_weight, need_all), strict=True
    ):
        if need_all and matched < len(terms):
            continue
        if matched:
            found.append((score, docnum + offset, strength))
    if not capped:
        return found, len(found)
    sizes = [sum(t.postings.size for t in terms[c]) for c in sources]
    return found, max(len(found), max(sizes, default=0))


def _score_many(
    docnums: list[int], terms: list[list[_Term]], full_weight: float | None, need_all: bool = False
) -> list[tuple[float, int, float]]:
    """_score of each of `docnums` (sorted), term by term instead of document by document: a
    term whose postings are few beside the candidates is walked through once, a longer one
    is searched per candidate. The same sums, added in the same order. With `need_all`, a
    candidate that misses a clause is not looked up in the clauses after it (its result then
    counts fewer clauses than it may match: only sections matching every clause are kept)."""
    count = len(docnums)
    alive = list(range(count))
    scores = [0.0] * count
    matched = [0] * count
    strength = [0.0] * count
    for clause in terms:
        if not clause:
            if need_all:
                alive = []
            continue
        where = {docnums[k]: k for k in alive}
        width = clause[-1].alternative + 1
        parts = [[0.0] * count for _ in range(width)] if width > 1 else None
        heaviest = [0.0] * count
        for term in clause:
            postings = term.postings
            ids, tfs, lengths = postings.ids, postings.weights, postings.lengths
            c1, c2, c3 = term.c1, term.c2, term.c3
            into = scores if parts is None else parts[term.alternative]
            if len(ids) <= 4 * len(alive):
                # The postings that are candidates, picked in C; the loop visits only them.
                for i in compress(range(len(ids)), map(where.__contains__, ids)):
                    k = where[ids[i]]
                    tf = tfs[i]
                    into[k] += c1 * tf / (tf + c2 + c3 * lengths[i])
                    if tf > heaviest[k]:
                        heaviest[k] = tf
            else:
                end = len(ids)
                i = 0
                for k in alive:
                    i = bisect_left(ids, docnums[k], i)
                    if i == end:
                        break
                    if ids[i] == docnums[k]:
                        tf = tfs[i]
                        into[k] += c1 * tf / (tf + c2 + c3 * lengths[i])
                        if tf > heaviest[k]:
                            heaviest[k] = tf
        found = list(compress(range(count), heaviest))
        for k in found:
            if parts is not None:
                scores[k] += max([part[k] for part in parts])
            matched[k] += 1
            strength[k] += 1.0 if full_weight is None else min(1.0, heaviest[k] / full_weight)
        if need_all:
            alive = found
    return list(zip(scores, matched, strength, strict=True))


def _score(
    docnum: int, terms: list[list[_Term]], full_weight: float | None
) -> tuple[float, int, float]:
    """A segment document's BM25F for the clauses, how many clauses it matches, and their
    strength (see top_sections)."""
    score = 0.0
    matched = 0
    strength = 0.0
    for clause in terms:
        heaviest = 0.0
        # A clause with synonyms or compounds keeps a score per alternative; others just add.
        width = clause[-1].alternative + 1 if clause else 0
        by_alternative = [0.0] * width if width > 1 else None
        for term in clause:
            postings = term.postings
            ids = postings.ids
            i = bisect_left(ids, docnum)
            if i < len(ids) and ids[i] == docnum:
                tf = postings.weights[i]
                term_score = term.c1 * tf / (tf + term.c2 + term.c3 * postings.lengths[i])
                if by_alternative is None:
                    score += term_score
                else:
                    by_alternative[term.alternative] += term_score
                if tf > heaviest:
                    heaviest = tf
        if heaviest:
            if by_alternative is not None:
                score += max(by_alternative)
            matched += 1
            strength += 1.0 if full_weight is None else min(1.0, heaviest / full_weight)
    return score, matched, strength


def score_documents(
    searcher: Any,
    clauses: list[Clause],
    documents: set[int],
    weights: Weights,
    lengths: dict[str, float] | None = None,
    full_weight: float | None = None,
    lookups: Lookups | None = None,
) -> list[tuple[int, float, float]]:
    """(global doc number, score, clauses matched) of each of `documents` that matches, scored
    as top_sections scores them."""
    found = []
    segments = _segments(searcher, clauses, {}, lengths or {}, weights, lookups)
    for offset, reader, terms in segments:
        end = offset + reader.doc_count_all()
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        for docnum in sorted(d - offset for d in documents if offset <= d < end):
            if deleted is not None and docnum in deleted:
                continue
            score, matched, strength = _score(docnum, terms, full_weight)
            if matched:
                found.append((docnum + offset, score, strength))
    return found


def _champions(term: _Term, weights: Weights, count: int) -> list[int]:
    """The term's `count` best postings for their length (computed once per cached posting
    list).

    A posting's pre-score depends only on its (weight, length) pair, and a posting list
    has few distinct pairs: rank the pairs, not the postings.
    """
    postings = term.postings
    if postings.champions is None:
        if postings.groups is None:
            postings.champions = _champions_of_postings(postings, weights, term.avgfl, count)
        else:
            postings.champions = _champions_of_groups(postings.groups, weights, term.avgfl, count)
    return postings.champions


def _ranked_pairs(pairs: list[tuple[float, int]], weights: Weights, avgfl: float) -> list[int]:
    """Indexes of `pairs` (distinct, in the order they first appear), best pre-score first."""
    k1, b = weights.K1, weights.B

    def pre_score(number: int) -> float:
        weight, length = pairs[number]
        return weight / (weight + k1 * ((1 - b) + b * length / avgfl))

    # A stable sort, reversed: of pairs that tie, the one appearing later comes first.
    return list(reversed(sorted(range(len(pairs)), key=pre_score)))


def _champions_of_postings(
    postings: Postings, weights: Weights, avgfl: float, count: int
) -> list[int]:
    keys = list(zip(postings.weights, postings.lengths, strict=True))
    counts = Counter(keys)
    pairs = list(counts)
    accepted: set[tuple[float, int]] = set()
    boundary, room, taken = None, 0, 0
    for number in _ranked_pairs(pairs, weights, avgfl):
        pair = pairs[number]
        if taken + counts[pair] > count:
            boundary, room = pair, count - taken  # its first postings fill the rest
            break
        accepted.add(pair)
        taken += counts[pair]
    chosen = list(map(accepted.__contains__, keys))
    if boundary is not None:
        for i in compress(range(len(keys)), map(boundary.__eq__, keys)):
            if room <= 0:
                break
            chosen[i] = True
            room -= 1
    return list(compress(postings.ids, chosen))


def _champions_of_groups(
    groups: PairGroups, weights: Weights, avgfl: float, count: int
) -> list[int]:
    """What _champions_of_postings picks, from the postings grouped by pair: only the
    groups taken are read."""
    starts = [0, *accumulate(groups.counts)]
    pairs = list(zip(groups.weights, groups.lengths, strict=True))
    chosen: list[int] = []
    for number in _ranked_pairs(pairs, weights, avgfl):
        start, size = starts[number], groups.counts[number]
        if len(chosen) + size > count:
            chosen.extend(groups.ids[start : start + count - len(chosen)])
            break
        chosen.extend(groups.ids[start : start + size])
    return sorted(chosen)
