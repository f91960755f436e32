"""Options, settings and output helpers shared by the subcommands."""

from __future__ import annotations

import html
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn, TypeVar

import click
from alembic.runtime.migration import MigrationContext
from sqlalchemy.orm import Session

from content.schema import LANGUAGES
from content.settings import load_settings
from portal.paths import Paths

F = TypeVar("F", bound=Callable[..., Any])

LANGUAGE_CHOICE = click.Choice(list(LANGUAGES))
NO_INDEX_HINT = "run `deskbook index` (or `deskbook build`) first"
_MARK = re.compile(r"<mark>(.*?)</mark>")


def docs_option(function: F) -> F:
    return click.option(
        "--docs",
        "docs_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder of Markdown pages (default: the DOCS_DIR setting, docs/).",
    )(function)


def index_option(function: F) -> F:
    return click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Search index folder (default: the INDEX_DIR setting, instance/index).",
    )(function)


def paths(
    docs_dir: Path | None = None, site_dir: Path | None = None, index_dir: Path | None = None
) -> Paths:
    """The settings' paths (deskbook.toml, DESKBOOK_*), with the command line's on top."""
    return Paths.of(load_settings({"DOCS_DIR": docs_dir, "SITE_DIR": site_dir,
                                   "INDEX_DIR": index_dir}))


def quiet_mkdocs() -> None:
    """mkdocs logs every step at INFO; people only need warnings (we show our own progress)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)


class CommandFailed(click.ClickException):
    """What went wrong and, when there is one, what to do about it; exit status 1."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def show(self, file: IO[Any] | None = None) -> None:
        click.secho(f"error: {self.format_message()}", fg="red", err=True, file=file)
        if self.hint:
            click.echo(f"hint: {self.hint}", err=True, file=file)


def fail(message: str, hint: str | None = None) -> NoReturn:
    raise CommandFailed(message, hint)


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


@contextmanager
def portal_session() -> Iterator[Session]:
    """A session on the portal's database (from the settings); a database `deskbook init` has
    not created yet, or a refusal, ends the command with its reason."""
    from portal.accounts.database_init import open_database
    from portal.errors import PortalError

    database = open_database()
    try:
        with database.engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
        if revision is None:
            fail("this database has not been initialised yet",
                 "run `deskbook init` first (it creates the database and the starter accounts)")
        with database.session() as session:
            yield session
    except PortalError as error:
        fail(str(error))
    finally:
        database.dispose()
