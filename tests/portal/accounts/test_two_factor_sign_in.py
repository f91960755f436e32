"""Two-factor sign-in as people meet it: the code after the password, recovery codes that work
once, the roles admins make use it, and turning it off for someone who lost their phone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pyotp
import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from portal.accounts import auth_views, two_factor, users
from portal.accounts.roles import Role
from portal.audit import AuditAction
from portal.cli import main
from portal.models import User
from portal.models.audit import AuditEvent
from tests.portal.helpers import Person, login, page_csrf, post_form, signed_in, text

CODE_PAGE = "/portal/login/code"
ACCOUNT_PAGE = "/portal/account/two-factor"


def enrolled(db: Session, email: str) -> tuple[User, pyotp.TOTP, list[str]]:
    """`email` with two-factor sign-in on: the account, its app's codes, its recovery codes."""
    user = users.require_user(db, email)
    enrolment = two_factor.begin_enrolment(db, user)
    app = pyotp.TOTP(enrolment.secret)
    codes = two_factor.confirm_enrolment(db, user, app.now())
    return user, app, codes


def next_code(app: pyotp.TOTP) -> str:
    """The code of the next 30-second step (the current one was used to confirm)."""
    return app.at(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30))


def send_code(browser: FlaskClient, code: str) -> TestResponse:
    return browser.post(CODE_PAGE, data={"csrf_token": page_csrf(browser, CODE_PAGE),
                                         "code": code})


def actions(db: Session, email: str) -> list[str]:
    db.rollback()
    return list(db.scalars(select(AuditEvent.action).where(AuditEvent.target == email)
                           .order_by(AuditEvent.id)))


def test_the_password_alone_opens_nothing_and_the_code_signs_in(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    _, authenticator, _ = enrolled(db, "agent@example.com")
    browser = app.test_client()
    first = login(browser, "agent@example.com", next="/portal/tokens/")
    assert first.status_code == 303 and first.location == CODE_PAGE
    assert browser.get("/portal/tokens/").status_code == 302  # not signed in yet

    wrong = send_code(browser, "000000")
    assert wrong.status_code == 401 and "that code is not right" in text(wrong)
    code = next_code(authenticator)
    done = send_code(browser, code)
    assert done.status_code == 303 and done.location == "/portal/tokens/"
    assert browser.get("/portal/tokens/").status_code == 200

    again = app.test_client()
    login(again, "agent@example.com")
    replayed = send_code(again, code)  # the same code: a newer step may have begun meanwhile
    assert replayed.status_code == 401  # a code works once
    logged = actions(db, "agent@example.com")
    assert logged.count("two_factor_failed") == 2 and logged.count("sign_in") == 1


def test_a_recovery_code_works_once_and_a_stale_step_starts_over(
    app: Flask, db: Session, people: dict[Role, Person], monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, codes = enrolled(db, "lead@example.com")
    browser = app.test_client()
    login(browser, "lead@example.com")
    assert send_code(browser, codes[0].upper()).status_code == 303
    assert browser.get("/portal/review/").status_code == 200

    other = app.test_client()
    login(other, "lead@example.com")
    assert send_code(other, codes[0]).status_code == 401
    assert "recovery_code_used" in actions(db, "lead@example.com")

    monkeypatch.setattr(auth_views, "SECOND_STEP_SECONDS", -1)
    late = app.test_client()
    login(late, "lead@example.com")
    gone = late.get(CODE_PAGE)
    assert gone.status_code == 303 and "expired=1" in gone.location
    assert "took too long" in text(late.get(gone.location))


def test_admins_choose_roles_that_must_enrol_and_people_enrol_through_the_page(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    admin = signed_in(app, people[Role.ADMIN])
    policy = "/portal/admin/two-factor"
    assert post_form(admin, policy, policy, role="lead").status_code == 200
    assert '"to": ["lead"]' in db.scalar(select(AuditEvent.details).where(
        AuditEvent.action == AuditAction.SETTINGS_CHANGED.value))
    lead = signed_in(app, people[Role.LEAD])
    forced = lead.get("/portal/editor/")
    assert forced.status_code == 302 and ACCOUNT_PAGE in forced.location
    assert "Your role must use two-factor sign-in" in text(lead.get(forced.location))

    post_form(lead, ACCOUNT_PAGE, ACCOUNT_PAGE, do="start")
    qr = lead.get(f"{ACCOUNT_PAGE}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"xmlns=\"http://www.w3.org/2000/svg\"" in qr.data
    db.rollback()
    pending = two_factor.pending_enrolment(db, users.require_user(db, "lead@example.com"))
    assert pending is not None and pending.secret in text(lead.get(ACCOUNT_PAGE))
    bad = post_form(lead, ACCOUNT_PAGE, ACCOUNT_PAGE, do="confirm", code="123")
    assert bad.status_code == 400
    done = post_form(lead, ACCOUNT_PAGE, ACCOUNT_PAGE, do="confirm",
                     code=pyotp.TOTP(pending.secret).now())
    page = text(done)
    assert done.status_code == 200 and "Save these recovery codes now" in page
    assert len(re.findall(r"<li><code>", page)) == two_factor.RECOVERY_CODES
    assert lead.get("/portal/editor/").status_code == 200
    refused = post_form(lead, ACCOUNT_PAGE, ACCOUNT_PAGE, do="off")
    assert refused.status_code == 400 and "must use two-factor" in text(refused)
    assert post_form(lead, ACCOUNT_PAGE, ACCOUNT_PAGE, do="dance").status_code == 400

    agent = signed_in(app, people[Role.AGENT])  # not a ticked role: free to go anywhere
    assert agent.get("/portal/capture/mine").status_code == 200


def test_an_admin_or_the_command_line_turns_it_off_for_someone_who_lost_their_phone(
    app: Flask, db: Session, people: dict[Role, Person], settings: dict[str, Any],
) -> None:
    agent, _, _ = enrolled(db, "agent@example.com")
    admin = signed_in(app, people[Role.ADMIN])
    listing = text(admin.get("/portal/admin/users"))
    assert f"/portal/admin/users/{agent.id}/two-factor/off" in listing
    off = post_form(admin, "/portal/admin/users", f"/portal/admin/users/{agent.id}/two-factor/off")
    assert off.status_code == 303
    assert login(app.test_client(), "agent@example.com").status_code == 302  # password only
    db.rollback()
    [by] = db.scalars(select(AuditEvent.actor).where(
        AuditEvent.action == AuditAction.TWO_FACTOR_DISABLED.value))
    assert by == "admin@example.com"

    enrolled(db, "newhire@example.com")
    env = {f"DESKBOOK_{key}": str(value) for key, value in settings.items()
           if key in ("DATABASE_URL", "INSTANCE_PATH")}
    done = CliRunner(env=env).invoke(main, ["users", "two-factor-off", "newhire@example.com"])
    assert done.exit_code == 0 and "Two-factor sign-in is off" in done.output
    db.rollback()
    assert not two_factor.is_enrolled(db, users.require_user(db, "newhire@example.com"))
    unknown = CliRunner(env=env).invoke(main, ["users", "two-factor-off", "x@example.com"])
    assert unknown.exit_code != 0 and "Traceback" not in unknown.output
