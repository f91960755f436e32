"""`restore_backup`: an empty instance rebuilt from one archive.

Nothing is written until the whole archive has matched its checksums and its manifest fits
this Deskbook (format, schema revision, tables). The target is what the settings name (the
backup's own deskbook.toml counts as the instance's when the instance has none, since it
will be once restored; DESKBOOK_* variables still win). The docs repository is cloned beside
its place first and moved in once the database rows are committed (one transaction), so a
failure in either leaves nothing half-restored. The search index and the site are rebuilt
from the restored docs at the end.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from alembic.util import CommandError
from flask import Config
from sqlalchemy.exc import SQLAlchemyError

from content.fs import atomic_write
from content.settings import INSTANCE_FILE, load_settings
from portal.backup.archive import (
    DATABASE_DIR,
    DOCS_BUNDLE,
    INSTANCE_DIR,
    MANIFEST,
    ONBOARDING_DIR,
    unpack_verified,
)
from portal.backup.create import FORMAT
from portal.backup.errors import BackupError
from portal.backup.tables import (
    expected_files,
    load_tables,
    reason,
    schema_head,
    tables_with_rows,
)
from portal.config import SECRET_FILE, load_config
from portal.db import Database, upgrade
from portal.docstore.bundle import clone_bundle
from portal.docstore.git import GitError, head_of
from portal.paths import Paths
from portal.site.build import SiteBuildError, build_site
from search import build_index

Progress = Callable[[str], None]
SETTINGS_FROM_BACKUP = f"{INSTANCE_FILE}.from-backup"


@dataclass
class Restored:
    manifest: dict[str, Any]
    rows: dict[str, int]
    paths: Paths
    notes: list[str] = field(default_factory=list)


def restore_backup(
    archive: Path, *, force: bool = False, progress: Progress = lambda line: None
) -> Restored:
    """Restore `archive` into the instance the settings describe; it must be empty unless
    `force` (then its database rows are replaced and its docs and tracks moved aside)."""
    with tempfile.TemporaryDirectory(prefix="deskbook-restore-") as scratch:
        unpacked = Path(scratch)
        progress(f"Checking {archive} …")
        try:
            unpack_verified(archive, unpacked)
        except OSError as error:
            raise BackupError(f"could not unpack {archive} into {scratch} ({error.strerror}); "
                              "nothing was restored") from error
        manifest = _read_manifest(unpacked)
        settings = _target_settings(unpacked)
        paths = Paths.of(settings)
        database = Database.connect(
            settings["DATABASE_URL"], busy_timeout=float(settings["DB_BUSY_TIMEOUT"])
        )
        try:
            restored = _restore(unpacked, manifest, database, paths, force, progress)
        finally:
            database.dispose()
    _rebuild(paths, progress)
    return restored


def _read_manifest(unpacked: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))
        revision = manifest["database"]["schema_revision"]
        made_by = manifest["versions"]["deskbook"]
        form = manifest["format"]
        if not {"head", "head_ref", "commits", "subdir"} <= set(manifest["docs"]):
            raise KeyError("docs")
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"the archive's {MANIFEST} is missing or unreadable ({error})") from error
    if form != FORMAT:
        raise BackupError(f"the archive is in backup format {form}; this Deskbook reads format "
                          f"{FORMAT}")
    if revision != schema_head():
        raise BackupError(
            f"the backup's database is at schema revision {revision} (made by Deskbook "
            f"{made_by}); this Deskbook is at {schema_head()}. Restore it with the Deskbook "
            "version that made it, then upgrade that instance"
        )
    present = {p.name for p in (unpacked / DATABASE_DIR).glob("*.jsonl")}
    if present != expected_files():
        raise BackupError("the archive's tables do not match this Deskbook's "
                          f"({', '.join(sorted(present ^ expected_files()))})")
    return dict(manifest)


def _target_settings(unpacked: Path) -> Config:
    archived = unpacked / INSTANCE_DIR / INSTANCE_FILE
    if not archived.is_file() or (_instance() / INSTANCE_FILE).exists():
        return load_config()
    try:
        values = tomllib.loads(archived.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise BackupError(f"the backup's {INSTANCE_FILE} is not valid TOML: {error}") from error
    return load_config(
        {key: value for key, value in values.items() if f"DESKBOOK_{key}" not in os.environ}
    )


def _instance() -> Path:
    return Path(load_settings()["INSTANCE_PATH"])


def _restore(unpacked: Path, manifest: dict[str, Any], database: Database, paths: Paths,
             force: bool, progress: Progress) -> Restored:
    docs = manifest["docs"]
    repository = _repository_root(paths.docs, str(docs.get("subdir") or ""))
    if repository != paths.docs and repository.exists() and any(repository.iterdir()):
        raise BackupError(f"the docs in this backup are the folder {docs['subdir']} of a larger "
                          f"repository, which would go to {repository}: that folder must be empty")
    url = database.engine.url.render_as_string(hide_password=True)
    try:
        occupied = _occupied(database, paths, url)
        if occupied and not force:
            raise BackupError("this instance is not empty: " + "; ".join(occupied)
                              + ". Restore into an empty one, or pass --force to replace it")
        upgrade(database)
    except CommandError as error:
        raise BackupError(f"the database at {url} has a schema this Deskbook does not know "
                          f"({error})") from error
    except SQLAlchemyError as error:
        raise BackupError(f"cannot use the database at {url}: {reason(error)}") from error
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    restored = Restored(manifest, {}, paths)
    progress(f"Docs: cloning the repository ({docs['commits']} commits) …")
    staged = _stage_docs(unpacked / DOCS_BUNDLE, repository, docs)
    try:
        progress(f"Database: loading every table into {url} …")
        restored.rows = load_tables(database, unpacked / DATABASE_DIR, replace=force,
                                    progress=progress)
    except BaseException as error:
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(error, SQLAlchemyError):
            raise BackupError(f"could not load the database at {url}: {reason(error)}; nothing was "
                              "restored") from error
        raise
    try:
        if repository.exists() and any(repository.iterdir()):
            aside = repository.with_name(f"{repository.name}.before-restore-{stamp}")
            repository.rename(aside)
            restored.notes.append(f"the docs that were in {repository} are now in {aside}")
        os.replace(staged, repository)
        restored.notes += _restore_tracks(unpacked / ONBOARDING_DIR, paths.onboarding, stamp)
        restored.notes += _restore_settings(unpacked / INSTANCE_DIR, _instance())
    except OSError as error:
        raise BackupError(f"the database is restored, but writing {error.filename} failed "
                          f"({error.strerror}); make room and restore again with --force"
                          ) from error
    return restored


def _repository_root(docs: Path, subdir: str) -> Path:
    """Where the repository goes: docs itself, or the folder that has docs at `subdir`."""
    if not subdir:
        return docs
    parts = PurePosixPath(subdir).parts
    if ".." in parts or docs.parts[-len(parts):] != parts:
        raise BackupError(f"the docs in this backup are the folder {subdir!r} of a larger "
                          f"repository: set DESKBOOK_DOCS_DIR to a folder ending in {subdir}")
    return docs.parents[len(parts) - 1]


def _occupied(database: Database, paths: Paths, url: str) -> list[str]:
    found = []
    tables = tables_with_rows(database)
    if tables:
        found.append(f"the database at {url} has rows in {', '.join(tables)}")
    if paths.docs.is_dir() and any(paths.docs.iterdir()):
        found.append(f"the docs folder {paths.docs} is not empty")
    tracks = sorted(p.name for p in paths.onboarding.glob("*.yml"))
    if tracks:
        found.append(f"{paths.onboarding} has onboarding tracks ({', '.join(tracks)})")
    return found


def _stage_docs(bundle: Path, repository: Path, docs: dict[str, Any]) -> Path:
    """The repository cloned into a new folder beside where it goes (same disk: moved in by
    a rename)."""
    staged: Path | None = None
    try:
        repository.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{repository.name}.restoring-",
                                       dir=repository.parent))
        clone_bundle(bundle, staged, str(docs["head"]),
                     str(docs["head_ref"]) if docs.get("head_ref") else None)
    except (GitError, OSError) as error:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise BackupError(f"could not restore the docs repository: {error}; nothing was "
                          "restored") from error
    staged.chmod(0o755)
    return staged


def _restore_tracks(source: Path, onboarding: Path, stamp: str) -> list[str]:
    notes = []
    existing = sorted(onboarding.glob("*.yml"))
    if existing:
        aside = onboarding / f".before-restore-{stamp}"
        aside.mkdir(parents=True)
        for track in existing:
            track.rename(aside / track.name)
        notes.append(f"the onboarding tracks that were in {onboarding} are now in {aside}")
    for track in sorted(source.glob("*.yml")):
        atomic_write(onboarding / track.name, track.read_text(encoding="utf-8"))
    return notes


def _restore_settings(source: Path, instance: Path) -> list[str]:
    notes = []
    settings = source / INSTANCE_FILE
    if settings.is_file():
        text = settings.read_text(encoding="utf-8")
        if (instance / INSTANCE_FILE).exists():
            atomic_write(instance / SETTINGS_FROM_BACKUP, text, mode=0o600)
            notes.append(f"kept this instance's {INSTANCE_FILE}; the backup's is "
                         f"{instance / SETTINGS_FROM_BACKUP}")
        else:
            atomic_write(instance / INSTANCE_FILE, text, mode=0o600)
    secret = source / SECRET_FILE
    if secret.is_file():
        atomic_write(instance / SECRET_FILE, secret.read_text(encoding="ascii"), mode=0o600)
    return notes


def _rebuild(paths: Paths, progress: Progress) -> None:
    progress("Search index: rebuilding from the restored docs …")
    report = build_index(paths.docs, paths.index)
    progress(f"  {report.pages} pages, {report.sections} sections")
    progress("Site: building from the restored docs …")
    try:
        built = build_site(paths.docs, paths.site, paths.config_file,
                           commit=head_of(paths.docs))
    except SiteBuildError as error:
        raise BackupError(f"everything is restored, but the site did not build: {error}. Fix "
                          "the docs, then run `deskbook build`") from error
    progress(f"  {built.pages} pages in {built.seconds:.1f} s")
