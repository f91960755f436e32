"""`deskbook index` and `deskbook search`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from content.schema import PAGE_TYPES
from portal.cli.common import (
    LANGUAGE_CHOICE,
    NO_INDEX_HINT,
    ProgressLine,
    docs_option,
    fail,
    index_option,
    paths,
    terminal_snippet,
)
from search import (
    IndexBuildFailed,
    IndexUnavailable,
    QueryRejected,
    SearchResult,
    Synonyms,
    build_index,
    load_synonyms,
    search,
    update_index,
)


@click.command("index")
@docs_option
@index_option
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch instead of updating.")
def index_command(docs_dir: Path | None, index_dir: Path | None, rebuild: bool) -> None:
    """Index the docs for search: only changed pages, or everything with --rebuild.

    A missing or unreadable index is rebuilt from scratch either way.
    """
    where = paths(docs_dir, index_dir=index_dir)
    if not where.docs.is_dir():
        fail(f"docs folder {where.docs} does not exist", "pass --docs DIR")
    progress = ProgressLine("Indexing pages")
    try:
        if rebuild or not where.index.exists():
            report = build_index(where.docs, where.index, progress=progress)
        else:
            report = update_index(where.docs, where.index)
    except IndexBuildFailed as error:
        progress.done("")
        fail(str(error), "the previous index is kept; fix what the worker reported, then retry")
    except IndexUnavailable as error:
        progress.done("")
        fail(str(error), "wait for the other indexing process to finish, then retry")
    if report.rebuilt:
        summary = f"Indexed {report.pages} pages ({report.sections} sections)"
        if report.processes > 1:
            summary += (
                f" in {report.processes} processes (the largest used"
                f" {report.worker_peak_mb:.0f} MB)"
            )
        summary += f" into {where.index} in {report.seconds:.1f} s"
        summary += f" ({report.cpu_seconds:.1f} CPU-s; this process peaked at"
        summary += f" {report.peak_mb:.0f} MB)"
    else:
        summary = f"Updated {len(report.updated)} pages, removed {len(report.deleted)}"
        summary += f" into {where.index} in {report.seconds:.1f} s"
    progress.done(summary)
    for problem in report.problems:
        click.secho(f"  skipped {problem}", fg="yellow", err=True)


@click.command("search")
@index_option
@docs_option
@click.option("--lang", type=LANGUAGE_CHOICE, default=None, help="Only pages in this language.")
@click.option("--type", "page_type", type=click.Choice(list(PAGE_TYPES)), default=None,
              help="Only pages of this type.")
@click.option("--tag", default=None, help="Only pages with this tag.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the hits as a JSON list.")
@click.option(
    "--explain",
    is_flag=True,
    help="Show per hit the terms matched, synonyms applied and the parts of its score.",
)
@click.option(
    "--batch",
    is_flag=True,
    help='Read JSON lines {"q": …, "lang"?: …} on stdin; write one JSON line per query.',
)
@click.argument("query", nargs=-1)
def search_command(
    index_dir: Path | None,
    docs_dir: Path | None,
    lang: str | None,
    page_type: str | None,
    tag: str | None,
    limit: int,
    as_json: bool,
    explain: bool,
    batch: bool,
    query: tuple[str, ...],
) -> None:
    """Search the knowledge base: each hit is a page, landing on its top or on the section
    that answers, with more of its sections under it. The docs folder's synonyms file and
    glossary widen the query."""
    where = paths(docs_dir, index_dir=index_dir)
    synonyms = load_synonyms(where.docs) if where.docs.is_dir() else None
    if batch:
        _run_batch(where.index, limit, synonyms)
        return
    if not query:
        fail("nothing to search for", 'pass a few words, e.g. `deskbook search "refund window"`')
    try:
        result = search(
            where.index,
            " ".join(query),
            lang=lang,
            type=page_type,
            tag=tag,
            limit=limit,
            explain=explain,
            synonyms=synonyms,
        )
    except QueryRejected as error:
        fail(str(error), "shorten the query, or put at least three letters before a *")
    except IndexUnavailable as error:
        fail(str(error), NO_INDEX_HINT)
    if as_json:
        hits = [hit.to_json() for hit in result.hits]
        for hit, why in zip(hits, result.explanations, strict=False):
            hit["explain"] = why.to_json()
        click.echo(json.dumps(hits, ensure_ascii=False))
    else:
        _print_human(result)


def _print_human(result: SearchResult) -> None:
    if result.suggestion:
        click.secho(f"Did you mean: {result.suggestion}", fg="yellow")
    if not result.hits:
        click.echo("No results.")
    for number, hit in enumerate(result.hits):
        heading = f" › {hit.heading}" if hit.heading and hit.heading != hit.title else ""
        label = "  [English — no translation yet]" if hit.untranslated else ""
        click.secho(f"{hit.title}{heading}{label}", bold=True)
        click.secho(f"  {hit.url}", fg="cyan")
        click.echo(f"  {terminal_snippet(hit.snippet)}")
        for section in hit.sections:
            click.secho(f"    › {section.heading}  {section.url}", fg="cyan")
        if number < len(result.explanations):
            for line in result.explanations[number].lines():
                click.secho(f"    {line}", dim=True)
    click.echo(f"{len(result.hits)} of {result.total} results in {result.ms:.1f} ms", err=True)


def _run_batch(index_dir: Path, limit: int, synonyms: Synonyms | None) -> None:
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        request: Any = None
        try:
            request = json.loads(line)
            if not isinstance(request, dict) or not isinstance(request.get("q"), str):
                raise ValueError('each line must be an object with a string "q"')
            result = search(
                index_dir, request["q"], lang=request.get("lang"), limit=limit, synonyms=synonyms
            )
        except ValueError as error:  # bad JSON, or QueryRejected
            query = request.get("q") if isinstance(request, dict) else None
            _emit({"q": query, "line": number, "error": str(error)})
            continue
        except IndexUnavailable as error:
            fail(str(error), NO_INDEX_HINT)
        _emit(
            {
                "q": request["q"],
                "hits": [hit.to_json() for hit in result.hits],
                "suggestion": result.suggestion,
                "ms": round(result.ms, 3),
            }
        )


def _emit(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))
