"""`deskbook doctor`."""

from __future__ import annotations

import click

from content.settings import load_settings
from portal.maintenance import doctor
from portal.paths import Paths


@click.command("doctor")
def doctor_command() -> None:
    """Repair after a crash: commit writes that a crash left uncommitted, remove half-written
    files and a stale git lock (only when no git runs), and bring the search index in line
    with the docs. Safe to run at any time; `deskbook serve` runs it on start."""
    settings = load_settings()
    notes = doctor(Paths.of(settings), settings["INSTANCE_PATH"])
    for note in notes:
        click.echo(f"- {note}")
    click.echo("Everything is in order." if not notes else "Done.", err=True)
