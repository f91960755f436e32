"""`deskbook backup` and `deskbook restore` on an instance with a little of everything: the
restored instance has the same rows, history, tracks and settings, people sign in with their
passwords and scripts with their tokens; every refusal says why and writes nothing.

The busy instance (a real `deskbook serve` under load, restored into SQLite and PostgreSQL)
is in test_backup_busy.py.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyotp
import pytest
from click.testing import CliRunner, Result
from flask import Flask
from flask.testing import FlaskClient

from portal import app_state, checklists, create_app
from portal.accounts import tokens, two_factor, users
from portal.accounts.roles import Role
from portal.backup.tables import schema_head
from portal.cli import main
from portal.db import Database, sqlite_url, upgrade
from tests.hardening.faults_support import small_disk
from tests.portal.backup_support import (
    env_of,
    every_row,
    git,
    history,
    instance_env,
    members,
    mode_of,
    postgres_database,
    repack,
)
from tests.portal.capture_kb import kb_settings, review_post, submit_faq
from tests.portal.fixtures import PG_URL
from tests.portal.helpers import PASSWORD, Person, login
from tests.portal.onboarding_kb import (
    READ_REFUND_WINDOW,
    TASK_ENABLE_2FA,
    new_agent_track,
    write_tracks,
)

SETTINGS_FILE = """\
# Our instance
SESSION_HOURS = 8  # shorter days
SECRET_KEY = "from-the-settings-file"
SMTP_URL = "smtp://mailer:hunter2@mail.example.com:587"
"""


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, tmp_path: Path) -> dict[str, Any]:
    tracks = write_tracks(tmp_path / "tracks", new_agent_track(READ_REFUND_WINDOW, TASK_ENABLE_2FA))
    return {**kb_settings(settings, kb), "ONBOARDING_DIR": str(tracks)}


@pytest.fixture
def source(
    app: Flask, clients: tuple[FlaskClient, FlaskClient], people: dict[Role, Person],
    settings: dict[str, Any], db: Any,
) -> dict[str, str]:
    """An instance that has seen a day's work; the DESKBOOK_* variables that point at it."""
    agent, lead = clients
    approved = submit_faq(agent, "Do you ship to Oman?")
    assert review_post(lead, approved, "approve").status_code == 303
    rejected = submit_faq(agent, "Do you ship to Mars?")
    assert review_post(lead, rejected, "reject", reason="We do not.").status_code == 303

    newcomer = users.require_user(db, people[Role.NEW_HIRE].email)
    tracks = checklists.tracks_in(Path(settings["ONBOARDING_DIR"]))
    docs = Path(settings["DOCS_DIR"])
    [view] = checklists.my_onboarding(db, newcomer, docs, tracks, dt.date.today())
    checklists.record_open(db, newcomer, view.assignment.id, "refund-window", tracks,
                           now=dt.datetime.now(dt.UTC))
    checklists.acknowledge(db, newcomer, view.assignment.id, "refund-window", docs, tracks)
    checklists.set_task_done(db, newcomer, view.assignment.id, "enable-2fa", True, tracks)
    enrolment = two_factor.begin_enrolment(db, newcomer)
    two_factor.confirm_enrolment(db, newcomer, pyotp.TOTP(enrolment.secret).now())

    instance = Path(settings["INSTANCE_PATH"])
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "deskbook.toml").write_text(SETTINGS_FILE, encoding="utf-8")
    (instance / "secret_key").write_text("the-instance-secret", encoding="ascii")
    return env_of(settings)


@pytest.fixture
def token(people: dict[Role, Person], db: Any) -> str:
    agent = users.require_user(db, people[Role.AGENT].email)
    return tokens.create_token(db, agent, "helpdesk sidebar")[1]


def deskbook(env: dict[str, str], *args: str) -> Result:
    return CliRunner(env=env).invoke(main, list(args))


def back_up(env: dict[str, str], out: Path, *args: str) -> Path:
    made = deskbook(env, "backup", "--out", str(out), *args)
    assert made.exit_code == 0, made.output
    archive = Path(made.stdout.strip())
    assert archive.is_file()
    return archive


def restored_app(env: dict[str, str]) -> Flask:
    return create_app({
        "TESTING": True,
        **{key.removeprefix("DESKBOOK_"): value for key, value in env.items()},
    })


