"""Options and output helpers shared by the subcommands."""

from __future__ import annotations

import html
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from content.model import LANGUAGES
from portal.paths import Paths

F = TypeVar("F", bound=Callable[..., Any])

LANGUAGE_CHOICE = click.Choice(LANGUAGES)
NO_INDEX_HINT = "run `deskbook index` (or `deskbook build`) first"
_MARK = re.compile(r"<mark>(.*?)</mark>")


def docs_option(function: F) -> F:
    return click.option(
        "--docs",
        "docs_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder of Markdown pages (default: docs/ of the project, or $DESKBOOK_DOCS_DIR).",
    )(function)


def index_option(function: F) -> F:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Search index folder (default: instance/index, or $DESKBOOK_INDEX_DIR).",
    )(function)


def paths(
    docs_dir: Path | None = None, site_dir: Path | None = None, index_dir: Path | None = None
) -> Paths:
    """Project defaults with the command line's overrides applied."""
    defaults = Paths.defaults()
    return Paths(
        root=defaults.root,
        docs=(docs_dir or defaults.docs).resolve(),
        site=(site_dir or defaults.site).absolute(),
        index=(index_dir or defaults.index).absolute(),
        config_file=defaults.config_file,
        onboarding=defaults.onboarding,
    )


def quiet_mkdocs() -> None:
    """mkdocs logs every step at INFO; people only need warnings (we show our own progress)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


def fail(message: str, hint: str | None = None) -> NoReturn:
    click.secho(f"error: {message}", fg="red", err=True)
    if hint:
        click.echo(f"hint: {hint}", err=True)
    sys.exit(1)


def terminal_snippet(snippet: str) -> str:
    """An HTML snippet for a terminal: marks become bold, entities become text."""
    highlighted = _MARK.sub(lambda m: click.style(m.group(1), bold=True, fg="yellow"), snippet)
    return html.unescape(highlighted)


class ProgressLine:
    """A single updating status line on a terminal; plain periodic lines otherwise."""

    def __init__(self, label: str, every: int = 25) -> None:
        self.label = label
        self.every = every
        self.tty = sys.stderr.isatty()

    def __call__(self, count: int, item: str) -> None:
        if self.tty:
            click.echo(f"\r{self.label}: {count} {item[:60]:<60}", nl=False, err=True)
        elif count % self.every == 0:
            click.echo(f"{self.label}: {count} …", err=True)

    def done(self, summary: str) -> None:
        if self.tty:
            click.echo("\r" + " " * 90 + "\r", nl=False, err=True)
        click.echo(summary, err=True)
