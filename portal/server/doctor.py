"""`deskbook doctor`: put an installation back in order after a crash (also run by `serve`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from content import load_docs
from portal.capture import reconcile
from portal.db import Database
from portal.docstore import DocStore, GitError, open_docstore
from portal.paths import Paths
from search import IndexUnavailable, index_page_count


def doctor(paths: Paths, instance: Path, database: Database | None = None) -> list[str]:
    """Finish interrupted writes, clear stale locks, mark applied the submissions whose
    commit a crash left unrecorded, bring the index in line with the docs.

    Returns one line per thing done or still wrong (with what to do about it).
    """
    notes: list[str] = []
    if not paths.docs.is_dir():
        return [f"the docs folder {paths.docs} does not exist: set DESKBOOK_DOCS_DIR"]
    store = open_docstore(paths, instance)
    try:
        notes += store.recover()
    except GitError as error:
        notes.append(f"could not check the docs repository: {error}")
    if database is not None:
        notes += _reconcile_submissions(database, store)
    pages = len(load_docs(paths.docs).pages)
    try:
        indexed = index_page_count(paths.index)
    except IndexUnavailable:
        indexed = -1
    report = store.refresh_index()  # only changed pages: cheap when in order
    if indexed != pages:
        notes.append(
            f"search index had {max(indexed, 0)} of {pages} pages; "
            f"{'rebuilt' if report.rebuilt else 'updated'} it ({report.pages} pages)"
        )
    elif report.updated or report.deleted:
        # e.g. an update that timed out on a stuck index lock after its page was committed
        notes.append(
            f"search index was behind the docs on {len(report.updated) + len(report.deleted)} "
            "page(s); updated it"
        )
    if not (paths.site / "index.html").is_file():
        notes.append(f"no built site at {paths.site}: run `deskbook build`")
    return notes


def _reconcile_submissions(database: Database, store: DocStore) -> list[str]:
    try:
        with database.session() as session:
            published = reconcile(session, store)
            return [f"submission #{s.id} was published in commit {(s.commit or '')[:10]} but a "
                    "crash left it pending; marked it applied" for s in published]
    except SQLAlchemyError as error:
        return [f"could not check the submissions ({type(error).__name__}): run `deskbook "
                "init` if the database is new, then `deskbook doctor` again"]
    except GitError as error:
        return [f"could not check the submissions against the docs repository: {error}"]