def test_a_restored_instance_has_everything_the_backup_had(
    source: dict[str, str], token: str, settings: dict[str, Any], tmp_path: Path
) -> None:
    archive = back_up(source, tmp_path / "backup.tar.gz")
    assert mode_of(archive) == 0o600
    manifest = json.loads(members(archive)["manifest.json"])
    assert manifest["database"]["schema_revision"] == schema_head()
    assert manifest["database"]["rows"]["submissions"] == 2
    assert manifest["database"]["rows"]["onboarding_records"] == 2
    assert manifest["database"]["rows"]["recovery_codes"] == two_factor.RECOVERY_CODES
    assert manifest["database"]["rows"]["audit_events"] >= 8  # sign-ins, approval, 2FA…

    target = instance_env(tmp_path / "restored")
    done = deskbook(target, "restore", str(archive))
    assert done.exit_code == 0, done.output
    assert "Search index: rebuilding" in done.stderr and "Site: building" in done.stderr

    assert every_row(target["DESKBOOK_DATABASE_URL"]) == every_row(settings["DATABASE_URL"])
    assert history(Path(target["DESKBOOK_DOCS_DIR"])) == history(Path(settings["DOCS_DIR"]))
    restored_docs = Path(target["DESKBOOK_DOCS_DIR"])
    assert (restored_docs / "faq/orders.md").read_text() == (
        Path(settings["DOCS_DIR"]) / "faq/orders.md").read_text()
    assert (Path(target["DESKBOOK_ONBOARDING_DIR"]) / "new-agent.yml").read_text() == (
        Path(settings["ONBOARDING_DIR"]) / "new-agent.yml").read_text()
    faq_page = Path(target["DESKBOOK_SITE_DIR"]) / "faq/orders/index.html"
    assert "Do you ship to Oman?" in faq_page.read_text()

    app = restored_app(target)
    try:
        person = app.test_client()
        assert login(person, "agent@example.com", PASSWORD).status_code == 302
        hits = app.test_client().get("/api/search?q=oman",
                                     headers={"Authorization": f"Bearer {token}"})
        assert hits.status_code == 200
        assert any(hit["path"] == "faq/orders.md" for hit in hits.get_json()["hits"])
    finally:
        app_state.database(app).dispose()


def test_secrets_stay_out_unless_asked_for(source: dict[str, str], tmp_path: Path) -> None:
    plain = members(back_up(source, tmp_path / "plain.tar.gz"))
    assert "instance/secret_key" not in plain
    settings_file = plain["instance/deskbook.toml"].decode()
    assert "SECRET_KEY" not in settings_file and "hunter2" not in settings_file
    assert "SESSION_HOURS = 8  # shorter days" in settings_file
    assert 'SMTP_URL = "smtp://mailer@mail.example.com:587"' in settings_file
    left_out = json.loads(plain["manifest.json"])["settings"]["left_out"]
    assert left_out == ["SECRET_KEY", "the password in SMTP_URL", "secret_key"]

    archive = back_up(source, tmp_path / "with-secrets.tar.gz", "--include-secrets")
    assert members(archive)["instance/deskbook.toml"].decode() == SETTINGS_FILE
    target = instance_env(tmp_path / "restored")
    assert deskbook(target, "restore", str(archive)).exit_code == 0
    instance = Path(target["DESKBOOK_INSTANCE_PATH"])
    assert (instance / "secret_key").read_text() == "the-instance-secret"
    assert mode_of(instance / "secret_key") == mode_of(instance / "deskbook.toml") == 0o600


@pytest.mark.skipif(not PG_URL, reason="needs the PostgreSQL server of scripts/with-postgres.sh")
def test_a_backup_restores_into_postgresql(
    source: dict[str, str], settings: dict[str, Any], tmp_path: Path
) -> None:
    archive = back_up(source, tmp_path)
    assert PG_URL
    with postgres_database(PG_URL) as url:
        target = instance_env(tmp_path / "restored", url)
        done = deskbook(target, "restore", str(archive))
        assert done.exit_code == 0, done.output
        assert every_row(url) == every_row(settings["DATABASE_URL"])
        app = restored_app(target)
        try:
            # The id sequences follow the restored rows: a new person gets the next id.
            with app_state.database(app).session() as session:
                added = users.add_user(session, "next@example.com", Role.AGENT, PASSWORD)
                assert added.user.id == max(row[0] for row in every_row(url)["users"])
        finally:
            app_state.database(app).dispose()


