"""`deskbook backup` and `deskbook restore`."""

from __future__ import annotations

from pathlib import Path

import click

from content.settings import load_settings
from portal.accounts.database_init import open_database
from portal.backup import BackupError, create_backup, restore_backup
from portal.cli.common import quiet_mkdocs
from portal.paths import Paths


def _progress(line: str) -> None:
    click.echo(line, err=True)


@click.command("backup")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="The archive to write, or a folder to write it into "
    "(default: deskbook-backup-<UTC time>.tar.gz in the current folder).",
)
@click.option(
    "--include-secrets",
    is_flag=True,
    help="Also keep instance/secret_key and the secrets in deskbook.toml (passwords, keys, "
    "tokens). Keep such an archive as safe as the server.",
)
def backup_command(out: Path | None, include_secrets: bool) -> None:
    """Back up this instance into one archive, while it serves.

    The archive holds a snapshot of the database, the docs repository with its history, the
    onboarding tracks and the settings, with a manifest and SHA-256 checksums. It is created
    0600; its path is printed on stdout."""
    settings = load_settings()
    database = open_database()
    try:
        made = create_backup(
            database,
            Paths.of(settings),
            settings["INSTANCE_PATH"],
            out or Path.cwd(),
            include_secrets=include_secrets,
            progress=_progress,
        )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    finally:
        database.dispose()
    rows = made.manifest["database"]["rows"]
    left_out = made.manifest["settings"]["left_out"]
    _progress(
        f"Backed up {sum(rows.values())} rows in {len(rows)} tables, "
        f"{made.manifest['docs']['commits']} commits, "
        f"{len(made.manifest['onboarding']['tracks'])} onboarding tracks."
    )
    if left_out:
        _progress(f"Left out (use --include-secrets to keep them): {', '.join(left_out)}")
    click.echo(str(made.path))


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Restore into an instance that is not empty: its database rows are replaced, its "
    "docs folder and onboarding tracks are moved aside.",
)
def restore_command(archive: Path, force: bool) -> None:
    """Restore an empty instance from a backup ARCHIVE.

    The instance is the one the settings describe. The archive is checked against its
    checksums before anything is written; the search index and the site are rebuilt at the
    end."""
    quiet_mkdocs()
    try:
        restored = restore_backup(archive, force=force, progress=_progress)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    for note in restored.notes:
        _progress(f"note: {note}")
    _progress(
        f"Restored {sum(restored.rows.values())} rows, "
        f"{restored.manifest['docs']['commits']} commits into {restored.paths.docs} and "
        f"{len(restored.manifest['onboarding']['tracks'])} onboarding tracks "
        f"(backup of {restored.manifest['created_at']})."
    )
