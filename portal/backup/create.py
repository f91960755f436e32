"""`create_backup`: one archive of an instance, taken while it serves.

The database is read first, in one snapshot; the docs repository is bundled after it, so every
commit the database refers to (an approved submission's) is in the bundle. A commit made in
between is in the bundle too, with its submission still pending in the snapshot: approving it
again after a restore finds the commit and does not apply the change twice.
"""

from __future__ import annotations

import json
import platform
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import alembic
import sqlalchemy

from content.settings import INSTANCE_FILE
from portal.backup.archive import (
    DATABASE_DIR,
    DOCS_BUNDLE,
    INSTANCE_DIR,
    MANIFEST,
    ONBOARDING_DIR,
    write_archive,
)
from portal.backup.errors import BackupError
from portal.backup.settings_files import without_secrets
from portal.backup.tables import dump_tables
from portal.config import SECRET_FILE
from portal.db import Database
from portal.docstore.bundle import create_bundle
from portal.docstore.git import GitError
from portal.paths import Paths

FORMAT = 1
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Backup:
    path: Path
    manifest: dict[str, Any]


def default_name(now: datetime) -> str:
    return f"deskbook-backup-{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def create_backup(
    database: Database,
    paths: Paths,
    instance: Path,
    destination: Path,
    *,
    include_secrets: bool = False,
    now: datetime | None = None,
    progress: Progress = lambda line: None,
) -> Backup:
    """Write the archive to `destination` (a file, or a folder to put a dated file in)."""
    now = now or datetime.now(UTC)
    target = destination / default_name(now) if destination.is_dir() else destination
    try:
        staging = Path(tempfile.mkdtemp(prefix=".deskbook-backup-", dir=target.parent))
    except OSError as error:
        raise BackupError(
            f"cannot write a backup into {target.parent}: {error.strerror}"
        ) from error
    try:
        progress("Database: one snapshot of every table …")
        snapshot = dump_tables(database, staging / DATABASE_DIR)
        progress(f"Docs: the repository of {paths.docs} with its history …")
        bundle = create_bundle(paths.docs, staging / DOCS_BUNDLE)
        if bundle.uncommitted:
            progress(f"warning: {bundle.uncommitted} file(s) in {paths.docs} have changes nobody "
                     "committed; they are not in the backup (commit them, then back up again)")
        tracks = _copy_tracks(paths.onboarding, staging / ONBOARDING_DIR)
        settings, left_out = _copy_settings(instance, staging / INSTANCE_DIR, include_secrets)
        manifest = {
            "format": FORMAT,
            "created_at": now.astimezone(UTC).isoformat(),
            "versions": {
                "deskbook": metadata.version("deskbook"),
                "python": platform.python_version(),
                "sqlalchemy": sqlalchemy.__version__,
                "alembic": alembic.__version__,
            },
            "database": {
                "dialect": snapshot.dialect,
                "schema_revision": snapshot.schema_revision,
                "rows": snapshot.rows,
            },
            "docs": {
                "head": bundle.head,
                "head_ref": bundle.head_ref,
                "commits": bundle.commits,
                "subdir": bundle.docs_subdir,
            },
            "onboarding": {"tracks": tracks},
            "settings": {"files": settings, "secrets_included": include_secrets,
                         "left_out": left_out},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        progress(f"Writing {target} …")
        write_archive(staging, target, now.timestamp())
    except GitError as error:
        raise BackupError(f"could not bundle the docs repository: {error}") from error
    except OSError as error:
        raise BackupError(f"could not write the backup {target}: {error.strerror or error}; "
                          "no backup was written") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Backup(target, manifest)


def _copy_tracks(onboarding: Path, folder: Path) -> list[str]:
    folder.mkdir()
    names = []
    for track in sorted(onboarding.glob("*.yml")):
        shutil.copyfile(track, folder / track.name)
        names.append(track.name)
    return names


def _copy_settings(instance: Path, folder: Path, include_secrets: bool) -> tuple[list[str],
                                                                                  list[str]]:
    """deskbook.toml (its secrets only when asked) and, when asked, the secret key file."""
    folder.mkdir()
    copied: list[str] = []
    left_out: list[str] = []
    settings = instance / INSTANCE_FILE
    if settings.is_file():
        text = settings.read_text(encoding="utf-8")
        if not include_secrets:
            text, left_out = without_secrets(text)
        (folder / INSTANCE_FILE).write_text(text, encoding="utf-8")
        copied.append(INSTANCE_FILE)
    secret = instance / SECRET_FILE
    if secret.is_file():
        if include_secrets:
            shutil.copyfile(secret, folder / SECRET_FILE)
            copied.append(SECRET_FILE)
        else:
            left_out.append(SECRET_FILE)
    return copied, left_out
