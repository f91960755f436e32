"""Serving the portal with gunicorn: `workers` processes of `threads` threads each (one worker
is plenty on the embedded SQLite default). Never werkzeug's development server, which is not
meant to face people and names itself and its Python version in every answer."""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask

import search
from portal import app_state, create_app
from portal.app_state import current_paths, docstore
from portal.notifications import mail_settings
from portal.notifications.postman import Postman
from portal.notifications.schedule import periodic_jobs
from portal.paths import Paths
from portal.server import memory
from portal.site.rebuild import SiteRebuilder
from search import IndexUnavailable


def serve(host: str, port: int, workers: int = 1, threads: int = 4) -> None:
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "accesslog": "-",
            "graceful_timeout": 10,
            # Recycle a worker now and then (staggered) so no process grows without bound.
            "max_requests": 5000,
            "max_requests_jitter": 500,
            # Each worker builds its own app (and database pool) after the fork.
            "preload_app": False,
            "post_fork": _worker_started,
        }
    ).run()


def _worker_started(server: Any, worker: Any) -> None:
    _keep_memory_flat()


def _load_app() -> Flask:
    app = create_app()
    memory.freeze_startup_objects()
    _warm_up(app)  # after freezing: the searcher it opens is retired by the first update
    _start_postman(app)
    _catch_up_site(app)
    return app


def _start_postman(app: Flask) -> None:
    """Send queued mail and run the notification jobs in the background (`MAIL_WORKER`); with
    several workers each has one, and the queue's claims keep them from sending a mail twice."""
    if not mail_settings.worker_sends(app.config):
        return
    jobs = periodic_jobs(Paths.of(app.config), mail_settings.base_url(app.config))
    Postman(app_state.database(app), mail_settings.smtp(app.config), jobs).start()


def _catch_up_site(app: Flask) -> None:
    """After a crash or a stop in the middle of a build, or commits made while the portal was
    down: build the site in the background when the one served is not of the docs' head."""
    rebuilder = docstore(app).rebuilder
    if isinstance(rebuilder, SiteRebuilder) and rebuilder.catch_up():
        app.logger.info("the site served is behind the docs; building it in the background")


def _warm_up(app: Flask) -> None:
    """Open the search index and collect its typo word lists in the background, before the first
    search asks (a worker that is replaced or recycled would otherwise pay on a live query)."""
    with app.app_context():
        index = current_paths().index

    def run() -> None:
        try:
            search.warm_up(index)
        except IndexUnavailable:
            return  # nothing to warm: the first search reports it and the index is rebuilt
        except Exception:  # warming is an optimisation: searches still work without it
            app.logger.exception("could not warm up the search index at %s", index)

    threading.Thread(target=run, name="deskbook-warm-up", daemon=True).start()


def _keep_memory_flat() -> None:
    """Before the request threads start: few malloc arenas, freed memory handed back."""
    memory.limit_arenas()
    memory.start_trimming()


class _Gunicorn:
    """gunicorn's embedded application, created lazily so gunicorn is imported only when used."""

    def __init__(self, options: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in options.items():
                    self.cfg.set(key, value)

            def load(self) -> Flask:
                return _load_app()

        self.application = Application()

    def run(self) -> None:
        self.application.run()
