"""What the running app holds: its database, the per-request session, its paths, its
docstore. Views call these inside a request; tests and commands pass the app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from content.markdown import SiteMarkdown
from content.markdown import site_markdown as markdown_of_site
from portal.db import Database
from portal.docstore import DocStore, open_docstore
from portal.docstore.index_keeper import IndexKeeper
from portal.paths import Paths

EXTENSION = "deskbook.db"
PATHS = "deskbook.paths"
DOCSTORE = "deskbook.docstore"


def init_app(app: Flask, database: Database, paths: Paths) -> None:
    app.extensions[EXTENSION] = database
    app.extensions[PATHS] = paths
    app.extensions[DOCSTORE] = open_docstore(paths, Path(app.instance_path))

    @app.teardown_appcontext
    def _close(error: BaseException | None) -> None:
        session: Session | None = g.pop("db_session", None)
        if session is not None:
            session.close()


def _extension(app: Flask | None, key: str) -> object:
    return (app or current_app).extensions[key]


def database(app: Flask | None = None) -> Database:
    found = _extension(app, EXTENSION)
    assert isinstance(found, Database)
    return found


def db_session() -> Session:
    """One session per request (closed at teardown); pass it to the plain functions."""
    if "db_session" not in g:
        g.db_session = database().sessions()
    session = g.db_session
    assert isinstance(session, Session)
    return session


def docstore(app: Flask | None = None) -> DocStore:
    """The one writer of docs/ (with its background site rebuilder)."""
    found = _extension(app, DOCSTORE)
    assert isinstance(found, DocStore)
    return found


def index_keeper(app: Flask | None = None) -> IndexKeeper:
    """The docstore's background keeper of the search index."""
    return docstore(app).keeper


def site_markdown() -> SiteMarkdown:
    """Markdown rendered as the app's site renders it (its mkdocs.yml's extensions)."""
    return markdown_of_site(current_paths().config_file)


def current_paths(app: Flask | None = None) -> Paths:
    found = _extension(app, PATHS)
    assert isinstance(found, Paths)
    return found
