"""`deskbook suggest`: a customer's message on stdin → replies, deciding sections, fields."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from portal.cli.common import (
    LANGUAGE_CHOICE,
    NO_INDEX_HINT,
    docs_option,
    fail,
    index_option,
    paths,
    terminal_snippet,
)
from search import IndexUnavailable
from search.suggestions import MAX_MESSAGE_CHARS, MessageRejected, Suggestion, suggest

# A JSON line may escape every character of a message at the limit as \uXXXX (6 characters),
# plus its keys; a longer line is refused without reading all of it into memory.
MAX_BATCH_LINE_CHARS = 6 * MAX_MESSAGE_CHARS + 1_000


@click.command("suggest")
@docs_option
@index_option
@click.option(
    "--lang", type=LANGUAGE_CHOICE, default=None, help="The message's language (default: detected)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the suggestion as JSON.")
@click.option(
    "--batch",
    is_flag=True,
    help='Read JSON lines {"text": …, "lang"?: …} on stdin; write one JSON line per message.',
)
def suggest_command(
    docs_dir: Path | None, index_dir: Path | None, lang: str | None, as_json: bool, batch: bool
) -> None:
    """Suggest canned replies and the deciding sections for a customer's message (on stdin).

    The customer's latest words count (quoted replies and signatures are set aside); order
    numbers, emails, phones, dates and amounts are recognised and fill the replies'
    placeholders where they can.
    """
    where = paths(docs_dir, index_dir=index_dir)
    if batch:
        _run_batch(where.index, where.docs, sys.stdin)
        return
    text = sys.stdin.read(MAX_MESSAGE_CHARS + 1)  # one more: enough to say it is too long
    try:
        result = suggest(where.index, where.docs, text, lang)
    except MessageRejected as error:
        fail(str(error), 'pipe the message in, e.g. `pbpaste | deskbook suggest`')
    except IndexUnavailable as error:
        fail(str(error), NO_INDEX_HINT)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_human(result)


def _print_human(result: Suggestion) -> None:
    click.secho(f"Language: {result.lang}", bold=True)
    for line in _field_lines(result.to_json()["fields"]):
        click.echo(f"  {line}")
    click.secho("\nReplies", bold=True)
    if not result.replies:
        click.echo("  No canned reply fits; write the answer (and add it to the knowledge base).")
    for number, reply in enumerate(result.replies, start=1):
        click.secho(f"{number}. {reply.title}  ({reply.path})", bold=True)
        if reply.to_fill:
            click.secho(f"   still to fill: {', '.join(reply.to_fill)}", fg="yellow")
        for line in reply.text.splitlines():
            click.echo(f"   │ {line}")
    click.secho("\nSections", bold=True)
    if not result.sections:
        click.echo("  No section found.")
    for section in result.sections:
        heading = f" › {section.heading}" if section.heading != section.title else ""
        note = "  (no translation: shown in its own language)" if section.cross_language else ""
        click.secho(f"{section.title}{heading}{note}", bold=True)
        click.secho(f"  {section.url}", fg="cyan")
        click.echo(f"  {terminal_snippet(section.snippet)}")


def _field_lines(fields: Any) -> list[str]:
    lines = []
    if fields["customer_name"]:
        lines.append(f"signed: {fields['customer_name']}")
    for number in fields["order_numbers"]:
        lines.append(f"order number: {number['value']} ({number['name'] or 'by its label'})")
    lines.extend(f"email: {email}" for email in fields["emails"])
    lines.extend(f"phone: {phone}" for phone in fields["phones"])
    lines.extend(f"date: {date['text']} = {date['value']}" for date in fields["dates"])
    lines.extend(
        f"amount: {amount['text']} = {amount['value']} {amount['currency']}"
        for amount in fields["amounts"]
    )
    return lines


def _run_batch(index_dir: Path, docs_dir: Path, stream: TextIO) -> None:
    for number, line in enumerate(_lines(stream), start=1):
        if line is not None and not line.strip():
            continue
        try:
            if line is None:
                raise ValueError(f"the line is too long (over {MAX_BATCH_LINE_CHARS:,} characters)")
            result = suggest(index_dir, docs_dir, *_request(line))
        except ValueError as error:  # bad JSON or request, or MessageRejected
            click.echo(json.dumps({"line": number, "error": str(error)}, ensure_ascii=False))
            continue
        except IndexUnavailable as error:
            fail(str(error), NO_INDEX_HINT)
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))


def _request(line: str) -> tuple[str, str | None]:
    """The text and language a batch line asks about; ValueError says what is wrong."""
    request = json.loads(line)
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        raise ValueError('each line must be an object with a string "text"')
    lang = request.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise ValueError('"lang" must be a string: en, ar or id')
    return request["text"], lang


def _lines(stream: TextIO) -> Iterator[str | None]:
    """The stream's lines; None for a line longer than MAX_BATCH_LINE_CHARS, which is skipped
    without being read into memory whole."""
    while True:
        line = stream.readline(MAX_BATCH_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_BATCH_LINE_CHARS and not line.endswith("\n"):
            while (rest := stream.readline(MAX_BATCH_LINE_CHARS)) and not rest.endswith("\n"):
                pass
            yield None
            continue
        yield line
