"""The Deskbook portal and command line: `create_app()` is the app factory.

The package root stays light: the factory imports Flask and the blueprints inside itself (as
flask's tutorial and CTFd do), so importing a plain module such as `portal.accounts.roles`, or
running the site-build child process, loads neither Flask, the views nor Whoosh.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from portal.features import Feature


def all_features() -> list[Feature]:
    """Every feature of the portal, in navigation order. Add new blueprints HERE
    (search views, onboarding, capture, editor…). The site comes last: its `/<path>`
    catch-all must not shadow anything (Flask matches the more specific rules first anyway)."""
    from portal.accounts import (
        admin_views,
        api_views,
        auth_views,
        sso_views,
        token_views,
        two_factor_views,
    )
    from portal.audit import views as audit_views
    from portal.capture import review_views
    from portal.capture import views as capture_views
    from portal.checklists import views as onboarding
    from portal.editor import views as editor_views
    from portal.home import shell
    from portal.home import views as home
    from portal.insights import reuse_views
    from portal.insights import views as insights_views
    from portal.living import views as living_views
    from portal.search_ui import proposal_views as synonym_proposals
    from portal.search_ui import suggest_views
    from portal.search_ui import synonym_views as synonyms_views
    from portal.search_ui import views as search_views
    from portal.site import views as site

    return [
        home.feature,
        shell.feature,
        auth_views.feature,
        sso_views.feature,
        two_factor_views.feature,
        token_views.feature,
        admin_views.feature,
        audit_views.feature,
        api_views.feature,
        search_views.feature,
        suggest_views.feature,
        onboarding.feature,
        capture_views.feature,
        review_views.feature,
        editor_views.feature,
        living_views.feature,
        synonyms_views.feature,
        insights_views.feature,
        reuse_views.feature,
        synonym_proposals.feature,
        site.feature,
    ]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    from pathlib import Path

    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    from portal import app_state, errors, inputs, security
    from portal.accounts import access
    from portal.accounts.roles import Role
    from portal.config import ensure_secret_key, load_config
    from portal.db import Database
    from portal.features import NavItem
    from portal.home import shell
    from portal.i18n import setup as i18n
    from portal.paths import Paths

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
    app_state.init_app(app, database, Paths.of(app.config))
    errors.init_app(app)
    access.init_app(app)
    security.init_app(app)
    inputs.init_app(app)
    i18n.init_app(app, preferred=lambda: getattr(access.current_account(), "language", None))

    nav: list[NavItem] = []
    for feature in all_features():
        app.register_blueprint(feature.blueprint)
        nav.extend(feature.nav)
    access.check_every_route_has_a_rule(app)
    shell.init_app(app, nav)

    @app.context_processor
    def _layout() -> dict[str, Any]:
        return {"current": access.current_account(), "Role": Role}

    return app
