"""A new page is made by the same rules whether an agent's answer or the editor starts it:
the same file name for the same title, the same front matter and review interval."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient

from content.frontmatter import split_front_matter
from tests.portal.capture_kb import kb_settings, review_post, send, submission_id
from tests.portal.helpers import page_csrf, text

TITLE = "سياسة الاسترداد: Refunds & Returns (EU)"
NAME = "سياسة-الاسترداد-refunds-returns-eu"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8")).yaml_text or "")
    assert isinstance(data, dict)
    return data


def _new_in_editor(lead: FlaskClient, **fields: str) -> Any:
    token = page_csrf(lead, f"/portal/editor/new?type={fields['type']}")
    return lead.post("/portal/editor/new", data={"csrf_token": token, **fields})


def test_an_answer_and_the_editor_name_and_describe_new_pages_alike(
    agent: FlaskClient, lead: FlaskClient, kb: Path
) -> None:
    ident = submission_id(send(agent, "/portal/capture/answer", title=TITLE,
                               body="Thirty days.\n", target="new:howtos"))
    assert review_post(lead, ident, "approve").status_code == 303
    answered = kb / f"howtos/{NAME}.md"
    assert answered.is_file()

    again = _new_in_editor(lead, type="howto", title=TITLE)
    assert again.status_code == 409 and "already exists" in text(again)  # the very same name

    made = _new_in_editor(lead, type="howto", title="Refund steps", slug=f"{NAME}-2")
    assert made.status_code == 303, text(made)  # a name capture makes is a valid typed one
    edited = kb / f"howtos/{NAME}-2.md"
    answer_front, editor_front = _front(answered), _front(edited)
    assert list(answer_front) == list(editor_front)
    assert answer_front["review_every"] == editor_front["review_every"] == 180
    assert {k: v for k, v in answer_front.items() if k not in ("title", "owner")} == {
        k: v for k, v in editor_front.items() if k not in ("title", "owner")}
