"""Single sign-on in the portal against the real OpenID Connect provider process: the button
on the sign-in page, the account it makes or ties, the role from the groups claim, and every
refusal (a forged state, a wrong nonce, an expired token, a deactivated account) leaving the
browser signed out with a clear page; passwords off except for the break-glass admin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal import app_state, create_app
from portal.accounts import oidc, two_factor, users
from portal.accounts.roles import Role
from portal.audit import AuditAction
from portal.models.audit import AuditEvent
from tests.portal.helpers import Person, login, text
from tests.servers.fixtures import (
    CLIENT_ID,
    CLIENT_SECRET,
    PROVIDER_PASSWORD,
    Provider,
    start_provider,
)

SIGNED_IN_ONLY = "/portal/tokens/"


@pytest.fixture
def provider(tmp_path: Path) -> Iterator[Provider]:
    running = start_provider(tmp_path / "idp", ["http://localhost/portal/sso/callback"])
    oidc.forget_providers()
    yield running
    running.running.stop()


@pytest.fixture
def settings(settings: dict[str, Any], provider: Provider) -> dict[str, Any]:
    return {**settings, "OIDC_DISCOVERY_URL": provider.discovery_url,
            "OIDC_CLIENT_ID": CLIENT_ID, "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_SCOPES": "openid email profile groups", "OIDC_ROLE_CLAIM": "groups",
            "OIDC_ROLE_VALUES": {"support-leads": "lead", "support": "agent",
                                 "support-admins": "admin"}}


def through_provider(browser: FlaskClient, username: str, next: str = SIGNED_IN_ONLY) -> str:
    """Start single sign-on, sign in at the provider; the callback path with its answer."""
    start = browser.get(f"/portal/sso/start?next={next}")
    assert start.status_code == 303
    with requests.Session() as at_provider:
        at_provider.trust_env = False
        answer = at_provider.post(start.location, allow_redirects=False, timeout=10,
                                  data={"username": username, "password": PROVIDER_PASSWORD})
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/portal/sso/callback"
    return f"{callback.path}?{callback.query}"


def refused(browser: FlaskClient, path: str, why: str) -> None:
    answer = browser.get(path)
    assert answer.status_code == 403 and why in text(answer)
    assert browser.get(SIGNED_IN_ONLY).status_code == 302  # still signed out


def test_the_sign_in_page_offers_it_and_it_makes_the_account_with_the_claimed_role(
    app: Flask, db: Session,
) -> None:
    browser = app.test_client()
    assert "Sign in with single sign-on" in text(browser.get("/portal/login"))
    done = browser.get(through_provider(browser, "ana"))
    assert done.status_code == 303 and done.location == SIGNED_IN_ONLY
    assert browser.get(SIGNED_IN_ONLY).status_code == 200
    assert users.require_user(db, "ana@example.com").role is Role.LEAD
    actions = db.scalars(select(AuditEvent.action).where(
        AuditEvent.target == "ana@example.com").order_by(AuditEvent.id)).all()
    assert actions == ["account_created", "sso_sign_in", "sign_in"]


def test_a_forged_state_a_wrong_nonce_and_an_expired_token_leave_the_browser_signed_out(
    app: Flask, provider: Provider,
) -> None:
    forged = app.test_client()
    refused(forged, through_provider(forged, "budi").replace("state=", "state=x"),
            "not for the sign-in this browser started")
    provider.misbehave(nonce="wrong")
    nonce = app.test_client()
    refused(nonce, through_provider(nonce, "budi"), "wrong nonce")
    provider.misbehave(id_token_lifetime=-600)
    late = app.test_client()
    refused(late, through_provider(late, "budi"), "expired")


def test_a_deactivated_account_and_someone_without_a_mapped_group_stay_out(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    admin = users.require_user(db, "admin@example.com")
    budi = users.add_user(db, "budi@example.com", Role.AGENT, "a long password 123").user
    users.deactivate_user(db, budi, actor=admin)
    browser = app.test_client()
    refused(browser, through_provider(browser, "budi"), "deactivated")
    outsider = app.test_client()
    refused(outsider, through_provider(outsider, "nobody"), "no Deskbook role")
    db.rollback()
    assert db.scalars(select(AuditEvent.target).where(
        AuditEvent.action == AuditAction.SSO_REFUSED.value).order_by(AuditEvent.id)).all() == [
        "budi@example.com", "nobody@example.com"]


def test_two_factor_for_a_role_is_left_to_the_provider_for_single_sign_on_accounts(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    two_factor.require_for_roles(db, None, [Role.LEAD])
    browser = app.test_client()
    browser.get(through_provider(browser, "ana"))
    assert browser.get("/portal/editor/").status_code == 200  # not sent to enrol


def test_with_passwords_off_only_the_break_glass_admin_signs_in_with_one(
    settings: dict[str, Any], people: dict[Role, Person],
) -> None:
    app = create_app({**settings, "LOCAL_PASSWORDS": False,
                      "BREAK_GLASS_ADMIN": "admin@example.com"})
    try:
        page = text(app.test_client().get("/portal/login"))
        assert "Passwords are only for the break-glass admin" in page
        agent = login(app.test_client(), "agent@example.com")
        assert agent.status_code == 403 and "sign in with single sign-on" in text(agent)
        assert login(app.test_client(), "admin@example.com").status_code == 302
    finally:
        app_state.database(app).dispose()


def test_a_role_mapping_that_names_no_role_stops_the_app_at_start(
    settings: dict[str, Any],
) -> None:
    with pytest.raises(ValueError, match="chief"):
        create_app({**settings, "OIDC_ROLE_VALUES": {"support": "chief"}})
