"""What the running app holds: its database, the per-request session, its paths."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from content.markdown import SiteMarkdown
from content.markdown import site_markdown as markdown_of_site
from portal.db import Database
from portal.docstore import DocStore, open_docstore
from portal.indexkeeper import IndexKeeper
from portal.paths import Paths

EXTENSION = "deskbook.db"
PATHS = "deskbook.paths"
DOCSTORE = "deskbook.docstore"
INDEX_KEEPER = "deskbook.index_keeper"


def init_app(app: Flask, database: Database, paths: Paths) -> None:
    app.extensions[EXTENSION] = database
    app.extensions[PATHS] = paths
    app.extensions[DOCSTORE] = open_docstore(paths, Path(app.instance_path))
    app.extensions[INDEX_KEEPER] = IndexKeeper(paths.docs, paths.index)

    @app.teardown_appcontext
    def _close(error: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def database() -> Database:
    found = current_app.extensions[EXTENSION]
    assert isinstance(found, Database)
    return found


def db_session() -> Session:
    """One session per request (closed at teardown); pass it to the plain functions."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    session = g.db_session
    assert isinstance(session, Session)
    return session


def docstore() -> DocStore:
    """The one writer of docs/ (with its background site rebuilder)."""
    found = current_app.extensions[DOCSTORE]
    assert isinstance(found, DocStore)
    return found


def index_keeper() -> IndexKeeper:
    found = current_app.extensions[INDEX_KEEPER]
    assert isinstance(found, IndexKeeper)
    return found


def site_markdown() -> SiteMarkdown:
    """Markdown rendered as the app's site renders it (its mkdocs.yml's extensions)."""
    return markdown_of_site(current_paths().config_file)


def current_paths() -> Paths:
    found = current_app.extensions[PATHS]
    assert isinstance(found, Paths)
    return found
