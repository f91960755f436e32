"""An app with the drafted password-reset and notification pages registered
and their tables created, until they join the portal's own feature list and schema."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

import portal
from portal import create_app
from portal.accounts import reset_views
from portal.models.draft_base import create_tables
from portal.notifications import views as notification_views


def drafted_app(settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Flask:
    drafted = [reset_views.feature, notification_views.feature]
    every = [feature for feature in portal.all_features() if feature not in drafted]
    monkeypatch.setattr(portal, "all_features", lambda: [*every[:-1], *drafted, every[-1]])
    application = create_app(settings)
    create_tables(application.extensions["deskbook.db"].engine)
    return application

