"""`deskbook doctor`."""

from __future__ import annotations

import click

from content.settings import load_settings
from portal.accounts.database_init import open_database
from portal.paths import Paths
from portal.server.doctor import doctor


def run_doctor() -> list[str]:
    """`doctor` on this installation (its paths, instance folder and database)."""
    settings = load_settings()
    database = open_database(settings)
    try:
        return doctor(Paths.of(settings), settings["INSTANCE_PATH"], database)
    finally:
        database.dispose()


@click.command("doctor")
def doctor_command() -> None:
    """Repair after a crash: commit writes that a crash left uncommitted, remove half-written
    files and a stale git lock (only when no git runs), mark applied the submissions whose
    commit is in the docs already, and bring the search index in line with the docs. Safe to
    run at any time; `deskbook serve` runs it on start."""
    notes = run_doctor()
    for note in notes:
        click.echo(f"- {note}")
    click.echo("Everything is in order." if not notes else "Done.", err=True)
