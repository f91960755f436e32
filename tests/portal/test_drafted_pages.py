"""The drafted pages as people use them: notifications and their settings, failing mail,
password reset by mail and single sign-on (against the real provider process)."""

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

from portal.accounts import oidc, sign_in, users
from portal.accounts.roles import Role
from portal.models.notifications import OutgoingMail
from portal.notifications import notify
from portal.notifications.kinds import Kind
from portal.notifications.preferences import preferences
from tests.portal.drafts_app import drafted_app
from tests.portal.helpers import Person, post_form, signed_in, text
from tests.servers.fixtures import CLIENT_ID, CLIENT_SECRET, PROVIDER_PASSWORD, start_provider

BASE_URL = "https://support.example.com/kb"


@pytest.fixture
def settings(settings: dict[str, Any]) -> dict[str, Any]:
    return {**settings, "BASE_URL": BASE_URL, "SMTP_URL": "smtp://127.0.0.1:9"}


@pytest.fixture
def app(settings: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    application = drafted_app(settings, monkeypatch)
    yield application
    application.extensions["deskbook.db"].dispose()


def test_the_notifications_page_lists_opens_and_marks_read(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    agent = users.require_user(db, people[Role.AGENT].email)
    notify.notify(db, agent, Kind.REMINDER, "reminder",
                  {"lead": "lead@example.com", "message": "Read <b>refunds</b>"},
                  base_url=None, path="/portal/onboarding/")
    browser = signed_in(app, people[Role.AGENT])
    page = text(browser.get("/portal/notifications"))
    assert "A reminder from lead@example.com" in page and "Read &lt;b&gt;refunds" in page
    [row] = notify.latest(db, agent)
    opened = post_form(browser, "/portal/notifications",
                       f"/portal/notifications/{row.id}/open")
    assert opened.status_code == 303 and opened.location == "/portal/onboarding/"
    db.rollback()  # a new read transaction: what the request wrote
    assert notify.unread_count(db, agent) == 0
    # someone else's notification is not found
    other = signed_in(app, people[Role.LEAD])
    assert post_form(other, "/portal/notifications",
                     f"/portal/notifications/{row.id}/open").status_code == 404


def test_notification_settings_are_saved_and_nonsense_is_refused(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    browser = signed_in(app, people[Role.AGENT])
    page = "/portal/account/notifications"
    assert post_form(browser, page, page, reminder="portal").status_code == 200
    agent = users.require_user(db, people[Role.AGENT].email)
    assert preferences(db, agent)[Kind.REMINDER].value == "portal"
    refused = post_form(browser, page, page, reminder="pigeon")
    assert refused.status_code == 400 and "not a way to deliver" in text(refused)


def test_admins_see_failing_mail_and_retry_it(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    lead = signed_in(app, people[Role.LEAD])
    assert lead.get("/portal/admin/mail").status_code == 403
    admin = signed_in(app, people[Role.ADMIN])
    assert "No mail is failing" in text(admin.get("/portal/admin/mail"))


def test_a_reset_link_is_mailed_and_works_once(
    app: Flask, db: Any, people: dict[Role, Person],
) -> None:
    browser = app.test_client()
    for email in ("agent@example.com", "nobody@example.com"):
        answer = post_form(browser, "/portal/password/forgot", "/portal/password/forgot",
                           email=email)
        assert answer.status_code == 200 and "on its way" in text(answer)
    db.rollback()
    [mail] = db.scalars(select(OutgoingMail)).all()
    assert mail.recipient == "agent@example.com" and mail.sensitive
    link = next(word for word in mail.text_body.split() if word.startswith(BASE_URL))
    path = link.removeprefix(BASE_URL)
    new = "a brand new passphrase"
    done = post_form(browser, path, path, new_password=new, confirm_password=new)
    assert done.status_code == 303
    db.rollback()
    assert sign_in.authenticate(db, "agent@example.com", new, "127.0.0.1")
    assert browser.get(path).status_code == 400


@pytest.fixture
def provider(tmp_path: Path, settings: dict[str, Any]) -> Any:
    running = start_provider(tmp_path / "idp", ["http://localhost/portal/sso/callback"])
    oidc.forget_providers()
    yield running
    running.running.stop()


def sso_app(settings: dict[str, Any], provider: Any, monkeypatch: pytest.MonkeyPatch,
            **extra: Any) -> Flask:
    return drafted_app(
        {**settings, "OIDC_DISCOVERY_URL": provider.discovery_url, "OIDC_CLIENT_ID": CLIENT_ID,
         "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_SCOPES": "openid email profile groups",
         **extra}, monkeypatch)


def through_provider(browser: FlaskClient, username: str) -> str:
    """Start single sign-on, sign in at the provider; the callback path with its answer."""
    start = browser.get("/portal/sso/start?next=/portal/onboarding/")
    assert start.status_code == 303
    with requests.Session() as at_provider:
        at_provider.trust_env = False
        answer = at_provider.post(start.location, allow_redirects=False, timeout=10,
                                  data={"username": username, "password": PROVIDER_PASSWORD})
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/portal/sso/callback"
    return f"{callback.path}?{callback.query}"


def test_single_sign_on_signs_in_makes_the_account_and_refuses_a_forged_state(
    settings: dict[str, Any], provider: Any, monkeypatch: pytest.MonkeyPatch, db: Any,
) -> None:
    sso = sso_app(settings, provider, monkeypatch, OIDC_ROLE_CLAIM="groups",
                  OIDC_ROLE_VALUES={"support-leads": "lead", "support": "agent"})
    browser = sso.test_client()
    done = browser.get(through_provider(browser, "ana"))
    assert done.status_code == 303 and done.location == "/portal/onboarding/"
    assert browser.get("/portal/tokens/").status_code == 200
    with sso.extensions["deskbook.db"].session() as session:
        assert users.require_user(session, "ana@example.com").role is Role.LEAD

    other = sso.test_client()
    path = through_provider(other, "budi")
    forged = path.replace("state=", "state=x")
    refused = other.get(forged)
    assert refused.status_code == 403 and "not for the sign-in" in text(refused)
    assert other.get("/portal/tokens/").status_code == 302  # still signed out
    sso.extensions["deskbook.db"].dispose()
