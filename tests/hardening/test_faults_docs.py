"""Faults while the docs are written: crashes, a full disk, a repository that is not ready.

Covered elsewhere and not repeated here (tests/portal/docstore/test_docstore.py):
- kill -9 during a page write leaves the old or the new file, never a truncated one
  (`test_a_write_killed_midway_leaves_the_old_or_the_new_file`);
- a docstore killed between write and commit is committed at the next start
  (`test_a_crash_between_write_and_commit_is_committed_at_the_next_start`);
- a stale `.git/index.lock` is cleared only when no git process runs
  (`test_a_stale_index_lock_is_cleared_only_when_no_git_runs`), and a locked or mid-merge
  repository fails the approval with the reason (tests/portal/capture/test_capture_failures.py).
Here the same faults go through the whole approval path, in real processes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import app_state
from portal.accounts.roles import Role
from tests.hardening.faults_support import (
    SmallDisk,
    deskbook,
    read_only,
    run_python,
    settings_json,
    small_disk,
    state_of,
)
from tests.portal.capture_kb import FAQ_QUESTION, git, kb_settings, make_kb, review_post, submit_faq
from tests.portal.helpers import Person, page_csrf, post_form, signed_in, text

# The `store` fixture (tests/portal/fixtures.py) leaves out site builds: those are faulted in
# test_faults_site.py.


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _approve_in_a_process_that_dies(settings: dict[str, Any], ident: int, where: str) -> None:
    """A lead approves `ident` through the portal in another process, killed with SIGKILL
    `where` ("before-commit": after the page is written, "after-commit": before the
    submission row records it)."""
    kill = {
        "before-commit": "GitRepo.commit = lambda *a, **k: os.kill(os.getpid(), 9)",
        "after-commit": (
            "real = DocStore.publish\n"
            "def publish(self, change):\n"
            "    real(self, change)\n"
            "    os.kill(os.getpid(), 9)\n"
            "DocStore.publish = publish"
        ),
    }[where]
    run = run_python(f"""
        import json, os
        from portal import app_state, create_app
        from portal.docstore import DocStore
        from portal.docstore.git import GitRepo
        from tests.portal.capture_kb import review_post
        from tests.portal.helpers import login
        {kill.replace(chr(10), chr(10) + " " * 8)}
        app = create_app(json.loads({settings_json(settings)!r}))
        app_state.docstore(app).rebuilder = None
        lead = app.test_client()
        login(lead, "lead@example.com")
        review_post(lead, {ident}, "approve")
        raise SystemExit("the approval finished: the crash did not happen")
    """)
    assert run.returncode == -9, run.stderr[-3000:]


@pytest.mark.parametrize("where", ["before-commit", "after-commit"])
def test_an_approval_killed_midway_is_finished_at_the_next_start_and_never_applied_twice(
    app: Flask, settings: dict[str, Any], agent: FlaskClient, lead: FlaskClient, kb: Path,
    where: str,
) -> None:
    ident = submit_faq(agent)
    seed = git(kb, "rev-parse", "HEAD").strip()

    _approve_in_a_process_that_dies(settings, ident, where)

    page = kb / "faq/orders.md"
    assert page.read_text().count(FAQ_QUESTION) == 1  # the new text is on disk, whole
    assert state_of(app, ident)[0] == "pending"  # the crash came before the row said so
    if where == "before-commit":
        assert git(kb, "status", "--porcelain").strip()

    doctor = deskbook(settings, "doctor")  # what `deskbook serve` runs on start
    assert doctor.returncode == 0, doctor.stderr
    assert git(kb, "status", "--porcelain") == ""
    assert git(kb, "rev-list", "--count", f"{seed}..HEAD").strip() == "1"
    assert f"Submission: #{ident}" in git(kb, "log", "-1", "--format=%B")
    # The commit carries the submission's token: the doctor records it as applied.
    assert f"submission #{ident} was published in commit" in doctor.stdout
    state, error, commit = state_of(app, ident)
    assert (state, error) == ("applied", None)
    assert commit == git(kb, "rev-parse", "HEAD").strip()
    assert "data-approve" not in text(lead.get(f"/portal/review/{ident}"))
    assert review_post(lead, ident, "approve").status_code == 409
    assert page.read_text().count(FAQ_QUESTION) == 1
    assert git(kb, "rev-list", "--count", f"{seed}..HEAD").strip() == "1"


@pytest.mark.parametrize("then", ["approve", "edit-then-approve", "reject"])
def test_a_submission_published_before_a_crash_is_never_decided_again_as_if_it_were_not(
    app: Flask, settings: dict[str, Any], agent: FlaskClient, lead: FlaskClient, kb: Path,
    then: str,
) -> None:
    """Without the doctor run in between: a reject left the text on the site while the author
    read "rejected", and an edit-then-approve stored the edits but kept the published text."""
    ident = submit_faq(agent)
    _approve_in_a_process_that_dies(settings, ident, "after-commit")
    published = git(kb, "rev-parse", "HEAD").strip()
    page_text = (kb / "faq/orders.md").read_text()

    if then == "approve":
        response = review_post(lead, ident, "approve")
        assert response.status_code == 303
    elif then == "edit-then-approve":
        response = review_post(lead, ident, "approve", title=FAQ_QUESTION,
                               body="Edited by the lead after the crash.\n")
        assert response.status_code == 409
        assert "already published in commit" in text(response)
        assert "your edits were not applied" in text(response)
    else:
        response = review_post(lead, ident, "reject", reason="Not needed.")
        assert response.status_code == 409
        assert "already published in commit" in text(response)

    assert state_of(app, ident) == ("applied", None, published)
    assert (kb / "faq/orders.md").read_text() == page_text
    assert git(kb, "rev-parse", "HEAD").strip() == published
    mine = text(agent.get(f"/portal/capture/mine/{ident}"))
    assert "published" in mine and "Edited by the lead" not in mine


# --- a full disk ----------------------------------------------------------------------------


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[SmallDisk]:
    with small_disk(tmp_path / "small-disk", megabytes=8) as mounted:
        yield mounted


@pytest.fixture
def full_disk_settings(settings: dict[str, Any], disk: SmallDisk) -> dict[str, Any]:
    """The docs and their git repository on the small disk (database and index elsewhere)."""
    docs = make_kb(disk.mount / "kb")
    return {**settings, "DOCS_DIR": str(docs)}


@pytest.mark.parametrize("leave", [0, 6000, 20_000], ids=["full", "room-for-the-page", "almost"])
def test_a_full_disk_fails_the_approval_clearly_keeps_it_in_the_queue_and_changes_nothing(
    full_disk_settings: dict[str, Any], disk: SmallDisk, people: dict[Role, Person],
    leave: int,
) -> None:
    from portal import create_app

    app = create_app(full_disk_settings)
    try:
        app_state.docstore(app).rebuilder = None
        kb = Path(full_disk_settings["DOCS_DIR"])
        agent, lead = signed_in(app, people[Role.AGENT]), signed_in(app, people[Role.LEAD])
        ident = submit_faq(agent)
        page = kb / "faq/orders.md"
        before, head = page.read_bytes(), git(kb, "rev-parse", "HEAD")

        disk.fill(leave=leave)
        review_post(lead, ident, "approve")

        state, error, _ = state_of(app, ident)
        if state == "applied":  # there was room enough after all: nothing to check here
            pytest.skip(f"{leave} bytes were enough to apply the change on {disk.kind}")
        assert state == "failed", error
        assert error and "disk" in error and "full" in error
        assert page.read_bytes() == before
        assert git(kb, "rev-parse", "HEAD") == head
        assert f'data-queue-item="{ident}"' in text(lead.get("/portal/review/"))
        detail = text(lead.get(f"/portal/review/{ident}"))
        assert "Approving failed" in detail and "full" in detail and "Approve again" in detail

        disk.free_up()
        assert git(kb, "status", "--porcelain") == ""
        assert not (kb / ".git" / "index.lock").exists()
        assert deskbook(full_disk_settings, "doctor").returncode == 0
        assert page.read_bytes() == before  # the next start does not apply it behind the lead's back
        review_post(lead, ident, "approve")
        assert state_of(app, ident)[:2] == ("applied", None)
        assert page.read_text().count(FAQ_QUESTION) == 1
    finally:
        app_state.database(app).dispose()


# --- a read-only docs folder ---------------------------------------------------------------

READ_ONLY = "the docs folder is read-only for Deskbook"


def test_a_read_only_docs_folder_fails_every_write_with_a_clear_503_and_changes_nothing(
    app: Flask, agent: FlaskClient, lead: FlaskClient, kb: Path
) -> None:
    """Editor saves, new pages and marking reviewed once gave a 500: putting the page back
    failed on the same read-only folder and hid the first error."""
    ident = submit_faq(agent)
    edit_url = "/portal/editor/edit?page=policies/refunds.md"
    edit_form = text(lead.get(edit_url))
    head, before = git(kb, "rev-parse", "HEAD"), (kb / "policies/refunds.md").read_text()
    with read_only(kb):
        saved = lead.post("/portal/editor/edit", data={
            "csrf_token": page_csrf(lead, edit_url), "page": "policies/refunds.md",
            "base_hash": _field(edit_form, "base_hash"), "title": "Refunds",
            "body": "# Refunds\n\nChanged.\n"})
        created = post_form(lead, "/portal/editor/new?type=faq", "/portal/editor/new",
                            type="faq", title="Read only", slug="read-only")
        reviewed = lead.post("/portal/living/review/mark", data={
            "csrf_token": page_csrf(lead, "/portal/living/review"), "page": "policies/refunds.md"})
        approved = review_post(lead, ident, "approve")
        for name, response in (("save", saved), ("new page", created),
                               ("mark reviewed", reviewed)):
            assert response.status_code == 503, (name, text(response)[:400])
            assert READ_ONLY in text(response), name
        assert approved.status_code == 303
        detail = text(lead.get(f"/portal/review/{ident}"))
        assert "Approving failed" in detail and READ_ONLY in detail
    assert git(kb, "rev-parse", "HEAD") == head and git(kb, "status", "--porcelain") == ""
    assert (kb / "policies/refunds.md").read_text() == before
    assert not (kb / "faq/read-only.md").exists()
    assert review_post(lead, ident, "approve").status_code == 303  # writable again: it goes in
    assert state_of(app, ident)[:2] == ("applied", None)


def test_git_failing_shows_what_to_do_never_gits_own_words(
    app: Flask, agent: FlaskClient, lead: FlaskClient, kb: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The docs can be written but their repository cannot (a read-only .git): leads once read
    git's raw output, paths and all."""
    ident = submit_faq(agent)
    edit_url = "/portal/editor/edit?page=policies/refunds.md"
    edit_form = text(lead.get(edit_url))
    head, before = git(kb, "rev-parse", "HEAD"), (kb / "policies/refunds.md").read_text()
    with read_only(kb / ".git"):
        saved = lead.post("/portal/editor/edit", data={
            "csrf_token": page_csrf(lead, edit_url), "page": "policies/refunds.md",
            "base_hash": _field(edit_form, "base_hash"), "title": "Refunds",
            "body": "# Refunds\n\nChanged.\n"})
        review_post(lead, ident, "approve")
        detail = text(lead.get(f"/portal/review/{ident}"))
    assert saved.status_code == 503
    for page in (text(saved), detail):
        assert "the docs repository is read-only for Deskbook" in page
        assert "fatal:" not in page and "error:" not in page and str(kb) not in page
    assert any("Read-only file system" in r.getMessage() for r in caplog.records)  # for admins
    assert git(kb, "rev-parse", "HEAD") == head
    assert (kb / "policies/refunds.md").read_text() == before


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


