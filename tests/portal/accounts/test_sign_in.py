"""Signing in and out: sessions, remember cookies, rate limits, CSRF and `next`."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.accounts.roles import Role
from tests.portal.helpers import PASSWORD, Person, csrf_from, login, page_csrf, post_form, text


def test_an_agent_signs_in_and_lands_on_the_page_they_asked_for(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    asked = client.get("/policies/refunds/")
    assert asked.status_code == 302
    assert asked.headers["Location"].startswith("/portal/login?next=")

    response = login(client, people[Role.AGENT].email, next="/policies/refunds/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/policies/refunds/"
    assert "Customers have 30 days" in text(client.get("/policies/refunds/"))


def test_a_wrong_password_is_refused_with_the_form_again(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    response = login(client, people[Role.AGENT].email, "wrong password!!")

    assert response.status_code == 401
    assert "do not match an account" in text(response)
    assert client.get("/portal/").status_code == 302  # still not signed in


def test_an_unknown_email_gets_the_same_answer(client: FlaskClient, people: Any) -> None:
    response = login(client, "nobody@example.com", "whatever password")
    assert response.status_code == 401
    assert "do not match an account" in text(response)


def test_signing_in_starts_a_new_session(client: FlaskClient, people: dict[Role, Person]) -> None:
    before = page_csrf(client, "/portal/login")
    cookie_before = client.get_cookie("deskbook_session")
    login(client, people[Role.AGENT].email)

    cookie_after = client.get_cookie("deskbook_session")
    assert cookie_before is not None and cookie_after is not None
    assert cookie_before.value != cookie_after.value
    after = page_csrf(client, "/portal/tokens/")
    assert before != after  # the anonymous CSRF secret did not survive into the new session


def test_session_cookie_flags(client: FlaskClient, people: dict[Role, Person]) -> None:
    response = login(client, people[Role.AGENT].email, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session = next(c for c in cookies if c.startswith("deskbook_session="))
    remember = next(c for c in cookies if c.startswith("deskbook_remember="))
    for cookie in (session, remember):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # plain http in tests; HTTPS=true turns it on


def test_cookies_are_secure_when_served_over_https(settings: dict[str, Any], people: Any) -> None:
    from portal import create_app

    app = create_app({**settings, "HTTPS": True})
    client = app.test_client()
    response = login(client, people[Role.AGENT].email, remember=True)
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))
    assert "max-age" in client.get("/portal/login").headers["Strict-Transport-Security"]


def test_signing_out_ends_the_session_and_replayed_cookies_are_refused(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email, remember=True)
    session_cookie = client.get_cookie("deskbook_session")
    remember_cookie = client.get_cookie("deskbook_remember")
    assert session_cookie is not None and remember_cookie is not None
    assert client.get("/portal/").status_code == 200

    signed_out = post_form(client, "/portal/", "/portal/logout")
    assert signed_out.status_code == 302
    assert client.get("/portal/").status_code == 302
    assert any(
        c.startswith("deskbook_remember=;") for c in signed_out.headers.getlist("Set-Cookie")
    )

    # An attacker who copied both cookies before the logout replays them:
    thief = app.test_client()
    thief.set_cookie("deskbook_session", session_cookie.value)
    assert thief.get("/portal/").status_code == 302
    thief = app.test_client()
    thief.set_cookie("deskbook_remember", remember_cookie.value)
    assert thief.get("/portal/").status_code == 302
    assert thief.get("/api/me").status_code == 401


def test_the_remember_cookie_signs_in_a_new_browser_session(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email, remember=True)
    remember_cookie = client.get_cookie("deskbook_remember")
    assert remember_cookie is not None
    later = app.test_client()
    later.set_cookie("deskbook_remember", remember_cookie.value)
    assert later.get("/portal/").status_code == 200


def test_logout_needs_a_post_with_csrf(client: FlaskClient, people: dict[Role, Person]) -> None:
    login(client, people[Role.AGENT].email)
    assert client.get("/portal/logout").status_code in (404, 405)  # a link cannot sign you out
    assert client.post("/portal/logout").status_code == 400
    assert client.get("/portal/").status_code == 200  # still signed in


def test_failed_logins_are_limited_per_account(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    from portal import create_app

    app = create_app({**settings, "LOGIN_MAX_FAILURES_PER_ACCOUNT": 3})
    client = app.test_client()
    email = people[Role.AGENT].email
    for _ in range(3):
        assert login(client, email, "wrong password!!").status_code == 401

    limited = login(client, email)  # even the right password is not checked now

    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    assert "Too many attempts" in text(limited)
    # Another account from the same address is not affected by this account's limit.
    assert login(client, people[Role.LEAD].email).status_code == 302


def test_failed_logins_are_limited_per_address(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    from portal import create_app

    app = create_app({**settings, "LOGIN_MAX_FAILURES_PER_ADDRESS": 4})
    client = app.test_client()
    for n in range(4):
        assert login(client, f"guess{n}@example.com", "wrong password!!").status_code == 401
    assert login(client, people[Role.AGENT].email).status_code == 429
    other_address = app.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert login(other_address, people[Role.AGENT].email).status_code == 302


def test_a_deactivated_person_cannot_sign_in(
    client: FlaskClient, people: dict[Role, Person], db: Any
) -> None:
    from portal.accounts import users

    users.deactivate_user(db, users.require_user(db, people[Role.AGENT].email))
    response = login(client, people[Role.AGENT].email)
    assert response.status_code == 403
    assert "deactivated" in text(response)


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "\\\\evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "http:evil.example",
        "/\t/evil.example",
        "",
    ],
)
def test_next_only_leads_to_local_pages(
    client: FlaskClient, people: dict[Role, Person], target: str
) -> None:
    response = login(client, people[Role.AGENT].email, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/portal/"


def test_a_local_next_with_a_query_is_kept(client: FlaskClient, people: dict[Role, Person]) -> None:
    response = login(client, people[Role.AGENT].email, next="/faq/orders/?x=1")
    assert response.headers["Location"] == "/faq/orders/?x=1"


def test_a_form_without_csrf_token_is_refused(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    response = client.post(
        "/portal/login", data={"email": people[Role.AGENT].email, "password": "x" * 20}
    )
    assert response.status_code == 400
    assert "security token is missing: reload the page" in text(response)


def test_someone_elses_csrf_token_is_refused(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    attacker = app.test_client()
    login(attacker, people[Role.LEAD].email)
    foreign = page_csrf(attacker, "/portal/tokens/")

    response = client.post("/portal/tokens/", data={"csrf_token": foreign, "name": "sneaky"})

    assert response.status_code == 400
    assert "sneaky" not in text(client.get("/portal/tokens/"))


def test_a_json_post_needs_the_csrf_header(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    token = csrf_from(text(client.get("/portal/tokens/")))
    refused = client.post("/portal/tokens/", json={"name": "x"})
    assert refused.status_code == 400
    accepted = client.post(
        "/portal/tokens/", data={"name": "from js"}, headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 201


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    app: Flask, client: FlaskClient, people: dict[Role, Person]
) -> None:
    email = people[Role.AGENT].email
    login(client, email)
    other_device = app.test_client()
    login(other_device, email)

    changed = post_form(
        client,
        "/portal/account/password",
        "/portal/account/password",
        current_password=people[Role.AGENT].password,
        new_password="a brand new passphrase",
        confirm_password="a brand new passphrase",
    )

    assert changed.status_code == 200 and "has been changed" in text(changed)
    assert client.get("/portal/").status_code == 200
    assert other_device.get("/portal/").status_code == 302
    fresh = app.test_client()
    assert login(fresh, email, "a brand new passphrase").status_code == 302


def _from(app: Any, address: str) -> FlaskClient:
    client: FlaskClient = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_guessing_from_elsewhere_never_refuses_the_owner_at_an_address_they_used(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    """Five wrong passwords from anyone once locked the account for 15 minutes, the right
    password included."""
    from portal import create_app

    app = create_app({**settings, "LOGIN_MAX_FAILURES_PER_ACCOUNT": 3})
    email = people[Role.AGENT].email
    assert login(_from(app, "10.0.0.5"), email).status_code == 302  # the owner's laptop
    attacker = _from(app, "203.0.113.9")
    for _ in range(3):
        assert login(attacker, email, "wrong password!!").status_code == 401
    assert login(attacker, email).status_code == 429  # slowed: not even checked now
    for n in range(10, 13):  # more guesses, from more addresses
        login(_from(app, f"203.0.113.{n}"), email, "wrong password!!")
    assert login(_from(app, "198.51.100.1"), email).status_code == 429  # a new place: waits
    assert login(_from(app, "10.0.0.5"), email).status_code == 302  # the owner: straight in
    assert login(attacker, email).status_code == 429  # and the owner's sign-in freed nobody


def test_failures_from_a_shared_address_never_refuse_those_who_signed_in_from_it(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    """Thirty failures from one address once locked out everybody behind it (an office)."""
    from portal import create_app

    app = create_app({**settings, "LOGIN_MAX_FAILURES_PER_ADDRESS": 4})
    office = "192.0.2.1"
    assert login(_from(app, office), people[Role.AGENT].email).status_code == 302
    for n in range(4):
        login(_from(app, office), f"guess{n}@example.com", "wrong password!!")
    assert login(_from(app, office), people[Role.AGENT].email).status_code == 302
    assert login(_from(app, office), people[Role.LEAD].email).status_code == 429
    assert login(_from(app, "192.0.2.99"), people[Role.LEAD].email).status_code == 302


def test_the_wait_doubles_with_each_failure_and_then_the_password_is_checked_again(
    db: Any, people: dict[Role, Person]
) -> None:
    from portal.accounts import sign_in
    from portal.errors import InvalidInput, RateLimited

    limits = sign_in.LoginLimits(per_account=2)
    email, start = people[Role.AGENT].email, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

    def attempt(seconds: float, password: str = "wrong password!!") -> str:
        moment = start + dt.timedelta(seconds=seconds)
        try:
            sign_in.authenticate(db, email, password, "203.0.113.9", limits=limits, now=moment)
        except RateLimited as waiting:
            return f"wait {waiting.retry_after}"
        except InvalidInput:
            return "wrong"
        return "in"

    assert [attempt(0), attempt(0)] == ["wrong", "wrong"]
    assert attempt(0.5, PASSWORD) == "wait 1"  # 1 s after the second failure
    assert attempt(1) == "wrong"  # checked again; a third failure…
    assert attempt(2.5, PASSWORD) == "wait 1"  # …waits 2 s, until 3 s
    assert attempt(3) == "wrong"  # a fourth: 4 s
    assert attempt(6.2, PASSWORD) == "wait 1"
    assert attempt(7, PASSWORD) == "in"
