"""Personal API tokens: shown once, open the API (not the pages), revocable."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from portal.accounts import tokens, users
from portal.accounts.roles import Role
from tests.portal.helpers import PASSWORD, Person, login, post_form, text


def _create(client: FlaskClient, name: str) -> str:
    response = post_form(client, "/portal/tokens/", "/portal/tokens/", name=name)
    assert response.status_code == 201
    found = re.search(r'class="secret">(dbk_[^<]+)<', text(response))
    assert found
    return found.group(1)


def test_an_agent_creates_a_token_and_a_script_uses_it(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    secret = _create(client, "Helpdesk sidebar")

    listing = text(client.get("/portal/tokens/"))
    assert "Helpdesk sidebar" in listing and secret not in listing  # shown once

    script = app.test_client()
    me = script.get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    assert me.get_json() == {"email": people[Role.AGENT].email, "role": "agent"}
    assert "never" not in text(client.get("/portal/tokens/"))  # last use recorded


def test_a_token_does_not_open_pages(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    secret = _create(client, "cli")
    script = app.test_client()
    page = script.get("/policies/refunds/", headers={"Authorization": f"Bearer {secret}"})
    assert page.status_code == 302


def test_a_revoked_token_is_refused(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    login(client, people[Role.AGENT].email)
    secret = _create(client, "old laptop")
    token = tokens.list_tokens(db, users.require_user(db, people[Role.AGENT].email))[0]

    revoked = post_form(client, "/portal/tokens/", f"/portal/tokens/{token.id}/revoke")

    assert revoked.status_code == 303
    assert "revoked" in text(client.get("/portal/tokens/"))
    response = app.test_client().get("/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    assert response.get_json()["status"] == 401


def test_nobody_revokes_someone_elses_token(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    login(client, people[Role.AGENT].email)
    secret = _create(client, "mine")
    token = tokens.list_tokens(db, users.require_user(db, people[Role.AGENT].email))[0]
    other = app.test_client()
    login(other, people[Role.LEAD].email)

    response = post_form(other, "/portal/tokens/", f"/portal/tokens/{token.id}/revoke")

    assert response.status_code == 404
    assert app.test_client().get(
        "/api/me", headers={"Authorization": f"Bearer {secret}"}
    ).status_code == 200


def _api_status(app: Flask, secret: str) -> int:
    return app.test_client().get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code


def test_a_deactivated_persons_tokens_stop_working_and_stay_revoked_when_reactivated(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    """Reactivating the account once brought the old tokens back to life."""
    login(client, people[Role.AGENT].email)
    secret = _create(client, "sidebar")
    agent = users.require_user(db, people[Role.AGENT].email)
    users.deactivate_user(db, agent)
    assert _api_status(app, secret) == 401
    users.activate_user(db, agent)
    assert _api_status(app, secret) == 401
    assert all(token.revoked for token in tokens.list_tokens(db, agent))


def test_a_password_change_or_reset_revokes_the_persons_tokens(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    """Whoever learnt the old password may have made a token with it: it once kept working."""
    login(client, people[Role.AGENT].email)
    changed = _create(client, "made before the change")
    post_form(client, "/portal/account/password", "/portal/account/password",
              current_password=PASSWORD, new_password="a brand new password",
              confirm_password="a brand new password")
    assert _api_status(app, changed) == 401
    kept = _create(client, "made after the change")
    assert _api_status(app, kept) == 200

    admin = app.test_client()
    login(admin, people[Role.ADMIN].email)
    agent = users.require_user(db, people[Role.AGENT].email)
    reset = post_form(admin, "/portal/admin/users", f"/portal/admin/users/{agent.id}/password")
    assert reset.status_code == 200
    assert _api_status(app, kept) == 401


def test_garbage_tokens_are_refused(app: Flask, people: Any) -> None:
    client = app.test_client()
    for header in ("Bearer nope", "Bearer dbk_" + "x" * 43, "Basic abc", "Bearer " + "a" * 5000):
        assert client.get("/api/me", headers={"Authorization": header}).status_code == 401