# --- a repository that is not ready ---------------------------------------------------------

SEED = ("-c", "user.name=Seed", "-c", "user.email=seed@example.com")


def _diverge(kb: Path) -> None:
    """A branch `other` and the current branch both change index.md: they conflict."""
    branch = git(kb, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(kb, "checkout", "--quiet", "-b", "other")
    (kb / "index.md").write_text("# Home\n\nTheirs.\n")
    git(kb, *SEED, "commit", "--quiet", "-am", "theirs")
    git(kb, "checkout", "--quiet", branch)
    (kb / "index.md").write_text("# Home\n\nOurs.\n")
    git(kb, *SEED, "commit", "--quiet", "-am", "ours")


def _stop_midway(kb: Path, operation: str) -> None:
    import subprocess

    command = {"merge": ["merge", "other"], "rebase": ["rebase", "other"],
               "cherry-pick": ["cherry-pick", "other"]}[operation]
    stopped = subprocess.run(["git", "-C", str(kb), *SEED, *command], capture_output=True,
                             text=True, check=False)
    assert stopped.returncode != 0, "the operation should stop on the conflict"


@pytest.mark.parametrize("operation", ["merge", "rebase", "cherry-pick"])
def test_a_repository_stopped_mid_merge_rebase_or_cherry_pick_blocks_the_approval_with_the_reason(
    app: Flask, agent: FlaskClient, lead: FlaskClient, kb: Path, operation: str
) -> None:
    _diverge(kb)
    ident = submit_faq(agent)
    page = kb / "faq/orders.md"
    before = page.read_text()
    _stop_midway(kb, operation)
    head = git(kb, "rev-parse", "HEAD")

    review_post(lead, ident, "approve")

    state, error, _ = state_of(app, ident)
    assert state == "failed"
    assert error and f"middle of a {operation}" in error and "approve again" in error
    assert page.read_text() == before and git(kb, "rev-parse", "HEAD") == head
    assert f'data-queue-item="{ident}"' in text(lead.get("/portal/review/"))
    assert f"middle of a {operation}" in text(lead.get(f"/portal/review/{ident}"))

    git(kb, operation, "--abort")
    review_post(lead, ident, "approve")
    assert state_of(app, ident)[:2] == ("applied", None)
    assert page.read_text().count(FAQ_QUESTION) == 1


def test_uncommitted_edits_to_the_page_block_the_approval_and_are_kept(
    app: Flask, agent: FlaskClient, lead: FlaskClient, kb: Path
) -> None:
    ident = submit_faq(agent)
    page = kb / "faq/orders.md"
    page.write_text(page.read_text() + "\nSomeone's local note.\n")

    review_post(lead, ident, "approve")

    state, error, _ = state_of(app, ident)
    assert state == "failed" and error and "uncommitted edits" in error
    assert "Someone's local note." in page.read_text() and FAQ_QUESTION not in page.read_text()

    git(kb, "checkout", "--", "faq/orders.md")
    review_post(lead, ident, "approve")
    assert state_of(app, ident)[:2] == ("applied", None)


def test_a_change_staged_on_another_page_is_not_swept_into_the_approval(
    app: Flask, agent: FlaskClient, lead: FlaskClient, kb: Path
) -> None:
    ident = submit_faq(agent)
    (kb / "index.md").write_text("# Home\n\nHalf-finished work.\n")
    git(kb, "add", "index.md")

    review_post(lead, ident, "approve")

    assert state_of(app, ident)[0] == "applied"
    assert git(kb, "show", "--name-only", "--format=", "HEAD").split() == ["faq/orders.md"]
    assert git(kb, "status", "--porcelain").splitlines() == ["M  index.md"]
