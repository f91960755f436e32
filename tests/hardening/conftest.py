"""The hardening tests use the portal's fixtures (built site, database, app, people)."""

from tests.portal.conftest import (  # noqa: F401
    app,
    built_site,
    client,
    database_template,
    database_url,
    db,
    people,
    settings,
)
