"""`deskbook suggest` (human, --json, --lang) and `deskbook suggest --batch`, in process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.cli import main
from portal.cli.suggest_command import MAX_BATCH_LINE_CHARS, _run_batch
from search import build_index
from search.suggestions import MAX_MESSAGE_CHARS
from tests.helpers import write_page

REPLY = (
    "# Damaged item\n\nFor an item that arrived broken.\n\n"
    "## Reply\n\n```text\nHi {customer_name}, sorry order {order_number} broke.\n```\n"
)


@pytest.fixture
def kb(docs: Path, tmp_path: Path) -> list[str]:
    write_page(docs, "policies/returns.md", "# Returns\n\n## Damaged items\n\nBroken items are replaced.\n")
    write_page(docs, "templates/damaged-item.md", REPLY, based_on=["policies/returns.md#damaged-items"])
    write_page(docs, "glossary.md", "# Glossary\n", order_numbers=[{"name": "Shop", "shape": "SHOP-####"}])
    build_index(docs, tmp_path / "index")
    return ["--docs", str(docs), "--index", str(tmp_path / "index")]


def _suggest(*args: str, stdin: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["suggest", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_json_prints_the_api_answer(kb: list[str]) -> None:
    code, out, _ = _suggest(*kb, "--json", stdin="My lamp arrived broken, SHOP-1234\n\nThanks,\nAmira")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) == {"lang", "replies", "sections", "fields"}
    assert answer["replies"][0]["text"] == "Hi Amira, sorry order SHOP-1234 broke."
    assert answer["sections"][0]["url"] == "policies/returns/#damaged-items"


def test_the_human_answer_shows_fields_reply_and_sections(kb: list[str]) -> None:
    code, out, _ = _suggest(*kb, stdin="My lamp arrived broken, SHOP-1234\n\nThanks,\nAmira")
    assert code == 0
    assert "signed: Amira" in out and "order number: SHOP-1234 (Shop)" in out
    assert "1. Damaged item  (templates/damaged-item.md)" in out
    assert "│ Hi Amira, sorry order SHOP-1234 broke." in out
    assert "Returns › Damaged items" in out and "policies/returns/#damaged-items" in out


def test_the_language_can_be_given_and_is_checked(kb: list[str]) -> None:
    code, out, _ = _suggest(*kb, "--json", "--lang", "ar", stdin="lamp broken")
    assert code == 0 and json.loads(out)["lang"] == "ar"
    code, _, err = _suggest(*kb, "--lang", "fr", stdin="lamp broken")
    assert code == 2 and "'fr' is not one of 'en', 'ar', 'id'" in err


def test_a_too_long_or_empty_message_is_a_clear_error(kb: list[str]) -> None:
    code, out, err = _suggest(*kb, stdin="a" * (MAX_MESSAGE_CHARS + 5000))
    assert code == 1 and out == ""
    assert "error: the message is too long (20,001 characters; at most 20,000)" in err
    code, _, err = _suggest(*kb, stdin="")
    assert code == 1 and "the message is empty" in err and "hint: pipe the message in" in err


def test_without_an_index_it_says_how_to_make_one(docs: Path, tmp_path: Path) -> None:
    code, _, err = _suggest("--index", str(tmp_path / "none"), stdin="lamp broken")
    assert code == 1 and "no search index" in err and "deskbook index" in err


def test_batch_answers_one_line_per_message_and_reports_bad_lines(kb: list[str]) -> None:
    lines = [
        json.dumps({"text": "lamp broken SHOP-1234"}),
        "",
        "not json",
        json.dumps({"text": "lamp broken", "lang": "id"}),
        json.dumps({"text": "x", "lang": 3}),
        json.dumps({"message": "lamp broken"}),
        json.dumps({"text": "a" * (MAX_MESSAGE_CHARS + 1)}),
    ]
    code, out, _ = _suggest(*kb, "--batch", stdin="\n".join(lines) + "\n")
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert answers[0]["fields"]["order_numbers"][0]["value"] == "SHOP-1234"
    assert answers[1] == {"line": 3, "error": "Expecting value: line 1 column 1 (char 0)"}
    assert answers[2]["lang"] == "id"
    assert answers[3] == {"line": 5, "error": '"lang" must be a string: en, ar or id'}
    assert answers[4] == {"line": 6, "error": 'each line must be an object with a string "text"'}
    assert "too long" in answers[5]["error"] and answers[5]["line"] == 7
    assert len(answers) == 6


def test_batch_skips_a_line_too_long_to_read_and_goes_on(kb: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    docs, index = Path(kb[1]), Path(kb[3])
    huge = '{"text": "' + "a" * (MAX_BATCH_LINE_CHARS + 10) + '"}\n'
    _run_batch(index, docs, io.StringIO(huge + json.dumps({"text": "lamp broken"}) + "\n"))
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert answers[0]["line"] == 1 and "the line is too long" in answers[0]["error"]
    assert answers[1]["replies"][0]["path"] == "templates/damaged-item.md"
