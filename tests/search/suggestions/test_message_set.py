"""The labelled message sets are big and varied enough, and every label points at something
that exists: a canned reply in the message's language where there is one, a real section."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import content
from content.urls import language_of_path, source_path
from tests.helpers import REPO
from tests.search.suggestions.heldout_kb import write_heldout_kb
from tests.search.suggestions.messageset import HELDOUT_FILE, LabelledMessage, load_messages

MESSAGES = load_messages()
HELDOUT = load_messages(HELDOUT_FILE)


def _pages(docs: Path) -> dict[str, content.Page]:
    loaded = content.load_docs(docs)
    assert not loaded.problems, loaded.problems
    return {page.path: page for page in loaded.pages}


def test_the_starter_set_is_big_and_varied_enough() -> None:
    languages = Counter(m.lang for m in MESSAGES)
    assert len(MESSAGES) >= 60 and languages["ar"] >= 15 and languages["id"] >= 15
    channels = Counter(m.channel for m in MESSAGES)
    assert channels["email"] >= 10 and channels["chat"] >= 10
    assert channels["amazon"] + channels["ebay"] + channels["noon"] >= 8
    assert {"amazon", "ebay", "noon"} <= set(channels)
    quoted = [m for m in MESSAGES if "\n>" in m.text or "From:" in m.text or "Dari:" in m.text]
    assert len(quoted) >= 5, "quoted threads"
    assert len({m.id for m in MESSAGES}) == len(MESSAGES)
    assert len({m.text for m in MESSAGES}) == len(MESSAGES)
    assert len(HELDOUT) >= 15


@pytest.mark.parametrize(
    ("messages", "docs"),
    [(MESSAGES, REPO / "docs"), (HELDOUT, None)],
    ids=["starter", "held-out"],
)
def test_every_label_exists_in_its_knowledge_base(
    messages: list[LabelledMessage], docs: Path | None, tmp_path: Path
) -> None:
    pages = _pages(docs or write_heldout_kb(tmp_path / "docs"))
    problems = []
    for message in messages:
        for path in message.replies:
            page = pages.get(path)
            if page is None or page.type != "template":
                problems.append(f"{message.id}: {path} is not a canned reply")
            elif page.lang != message.lang and f"{source_path(path)[:-3]}.{message.lang}.md" in pages:
                problems.append(f"{message.id}: {path} has a {message.lang} translation")
        for path, anchor in message.sections:
            page = pages.get(path)
            if page is None or page.section(anchor) is None:
                problems.append(f"{message.id}: no section {path}#{anchor}")
            elif language_of_path(path) not in (None, message.lang):
                problems.append(f"{message.id}: {path} is in another language than the message")
    assert not problems, "\n".join(problems)


def test_messages_are_written_from_the_customers_side() -> None:
    """No policy wording: customers do not say what our pages call the case."""
    policy_words = ("return window", "approval limit", "delivery range", "trace needed", "P1", "P2")
    offenders = [m.id for m in MESSAGES + HELDOUT for word in policy_words if word in m.text]
    assert not offenders
