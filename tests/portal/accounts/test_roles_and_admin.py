"""Roles on every route, the admin pages, and the rule that only an admin grants admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient

from portal import create_app
from portal.accounts import users
from portal.accounts.roles import Role
from portal.errors import Conflict, NotAllowed
from tests.portal.helpers import Person, login, page_csrf, post_form, text

# (method, url, minimum role); anonymous people are sent to sign in (pages) or get 401 (API).
ROUTES = [
    ("GET", "/", Role.NEW_HIRE),
    ("GET", "/policies/refunds/", Role.NEW_HIRE),
    ("GET", "/portal/", Role.NEW_HIRE),
    ("GET", "/portal/tokens/", Role.NEW_HIRE),
    ("GET", "/portal/account/password", Role.NEW_HIRE),
    ("GET", "/api/me", Role.NEW_HIRE),
    ("GET", "/portal/admin/users", Role.ADMIN),
]


@pytest.mark.parametrize("method,url,minimum", ROUTES)
@pytest.mark.parametrize("who", [None, *Role])
def test_each_route_answers_each_role(
    app: Flask, people: dict[Role, Person], method: str, url: str, minimum: Role, who: Role | None
) -> None:
    client = app.test_client()
    if who is not None:
        login(client, people[who].email)
    response = client.open(url, method=method)
    if who is None:
        expected = 401 if url.startswith("/api/") else 302
    else:
        expected = 200 if who.at_least(minimum) else 403
    assert response.status_code == expected, (who, url)


def test_public_pages_need_no_sign_in(client: FlaskClient) -> None:
    assert client.get("/portal/login").status_code == 200
    assert client.get("/portal/static/portal.css").status_code == 200
    assert client.get("/portal/health").get_json()["status"] == "ok"


def test_a_route_without_an_access_rule_stops_the_app_from_starting(
    settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import portal

    careless = Blueprint("careless", __name__)
    careless.add_url_rule("/portal/oops", "oops", lambda: "secret")
    from portal.features import Feature

    original = portal.all_features
    monkeypatch.setattr(portal, "all_features", lambda: [*original(), Feature(careless)])
    with pytest.raises(RuntimeError, match=r"careless\.oops"):
        create_app(settings)


def test_the_navigation_shows_what_the_role_may_use(
    app: Flask, people: dict[Role, Person]
) -> None:
    agent, admin = app.test_client(), app.test_client()
    login(agent, people[Role.AGENT].email)
    login(admin, people[Role.ADMIN].email)
    assert "People" not in text(agent.get("/portal/"))
    assert "People" in text(admin.get("/portal/"))


def test_a_lead_cannot_reach_the_admin_pages_or_grant_admin(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    login(client, people[Role.LEAD].email)
    lead = users.require_user(db, people[Role.LEAD].email)
    token = page_csrf(client, "/portal/tokens/")

    response = client.post(
        f"/portal/admin/users/{lead.id}/role", data={"csrf_token": token, "role": "admin"}
    )

    assert response.status_code == 403
    db.expire_all()
    assert users.require_user(db, people[Role.LEAD].email).role is Role.LEAD
    with pytest.raises(NotAllowed):
        users.set_role(db, lead, Role.ADMIN, actor=lead)
    agent = users.require_user(db, people[Role.AGENT].email)
    with pytest.raises(NotAllowed):
        users.set_role(db, agent, Role.ADMIN, actor=lead)


def test_an_admin_adds_a_person_who_signs_in_with_the_one_time_password(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.ADMIN].email)

    added = post_form(
        client, "/portal/admin/users", "/portal/admin/users", email="Rina@Example.com", role="agent"
    )

    assert added.status_code == 201
    page = text(added)
    assert "One-time password for rina@example.com" in page
    password = page.split('class="secret">')[1].split("<")[0]
    newcomer = app.test_client()
    assert login(newcomer, "rina@example.com", password).status_code == 302
    # The one-time password opened this sign-in and no other one.
    late = app.test_client()
    refused = login(late, "rina@example.com", password)
    assert refused.status_code == 401 and "has been used already" in text(refused)
    # This sign-in must choose a password before anything else.
    first = newcomer.get("/portal/")
    assert first.status_code == 302
    assert first.headers["Location"].endswith("/portal/account/password")
    chosen = post_form(newcomer, "/portal/account/password", "/portal/account/password",
                       new_password="rina's own password", confirm_password="rina's own password")
    assert chosen.status_code == 303
    assert newcomer.get("/portal/").status_code == 200
    assert password not in text(client.get("/portal/admin/users"))  # shown once
    again = app.test_client()
    assert login(again, "rina@example.com", "rina's own password").status_code == 302


def test_adding_an_existing_email_is_a_conflict(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.ADMIN].email)
    response = post_form(
        client, "/portal/admin/users", "/portal/admin/users",
        email=people[Role.AGENT].email, role="agent",
    )
    assert response.status_code == 409
    # Said on the form, beside the field, with what was typed kept.
    page = text(response)
    error = re.search(r'<p class="field-error" id="add-error" role="alert" data-form-error>([^<]*)', page)
    assert error and "already has an account" in error.group(1)
    assert f'value="{people[Role.AGENT].email}"' in page and 'aria-invalid="true"' in page


def test_an_admin_changes_a_role_and_deactivates_someone(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    agent_browser = app.test_client()
    login(agent_browser, people[Role.AGENT].email)
    agent = users.require_user(db, people[Role.AGENT].email)
    login(client, people[Role.ADMIN].email)

    promoted = post_form(
        client, "/portal/admin/users", f"/portal/admin/users/{agent.id}/role", role="lead"
    )
    assert promoted.status_code == 303
    assert agent_browser.get("/portal/").status_code == 200
    assert "Lead" in text(agent_browser.get("/portal/"))

    post_form(client, "/portal/admin/users", f"/portal/admin/users/{agent.id}/deactivate")

    assert agent_browser.get("/portal/").status_code == 302  # their session ended
    assert "deactivated" in text(client.get("/portal/admin/users"))
    assert login(app.test_client(), people[Role.AGENT].email).status_code == 403


def test_an_admin_gives_someone_a_new_one_time_password(
    app: Flask, client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    agent = users.require_user(db, people[Role.AGENT].email)
    login(client, people[Role.ADMIN].email)
    page = text(post_form(client, "/portal/admin/users", f"/portal/admin/users/{agent.id}/password"))
    password = page.split('class="secret">')[1].split("<")[0]
    assert login(app.test_client(), agent.email, people[Role.AGENT].password).status_code == 401
    assert login(app.test_client(), agent.email, password).status_code == 302


def test_the_last_admin_cannot_be_removed(db: Any, people: dict[Role, Person]) -> None:
    admin = users.require_user(db, people[Role.ADMIN].email)
    with pytest.raises(Conflict):
        users.set_role(db, admin, Role.LEAD)
    with pytest.raises(Conflict):
        users.deactivate_user(db, admin)


def test_an_admin_cannot_demote_themselves(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    admin = users.require_user(db, people[Role.ADMIN].email)
    login(client, people[Role.ADMIN].email)
    response = post_form(
        client, "/portal/admin/users", f"/portal/admin/users/{admin.id}/role", role="agent"
    )
    assert response.status_code == 403


def test_an_unknown_user_id_is_not_found(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.ADMIN].email)
    response = post_form(client, "/portal/admin/users", "/portal/admin/users/9999/deactivate")
    assert response.status_code == 404
