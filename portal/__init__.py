"""The Deskbook portal and command line: `create_app()` is the app factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import access, errors, inputs, security, shell, storage
from portal.config import ensure_secret_key, load_config
from portal.db import Database
from portal.features import Feature, NavItem
from portal.i18n import setup as i18n
from portal.paths import Paths
from portal.roles import Role
from portal.views import (
    admin,
    api,
    auth,
    home,
    onboarding,
    search_views,
    site,
    synonym_proposals,
    tokens,
)
from portal.views import capture as capture_views
from portal.views import editor as editor_views
from portal.views import insights as insights_views
from portal.views import living as living_views
from portal.views import review as review_views
from portal.views import synonyms as synonyms_views


def features() -> list[Feature]:
    """Every feature of the portal, in navigation order. Add new blueprints HERE
    (search views, onboarding, capture, editor…). The site comes last: its `/<path>`
    catch-all must not shadow anything (Flask matches the more specific rules first anyway)."""
    return [
        home.feature,
        shell.feature,
        auth.feature,
        tokens.feature,
        admin.feature,
        api.feature,
        search_views.feature,
        onboarding.feature,
        capture_views.feature,
        review_views.feature,
        editor_views.feature,
        living_views.feature,
        synonyms_views.feature,
        insights_views.feature,
        synonym_proposals.feature,
        site.feature,
    ]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    settings = load_config(config)
    app = Flask(
        __name__,
        instance_path=settings["INSTANCE_PATH"],
        instance_relative_config=True,
        static_url_path="/portal/static",
    )
    app.config.update(settings)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = ensure_secret_key(Path(app.instance_path))
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    database = Database.connect(
        app.config["DATABASE_URL"], busy_timeout=float(app.config["DB_BUSY_TIMEOUT"])
    )
    storage.init_app(app, database, Paths.of(app.config))
    errors.init_app(app)
    access.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    i18n.init_app(app, preferred=lambda: getattr(access.current_account(), "language", None))

    nav: list[NavItem] = []
    for feature in features():
        app.register_blueprint(feature.blueprint)
        nav.extend(feature.nav)
    access.check_every_route_has_a_rule(app)
    app.extensions["deskbook.nav"] = tuple(nav)
    shell.init_app(app, nav)

    @app.context_processor
    def _layout() -> dict[str, Any]:
        return {"current": access.current_account(), "Role": Role}

    return app