def test_a_backup_goes_into_a_folder_under_a_dated_name(
    source: dict[str, str], tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    archive = back_up(source, folder)
    assert archive.parent == folder
    assert archive.name.startswith("deskbook-backup-") and archive.name.endswith("Z.tar.gz")


# --- refusals: each says why, and nothing is written -------------------------------------------


@contextmanager
def read_only_disk(folder: Path) -> Iterator[Path]:
    """A real read-only filesystem (root writes anywhere else, whatever the modes say)."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "deskbook-ro",
                              str(folder)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a read-only tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def refused(env: dict[str, str], *args: str) -> str:
    result = deskbook(env, *args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr


def nothing_in(folder: Path) -> bool:
    return not folder.exists() or not any(folder.rglob("*"))


@pytest.fixture
def archive(source: dict[str, str], tmp_path: Path) -> Path:
    return back_up(source, tmp_path / "backup.tar.gz")


def test_a_damaged_or_cut_short_archive_is_refused_before_anything_is_written(
    archive: Path, tmp_path: Path
) -> None:
    target = instance_env(tmp_path / "restored")
    data = archive.read_bytes()

    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(data[: len(data) // 2])
    # Where the cut lands decides which check notices first: gzip's, or the missing
    # SHA256SUMS (the last member). Both say so and restore nothing.
    said = refused(target, "restore", str(cut))
    assert "cut short" in said and "nothing was restored" in said

    flipped = tmp_path / "flipped.tar.gz"
    middle = len(data) // 2
    flipped.write_bytes(data[:middle] + bytes(b ^ 0xFF for b in data[middle:middle + 8])
                        + data[middle + 8:])
    assert "nothing was restored" in refused(target, "restore", str(flipped))

    edited = members(archive)["database/users.jsonl"].replace(b'"admin"', b'"agent"')
    tampered = repack(archive, tmp_path / "tampered.tar.gz", {"database/users.jsonl": edited},
                      fix_checksums=False)
    message = refused(target, "restore", str(tampered))
    assert "the checksum of database/users.jsonl does not match" in message

    not_a_backup = tmp_path / "notes.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as tar:
        tar.add(archive, arcname="../../escape")
    assert "unexpected entry '../../escape'" in refused(target, "restore", str(not_a_backup))

    assert nothing_in(tmp_path / "restored")


def test_a_backup_of_another_schema_revision_is_refused(archive: Path, tmp_path: Path) -> None:
    manifest = json.loads(members(archive)["manifest.json"])
    manifest["database"]["schema_revision"] = "0099_from_the_future"
    other = repack(archive, tmp_path / "other.tar.gz",
                   {"manifest.json": json.dumps(manifest).encode()}, fix_checksums=True)
    target = instance_env(tmp_path / "restored")
    message = refused(target, "restore", str(other))
    assert "schema revision 0099_from_the_future" in message and schema_head() in message
    assert nothing_in(tmp_path / "restored")


def test_a_non_empty_instance_is_refused_unless_forced(
    archive: Path, source: dict[str, str], settings: dict[str, Any], tmp_path: Path
) -> None:
    target = instance_env(tmp_path / "restored")
    assert deskbook(target, "init").exit_code == 0  # the four starter accounts
    docs = Path(target["DESKBOOK_DOCS_DIR"])
    (docs / "notes").mkdir(parents=True)
    (docs / "notes/mine.md").write_text("# Mine\n")
    tracks = Path(target["DESKBOOK_ONBOARDING_DIR"])
    tracks.mkdir()
    (tracks / "old.yml").write_text("id: old\n")

    message = refused(target, "restore", str(archive))
    assert "this instance is not empty" in message and "--force" in message
    assert "has rows in users" in message and f"{docs} is not empty" in message
    assert "onboarding tracks (old.yml)" in message
    assert [p.name for p in docs.parent.iterdir() if p.name.startswith(".docs")] == []

    forced = deskbook(target, "restore", "--force", str(archive))
    assert forced.exit_code == 0, forced.output
    assert every_row(target["DESKBOOK_DATABASE_URL"]) == every_row(settings["DATABASE_URL"])
    [kept] = docs.parent.glob("docs.before-restore-*")
    assert (kept / "notes/mine.md").read_text() == "# Mine\n"
    [old_tracks] = tracks.glob(".before-restore-*")
    assert (old_tracks / "old.yml").is_file() and not (tracks / "old.yml").exists()
    assert f"now in {kept}" in forced.stderr


def test_an_unwritable_or_full_disk_leaves_no_backup_and_keeps_the_last_one(
    archive: Path, source: dict[str, str], tmp_path: Path
) -> None:
    assert "cannot write a backup into" in refused(
        source, "backup", "--out", str(tmp_path / "missing" / "b.tar.gz"))
    file_in_the_way = tmp_path / "a-file"
    file_in_the_way.write_text("")
    assert "cannot write a backup into" in refused(
        source, "backup", "--out", str(file_in_the_way / "b.tar.gz"))

    with small_disk(tmp_path / "disk", megabytes=8) as disk:
        last = disk.mount / "deskbook.tar.gz"
        last.write_bytes(archive.read_bytes())
        disk.fill(leave=archive.stat().st_size // 2)
        message = refused(source, "backup", "--out", str(last))
        assert "No space left on device" in message and "no backup was written" in message
        assert last.read_bytes() == archive.read_bytes()  # the last good backup is untouched
        assert sorted(p.name for p in disk.mount.iterdir() if not p.name.startswith(".filler")) \
            == ["deskbook.tar.gz"]

    with read_only_disk(tmp_path / "read-only") as folder:
        message = refused(source, "backup", "--out", str(folder))
        assert "Read-only file system" in message and list(folder.iterdir()) == []


def test_a_database_behind_the_code_or_docs_outside_git_are_refused(
    source: dict[str, str], tmp_path: Path
) -> None:
    old = tmp_path / "old.sqlite3"
    database = Database.connect(sqlite_url(old))
    upgrade(database, "0003_capture")
    database.dispose()
    message = refused({**source, "DESKBOOK_DATABASE_URL": sqlite_url(old)}, "backup",
                      "--out", str(tmp_path))
    assert "schema revision 0003_capture" in message and "deskbook init" in message

    loose = tmp_path / "loose-docs"
    loose.mkdir()
    (loose / "index.md").write_text("# Home\n")
    message = refused({**source, "DESKBOOK_DOCS_DIR": str(loose)}, "backup", "--out",
                      str(tmp_path))
    assert "is not in a git repository" in message
    assert list(tmp_path.glob("*.tar.gz")) == [] and list(tmp_path.glob(".deskbook-*")) == []


def test_the_starter_accounts_of_a_fresh_database_are_what_makes_it_non_empty(
    archive: Path, tmp_path: Path
) -> None:
    target = instance_env(tmp_path / "restored")
    database = Database.connect(target["DESKBOOK_DATABASE_URL"])
    upgrade(database)  # a schema without rows is empty
    database.dispose()
    done = deskbook(target, "restore", str(archive))
    assert done.exit_code == 0, done.output
    emails = {row.email for row in every_row(target["DESKBOOK_DATABASE_URL"])["users"]}
    assert "agent@example.com" in emails and "admin@deskbook.local" not in emails


def test_a_backup_never_takes_the_docs_repositorys_index_lock(
    source: dict[str, str], settings: dict[str, Any], tmp_path: Path
) -> None:
    """An approval committing at the same moment needs .git/index.lock; a backup that
    refreshed git's index would take it and make the approval fail."""
    docs = Path(settings["DOCS_DIR"])
    page = docs / "faq/orders.md"
    page.write_text(page.read_text())  # same text, new mtime: the index looks stale to git
    index = docs / ".git/index"
    before = index.stat()
    back_up(source, tmp_path)
    after = index.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_docs_inside_a_larger_repository_come_back_at_the_same_place(
    source: dict[str, str], settings: dict[str, Any], tmp_path: Path
) -> None:
    project = tmp_path / "project"
    shutil.copytree(settings["DOCS_DIR"], project / "docs", ignore=shutil.ignore_patterns(".git"))
    (project / "README.md").write_text("# Our handbook\n")
    git(project, "init", "--quiet")
    git(project, "add", "--all")
    git(project, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit",
        "--quiet", "-m", "handbook and docs")
    archive = back_up({**source, "DESKBOOK_DOCS_DIR": str(project / "docs")}, tmp_path)
    assert json.loads(members(archive)["manifest.json"])["docs"]["subdir"] == "docs"

    elsewhere = {**instance_env(tmp_path / "r1"),
                 "DESKBOOK_DOCS_DIR": str(tmp_path / "r1" / "knowledge")}
    assert "set DESKBOOK_DOCS_DIR to a folder ending in docs" in refused(
        elsewhere, "restore", str(archive))

    target = {**instance_env(tmp_path / "r2"),
              "DESKBOOK_DOCS_DIR": str(tmp_path / "r2" / "project" / "docs")}
    (tmp_path / "r2/project").mkdir(parents=True)
    (tmp_path / "r2/project/notes.txt").write_text("mine")
    assert "that folder must be empty" in refused(target, "restore", str(archive))
    assert not Path(target["DESKBOOK_DATABASE_URL"].removeprefix("sqlite:///")).exists()
    (tmp_path / "r2/project/notes.txt").unlink()
    done = deskbook(target, "restore", str(archive))
    assert done.exit_code == 0, done.output
    assert (tmp_path / "r2/project/README.md").read_text() == "# Our handbook\n"
    assert history(tmp_path / "r2" / "project") == history(project)


def test_a_full_disk_during_a_restore_leaves_nothing_behind(
    archive: Path, tmp_path: Path
) -> None:
    database_url = sqlite_url(tmp_path / "restored.sqlite3")
    with small_disk(tmp_path / "disk", megabytes=8) as disk:
        target = {**instance_env(disk.mount), "DESKBOOK_DATABASE_URL": database_url}
        disk.fill()
        message = refused(target, "restore", str(archive))
        assert "could not restore the docs repository" in message
        assert "nothing was restored" in message
        assert [p.name for p in disk.mount.iterdir() if not p.name.startswith(".filler")] == []
    assert not any(every_row(database_url).values())
