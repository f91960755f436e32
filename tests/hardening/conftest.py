"""The hardening tests use the portal's fixtures (built site, database, app, people, and the
capture tests' docs repository, store and signed-in agent and lead)."""

from tests.portal.conftest import (  # noqa: F401
    agent,
    app,
    built_site,
    client,
    clients,
    database_template,
    database_url,
    db,
    kb,
    lead,
    people,
    settings,
    store,
)
