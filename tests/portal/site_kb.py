"""A small knowledge base in git with its own site, built by the app's own background rebuilder
(real mkdocs builds): for the tests of site builds, their faults and the site status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import app_state
from portal.accounts.roles import Role
from portal.site.rebuild import SiteRebuilder
from tests.portal.capture_kb import make_kb, send, submission_id
from tests.portal.helpers import Person, login


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return make_kb(tmp_path / "kb")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return tmp_path / "kb" / "site"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, site: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "index"),
            "SITE_DIR": str(site)}


@pytest.fixture
def rebuilder(app: Flask) -> SiteRebuilder:
    """The app's own background rebuilder, after a first good build of the seed commit."""
    store = app_state.docstore(app)
    assert isinstance(store.rebuilder, SiteRebuilder)
    assert store.rebuilder.build_now().state == "ok"
    return store.rebuilder


@pytest.fixture
def clients(app: Flask, people: dict[Role, Person]) -> tuple[FlaskClient, FlaskClient]:
    agent, lead = app.test_client(), app.test_client()
    login(agent, people[Role.AGENT].email)
    login(lead, people[Role.LEAD].email)
    return agent, lead


def send_faq_entry(agent: FlaskClient, question: str, answer: str) -> int:
    """An agent's new question for the orders FAQ; its submission id."""
    return submission_id(send(
        agent, "/portal/capture/faq?page=faq/orders.md", page="faq/orders.md",
        question=question, answer=answer,
    ))
