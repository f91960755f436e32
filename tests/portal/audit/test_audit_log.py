"""The audit log as admins and everyone else meet it: sign-ins, account, token and content
actions land in it with who, when, from where and the commit; admins browse, filter and export
it; nobody changes it; the command line prunes it past the retention period."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts import users
from portal.accounts.roles import Role
from portal.audit import AuditAction, record
from portal.cli import main
from portal.models import utcnow
from portal.models.audit import AuditEvent
from tests.portal.capture_kb import git, kb_settings, review_post, submit_faq
from tests.portal.helpers import Person, login, page_csrf, post_form, signed_in, speaking, text


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def entries(db: Session, action: AuditAction) -> list[AuditEvent]:
    db.rollback()  # a new read transaction: what the requests wrote
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action.value)
                           .order_by(AuditEvent.id)))


def rows_shown(admin: FlaskClient, query: str) -> str:
    """The log's table (without the filter form, whose list names every action)."""
    answer = admin.get(f"/portal/admin/audit/{query}")
    assert answer.status_code == 200
    return text(answer).split("<tbody>")[1].split("</tbody>")[0]


def exported(admin: FlaskClient, query: str = "") -> list[list[str]]:
    answer = admin.get(f"/portal/admin/audit/export.csv{query}")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(text(answer))))


