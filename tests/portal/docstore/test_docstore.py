"""The docstore: every write to docs/ is atomic, committed, indexed and never overwrites."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import search
from content import DocNotFound
from content.parse import content_hash
from portal.docstore import (
    Change,
    DocStore,
    DocStoreError,
    GitRepo,
    Identity,
    PageConflict,
    RepositoryNotReady,
)
from portal.site.rebuild import SiteRebuilder
from tests.helpers import REPO, write_page

AGENT = Identity("Nadia Agent", "nadia@lumen.example")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def store(docs: Path, tmp_path: Path) -> DocStore:
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n\n30 days.\n", title="Refunds")
    write_page(docs, "index.md", "# Home\n")
    _git(docs, "init", "--quiet")
    _git(docs, "add", "--all")
    _git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@x", "commit", "--quiet", "-m", "seed")
    search.build_index(docs, tmp_path / "index")
    return DocStore(docs, tmp_path / "index", None, tmp_path / "instance" / "docs.lock")


def _edit(store: DocStore, page: str, old: str, new: str, message: str = "Update") -> Change:
    text, base = store.read(page)
    return Change(page, text.replace(old, new), base, AGENT, message)


def test_a_change_is_written_committed_with_its_author_and_searchable_at_once(
    store: DocStore, docs: Path
) -> None:
    message = "-n Refund window is now 14 days\n\nApproved-by: lead@lumen.example\n--author=evil"
    applied = store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days", message))

    assert "14 days" in (docs / "policies/refunds.md").read_text()
    log = _git(docs, "log", "-1", "--format=%an <%ae>%n%B")
    assert log.startswith("Nadia Agent <nadia@lumen.example>\n")
    assert message in log  # stored verbatim: leading dash, newlines, fake option and all
    assert applied.commit == _git(docs, "rev-parse", "HEAD").strip()
    hits = search.search(store.index, "14 days").hits
    assert hits and hits[0].path == "policies/refunds.md"


def test_a_stale_base_is_a_conflict_and_nothing_is_written(store: DocStore, docs: Path) -> None:
    stale = _edit(store, "policies/refunds.md", "30 days", "60 days")
    store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days"))
    head = _git(docs, "rev-parse", "HEAD")

    with pytest.raises(PageConflict) as caught:
        store.publish(stale)

    assert caught.value.current_text and "14 days" in caught.value.current_text
    assert "14 days" in (docs / "policies/refunds.md").read_text()
    assert _git(docs, "rev-parse", "HEAD") == head


def test_new_pages_and_deletions(store: DocStore, docs: Path) -> None:
    store.publish(Change("faq/new.md", "# New\n\nAnswer.\n", None, AGENT, "Add FAQ"))
    assert (docs / "faq/new.md").is_file()
    with pytest.raises(PageConflict):
        store.publish(Change("faq/new.md", "# Again\n", None, AGENT, "Add again"))
    _, base = store.read("faq/new.md")
    store.publish(Change("faq/new.md", None, base, AGENT, "Remove"))
    assert not (docs / "faq/new.md").exists()
    assert "faq/new.md" not in _git(docs, "ls-files")


@pytest.mark.parametrize("page", ["../outside.md", "/etc/passwd.md", ".git/config.md", "a/../../b.md",
                                  "policies/x.txt", "policies/\x00.md"])
def test_paths_outside_the_docs_are_refused(store: DocStore, page: str) -> None:
    with pytest.raises(DocNotFound):
        store.publish(Change(page, "# x\n", None, AGENT, "x"))


def test_invalid_or_oversized_pages_are_refused_before_writing(store: DocStore, docs: Path) -> None:
    before = (docs / "policies/refunds.md").read_text()
    text, base = store.read("policies/refunds.md")
    with pytest.raises(DocStoreError, match="not a valid page"):
        store.publish(Change("policies/refunds.md", "---\ntitle: [\n---\n", base, AGENT, "x"))
    with pytest.raises(DocStoreError, match="limited to"):
        store.publish(Change("policies/refunds.md", text + "x" * 600_000, base, AGENT, "x"))
    assert (docs / "policies/refunds.md").read_text() == before


def test_a_repository_mid_merge_or_with_local_edits_blocks_the_change(store: DocStore, docs: Path) -> None:
    git_dir = docs / ".git"
    (git_dir / "MERGE_HEAD").write_text(_git(docs, "rev-parse", "HEAD"))
    with pytest.raises(RepositoryNotReady, match="middle of a merge"):
        store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days"))
    (git_dir / "MERGE_HEAD").unlink()

    page = docs / "policies/refunds.md"
    page.write_text(page.read_text() + "\nlocal note\n")
    with pytest.raises(RepositoryNotReady, match="uncommitted edits"):
        store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days"))
    assert "local note" in page.read_text() and "30 days" in page.read_text()


def test_concurrent_changes_are_serialised_not_lost(store: DocStore, docs: Path) -> None:
    errors: list[BaseException] = []

    def add(n: int) -> None:
        try:
            store.publish(Change(f"faq/q{n}.md", f"# Question {n}\n", None, AGENT, f"Add {n}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(_git(docs, "log", "--format=%s").splitlines()) == 9
    assert _git(docs, "status", "--porcelain") == ""


def test_a_write_killed_midway_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    old, new = "old\n" * 200_000, "new\n" * 200_000
    page.write_text(old)
    script = textwrap.dedent(f"""
        from pathlib import Path
        from content.fs import atomic_write
        texts = ["new\\n" * 200_000, "old\\n" * 200_000]
        i = 0
        while True:
            atomic_write(Path({str(page)!r}), texts[i % 2]); i += 1
    """)
    for _ in range(5):
        writer = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
        time.sleep(0.3)
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        assert page.read_text() in (old, new)


def test_a_crash_between_write_and_commit_is_committed_at_the_next_start(
    store: DocStore, docs: Path, tmp_path: Path
) -> None:
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from portal.docstore import Change, DocStore, Identity
        from portal.docstore.git import GitRepo
        GitRepo.commit = lambda *a, **k: os.kill(os.getpid(), 9)
        store = DocStore(Path({str(docs)!r}), Path({str(store.index)!r}), None,
                         Path({str(store.lock_file)!r}))
        text, base = store.read("policies/refunds.md")
        store.publish(Change("policies/refunds.md", text.replace("30 days", "21 days"), base,
                           Identity("Crash Test", "crash@x"), "Crashed before commit"))
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, check=False)
    assert run.returncode == -9
    assert "21 days" in (docs / "policies/refunds.md").read_text()
    assert _git(docs, "status", "--porcelain").strip()

    done = store.recover()

    assert any("committed" in line for line in done)
    assert _git(docs, "status", "--porcelain") == ""
    assert _git(docs, "log", "-1", "--format=%an|%s").strip() == "Crash Test|Crashed before commit"


@pytest.mark.slow
def test_the_background_rebuild_coalesces_and_a_broken_build_keeps_the_old_site(
    store: DocStore, docs: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    status_file = tmp_path / "instance" / "build.json"
    rebuilder = SiteRebuilder(docs, site, REPO / "mkdocs.yml", status_file, store)
    builds: list[float] = []
    original = rebuilder.build_now

    def counting() -> object:
        builds.append(time.monotonic())
        return original()

    rebuilder.build_now = counting  # type: ignore[method-assign]
    store.rebuilder = rebuilder
    for n in range(5):
        store.publish(Change(f"faq/q{n}.md", f"# Question {n}\n", None, AGENT, f"Add {n}"))
    assert rebuilder.wait_idle(60)
    assert 1 <= len(builds) <= 3
    assert (site / "faq" / "q4" / "index.html").is_file()

    store.publish(Change("faq/broken.md", "# Broken\n\n[dead](nowhere.md)\n", None, AGENT, "Break"))
    assert rebuilder.wait_idle(60)
    status = rebuilder.status_file.read_text()
    assert '"state": "failed"' in status and "nowhere.md" in status
    assert (site / "faq" / "q4" / "index.html").is_file()
    assert not (site / "faq" / "broken").exists()
    assert GitRepo.for_docs(docs).head() is not None
    assert content_hash("x")


def test_a_stale_index_lock_is_cleared_only_when_no_git_runs(store: DocStore, docs: Path) -> None:
    lock = docs / ".git" / "index.lock"
    lock.write_text("")
    with pytest.raises(RepositoryNotReady, match=r"index\.lock"):
        store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days"))

    running_git = subprocess.Popen(["git", "cat-file", "--batch"], stdin=subprocess.PIPE, cwd=docs)
    try:
        comm = Path(f"/proc/{running_git.pid}/comm")
        while comm.read_text().strip() != "git":  # until the fork has become git
            time.sleep(0.01)
        store.recover()
        assert lock.exists()  # a git process might own it
    finally:
        running_git.communicate(b"")

    assert "removed a stale .git/index.lock" in " ".join(store.recover())
    assert not lock.exists()
    store.publish(_edit(store, "policies/refunds.md", "30 days", "14 days"))
