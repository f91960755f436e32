"""`deskbook doctor`."""

from __future__ import annotations

import click

from portal.config import instance_path, load_config, paths_from
from portal.maintenance import doctor
from portal.setup import open_database


def run_doctor() -> list[str]:
    """`doctor` on this installation (its paths, instance folder and database)."""
    database = open_database()
    try:
        return doctor(paths_from(load_config()), instance_path(), database)
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