def test_sign_ins_failures_and_sign_outs_are_logged_with_the_address(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    browser = app.test_client()
    assert login(browser, "agent@example.com", "not the password").status_code == 401
    assert login(browser, "agent@example.com").status_code == 302
    assert post_form(browser, "/portal/", "/portal/logout").status_code == 302

    [failed] = entries(db, AuditAction.SIGN_IN_FAILED)
    assert (failed.actor, failed.actor_id, failed.address) == (
        "agent@example.com", None, "127.0.0.1")
    assert "wrong email or password" in failed.details
    [signed] = [e for e in entries(db, AuditAction.SIGN_IN) if e.actor == "agent@example.com"]
    assert signed.actor_id is not None and '"password"' in signed.details
    assert [e.actor for e in entries(db, AuditAction.SIGN_OUT)] == ["agent@example.com"]


def test_a_throttled_sign_in_is_logged_as_refused(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"] = 1
    browser = app.test_client()
    assert login(browser, "lead@example.com", "wrong one").status_code == 401
    assert login(browser, "lead@example.com", "wrong two").status_code == 429
    assert [e.target for e in entries(db, AuditAction.SIGN_IN_THROTTLED)] == ["lead@example.com"]


def test_account_and_token_actions_are_logged_from_the_admin_page_and_the_command_line(
    app: Flask, db: Session, people: dict[Role, Person], settings: dict[str, Any],
) -> None:
    admin = signed_in(app, people[Role.ADMIN])
    page = "/portal/admin/users"
    assert post_form(admin, page, page, email="mira@example.com", role="agent").status_code == 201
    db.rollback()
    mira = db.scalar(select(AuditEvent.target).where(
        AuditEvent.action == AuditAction.ACCOUNT_CREATED.value,
        AuditEvent.actor == "admin@example.com"))
    assert mira == "mira@example.com"
    agent_id = users.require_user(db, "agent@example.com").id
    post_form(admin, page, f"/portal/admin/users/{agent_id}/role", role="lead")
    post_form(admin, page, f"/portal/admin/users/{agent_id}/deactivate", confirm="1")
    [changed] = entries(db, AuditAction.ROLE_CHANGED)
    assert (changed.actor, changed.target) == ("admin@example.com", "agent@example.com")
    assert '"from": "agent"' in changed.details and '"to": "lead"' in changed.details
    assert [e.target for e in entries(db, AuditAction.ACCOUNT_DEACTIVATED)] == [
        "agent@example.com"]

    newcomer = signed_in(app, people[Role.NEW_HIRE])
    assert post_form(newcomer, "/portal/tokens/", "/portal/tokens/",
                     name="sidebar").status_code == 201
    [made] = entries(db, AuditAction.TOKEN_CREATED)
    assert made.actor == "newhire@example.com" and '"token": "sidebar"' in made.details

    env = {f"DESKBOOK_{key}": str(value) for key, value in settings.items()
           if key in ("DATABASE_URL", "INSTANCE_PATH", "DOCS_DIR")}
    done = CliRunner(env=env).invoke(main, ["users", "activate", "agent@example.com"])
    assert done.exit_code == 0, done.output
    [back] = entries(db, AuditAction.ACCOUNT_ACTIVATED)
    assert (back.actor, back.actor_id, back.address) == ("command line", None, "")


def test_content_actions_carry_their_commit_and_link_to_the_pages_history(
    app: Flask, db: Session, people: dict[Role, Person], clients: tuple[FlaskClient, FlaskClient],
    kb: Path,
) -> None:
    agent, lead = clients
    submission = submit_faq(agent, "Do you ship to Oman?")
    assert review_post(lead, submission, "approve").status_code == 303
    [approved] = entries(db, AuditAction.SUBMISSION_APPROVED)
    head = git(kb, "rev-parse", "HEAD").strip()
    assert (approved.actor, approved.target, approved.commit) == (
        "lead@example.com", "faq/orders.md", head)
    rejected = submit_faq(agent, "Do you ship to Mars?")
    assert review_post(lead, rejected, "reject", reason="We do not.").status_code == 303
    assert [e.commit for e in entries(db, AuditAction.SUBMISSION_REJECTED)] == [None]

    mark = lead.post("/portal/living/review/mark", data={
        "csrf_token": page_csrf(lead, "/portal/living/review"), "page": "policies/refunds.md"})
    assert mark.status_code == 303
    [reviewed] = entries(db, AuditAction.PAGE_REVIEWED)
    assert reviewed.commit == git(kb, "rev-parse", "HEAD").strip()

    admin = signed_in(app, people[Role.ADMIN])
    log = rows_shown(admin, "?action=submission_approved")
    assert "Submission approved" in log and f"commit <code>{head[:12]}" in log
    assert "/portal/editor/history?page=faq/orders.md" in log
    assert "Submission rejected" not in log


def test_admins_filter_and_export_others_are_refused_and_nothing_edits_an_entry(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    record(db, "=cmd|' /C calc'!A0", AuditAction.SIGN_IN_FAILED, target="@SUM(A1)")
    record(db, None, AuditAction.ROLE_CHANGED, target="agent@example.com",
           now=utcnow() - dt.timedelta(days=40))
    for role in (Role.NEW_HIRE, Role.AGENT, Role.LEAD):
        assert signed_in(app, people[role]).get("/portal/admin/audit/").status_code == 403
    admin = signed_in(app, people[Role.ADMIN])

    page = rows_shown(admin, "?actor=%3Dcmd")
    assert "Sign-in failed" in page and "Role changed" not in page
    recent = (dt.date.today() - dt.timedelta(days=7)).isoformat()
    assert "Role changed" not in rows_shown(admin, f"?since={recent}")
    assert "Role changed" in rows_shown(admin, "?target=agent%40example")

    rows = exported(admin, "?action=sign_in_failed")
    assert rows[0][:3] == ["id", "when (UTC)", "who"]
    [row] = [r for r in rows[1:] if "calc" in r[2]]
    assert row[2].startswith("'=cmd") and row[5] == "'@SUM(A1)"

    assert admin.get("/portal/admin/audit/?since=yesterday").status_code == 400
    assert admin.get("/portal/admin/audit/?action=delete_everything").status_code == 400
    token = page_csrf(admin, "/portal/admin/audit/")
    for method in (admin.post, admin.put, admin.delete):
        assert method("/portal/admin/audit/", data={"csrf_token": token}).status_code == 405


def test_the_command_line_prunes_past_the_retention_and_exports_csv(
    app: Flask, db: Session, people: dict[Role, Person], settings: dict[str, Any],
) -> None:
    record(db, None, AuditAction.SETTINGS_CHANGED, target="old",
           now=utcnow() - dt.timedelta(days=31))
    record(db, None, AuditAction.SETTINGS_CHANGED, target="new",
           now=utcnow() - dt.timedelta(days=29))
    env = {f"DESKBOOK_{key}": str(value) for key, value in settings.items()
           if key in ("DATABASE_URL", "INSTANCE_PATH")}
    cli = CliRunner(env={**env, "DESKBOOK_AUDIT_RETENTION_DAYS": "30"})
    pruned = cli.invoke(main, ["audit", "prune"])
    assert pruned.exit_code == 0 and "Deleted 1 entry older than 30 days" in pruned.output
    assert [e.target for e in entries(db, AuditAction.SETTINGS_CHANGED)] == ["new"]

    kept = CliRunner(env={**env, "DESKBOOK_AUDIT_RETENTION_DAYS": "0"}).invoke(
        main, ["audit", "prune"])
    assert "every entry is kept" in kept.output

    out = cli.invoke(main, ["audit", "export", "--action", "settings_changed"])
    assert out.exit_code == 0
    assert [r[5] for r in csv.reader(io.StringIO(out.stdout))] == ["what", "new"]
    wrong = cli.invoke(main, ["audit", "export", "--since", "last week"])
    assert wrong.exit_code == 2 and "last week" in wrong.output


def test_the_admin_people_page_links_each_person_to_their_log(
    app: Flask, people: dict[Role, Person],
) -> None:
    admin = signed_in(app, people[Role.ADMIN])
    page = text(admin.get("/portal/admin/users"))
    link = re.search(r'href="/portal/admin/audit/(\?target=agent[^"]*)"', page)
    assert link is not None
    shown = rows_shown(admin, html.unescape(link.group(1)))
    assert "Account created" in shown and "agent@example.com" in shown
    assert "lead@example.com" not in shown


def test_the_log_reads_in_the_admins_language_and_the_export_stays_as_stored(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    record(db, None, AuditAction.ROLE_CHANGED, target="agent@example.com")
    admin = signed_in(app, people[Role.ADMIN])
    admin.environ_base["HTTP_ACCEPT_LANGUAGE"] = "id"
    page = admin.get("/portal/admin/audit/")
    assert "<html lang=\"id\"" in text(page)
    rows = rows_shown(admin, "?target=agent%40example")
    assert "Peran diubah" in rows
    assert "baris perintah" in rows and "command line" not in rows  # who acted: the CLI
    assert "Role changed" not in text(page)  # neither in the rows nor in the filter's list
    [row] = [r for r in exported(admin, "?action=role_changed") if "Role changed" in r]
    assert "command line" in row


def test_the_details_read_in_the_admins_language_unknown_keys_as_stored_and_escaped(
    app: Flask, db: Session, people: dict[Role, Person],
) -> None:
    record(db, None, AuditAction.ROLE_CHANGED, target="agent@example.com",
           details={"from": "agent", "to": "admin"})
    record(db, "agent@example.com", AuditAction.SIGN_IN_FAILED, target="agent@example.com",
           details={"why": "wrong email or password", "<b>odd</b>": "<i>kept</i>"})
    admin = speaking(app, people[Role.ADMIN], "ar")

    changed = rows_shown(admin, "?action=role_changed")
    assert "قبل: <bdi>وكيل دعم</bdi>" in changed and "بعد: <bdi>مسؤول النظام</bdi>" in changed
    assert "agent" not in changed.replace("agent@example.com", "")
    failed = rows_shown(admin, "?action=sign_in_failed")
    assert "السبب: <bdi>بريد إلكتروني أو كلمة مرور خاطئة</bdi>" in failed
    assert "&lt;b&gt;odd&lt;/b&gt;: <bdi>&lt;i&gt;kept&lt;/i&gt;</bdi>" in failed
    assert "<b>odd" not in failed and "wrong email" not in failed

    [row] = [r for r in exported(admin, "?action=role_changed") if "agent@example.com" in r]
    assert row[6] == '{"from": "agent", "to": "admin"}'
