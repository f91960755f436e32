"""One diff module: line and unified diffs, the three-way merge and the conflict view."""

from __future__ import annotations

import pytest

from portal.diffing import (
    ConflictView,
    DiffLine,
    line_diff,
    merge3,
    merge_regions,
    resolve,
    unified_diff,
)

BASE = "# Refunds\n\n30 days.\n\nKeep the receipt.\n\nCard refunds.\n"


def test_changes_to_different_lines_merge_and_changes_to_the_same_line_do_not() -> None:
    theirs = BASE.replace("30 days.", "14 days.")
    ours = BASE.replace("Card refunds.", "Card or voucher refunds.")
    assert merge3(BASE, theirs, ours) == "# Refunds\n\n14 days.\n\nKeep the receipt.\n\nCard or voucher refunds.\n"
    assert merge3(BASE, theirs, BASE.replace("30 days.", "45 days.")) is None
    assert merge3(BASE, theirs, theirs) == theirs  # the same change twice is one change


def test_a_line_diff_keeps_every_line_and_a_unified_diff_only_the_context() -> None:
    after = BASE.replace("Card refunds.", "Voucher refunds.")
    assert line_diff("a\nb\n", "a\nc\n") == [
        DiffLine("same", "a"), DiffLine("del", "b"), DiffLine("add", "c")]
    unified = unified_diff(BASE, after, context=1)
    assert [line.kind for line in unified] == ["hunk", "same", "del", "add"]
    assert unified[0].text.startswith("@@ -6,2 +6,2 @@")


def test_a_conflict_merges_only_when_the_base_is_known() -> None:
    theirs = BASE.replace("30 days.", "14 days.")
    ours = BASE.replace("Card refunds.", "Voucher refunds.")
    known = ConflictView.of(ours, theirs, "h1", base=BASE)
    assert known.merged is not None and "14 days." in known.merged and "Voucher" in known.merged
    assert DiffLine("add", "Voucher refunds.") in known.changes  # current → yours
    unknown = ConflictView.of(ours, theirs, "h1", base=None)
    assert unknown.merged is None
    deleted = ConflictView.of(ours, None, None, base=BASE)
    assert deleted.merged is None and deleted.changes[0].kind == "hunk"


def test_each_place_both_changed_is_resolved_by_a_choice_and_only_so() -> None:
    theirs = BASE.replace("30 days.", "60 days.")
    ours = BASE.replace("30 days.", "14 days.")
    regions = merge_regions(BASE, theirs, ours)
    assert [r.conflict for r in regions].count(True) == 1
    assert resolve(regions, ["mine"]) == ours
    assert resolve(regions, ["theirs"]) == theirs
    for wrong in ([], ["mine", "mine"], ["both"]):
        with pytest.raises(ValueError):
            resolve(regions, wrong)
