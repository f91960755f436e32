"""The audit log: entries with who, when, from where and what; filters, pages, CSV and
retention."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from portal import audit
from portal.accounts.roles import Role
from portal.audit import AuditAction, AuditFilter
from portal.models import User

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_an_entry_says_who_when_from_where_and_what(db: Session, staff: dict[Role, User]) -> None:
    token = audit.request_address.set("203.0.113.7")
    try:
        audit.record(db, staff[Role.ADMIN], AuditAction.ROLE_CHANGED, target="agent@example.com",
                     details={"from": "agent", "to": "lead"}, now=NOW)
    finally:
        audit.request_address.reset(token)
    audit.record(db, None, AuditAction.ACCOUNT_CREATED, target="x@example.com", now=NOW)
    audit.record(db, "someone@example.com", AuditAction.SIGN_IN_FAILED, now=NOW)

    newest, cli, admin = audit.browse(db, AuditFilter()).events[:3]  # then the staff's
    assert (admin.actor, admin.actor_id, admin.address, admin.at) == (
        "admin@example.com", staff[Role.ADMIN].id, "203.0.113.7", NOW)
    assert admin.details == '{"from": "agent", "to": "lead"}'
    assert (cli.actor, cli.address) == ("command line", "")
    assert (newest.actor, newest.actor_id) == ("someone@example.com", None)


def test_entries_filter_by_who_what_target_and_time_a_page_at_a_time(
    db: Session, staff: dict[Role, User],
) -> None:
    for minute in range(7):
        audit.record(db, staff[Role.LEAD], AuditAction.SUBMISSION_APPROVED,
                     target=f"faq/orders.md #{minute}", commit="a" * 40,
                     now=NOW + timedelta(minutes=minute))
    audit.record(db, staff[Role.ADMIN], AuditAction.TOKEN_REVOKED, target="sidebar",
                 now=NOW + timedelta(minutes=10))

    assert [e.action for e in audit.browse(db, AuditFilter(actor="ADMIN@")).events] == [
        "token_revoked"]
    approvals = AuditFilter(action=AuditAction.SUBMISSION_APPROVED)
    first = audit.browse(db, approvals, size=3)
    assert [e.target for e in first.events] == [f"faq/orders.md #{m}" for m in (6, 5, 4)]
    second = audit.browse(db, approvals, before=first.older, size=3)
    third = audit.browse(db, approvals, before=second.older, size=3)
    assert [e.target[-1] for e in second.events + third.events] == list("3210")
    assert third.older is None
    window = AuditFilter(since=NOW + timedelta(minutes=2), until=NOW + timedelta(minutes=4))
    assert [e.target[-1] for e in audit.browse(db, window).events] == ["3", "2"]
    assert len(audit.browse(db, AuditFilter(target="#5")).events) == 1
    # a LIKE wildcard typed in a filter is a character, not a wildcard
    assert audit.browse(db, AuditFilter(target="%")).events == []


def test_the_csv_export_has_every_matching_entry_and_runs_no_formula(
    db: Session, staff: dict[Role, User],
) -> None:
    audit.record(db, "=HYPERLINK(\"http://evil\")@example.com", AuditAction.SIGN_IN_FAILED,
                 target="-2+3", now=NOW)
    audit.record(db, staff[Role.LEAD], AuditAction.SUBMISSION_APPROVED, target="faq/orders.md",
                 commit="b" * 40, now=NOW)
    rows = list(csv.reader(io.StringIO("".join(audit.csv_lines(db, AuditFilter())))))
    assert rows[0] == list(audit.export.HEADER)
    assert rows[1][2:] == ["lead@example.com", "", "Submission approved", "faq/orders.md", "",
                           "b" * 40]
    assert rows[1][1] == "2026-12-03 09:00:00"
    assert rows[2][2] == "'=HYPERLINK(\"http://evil\")@example.com" and rows[2][5] == "'-2+3"


def test_entries_older_than_the_retention_period_are_pruned(
    db: Session, staff: dict[Role, User],
) -> None:
    for days in (400, 366, 10):
        audit.record(db, None, AuditAction.SETTINGS_CHANGED, target=str(days),
                     now=NOW - timedelta(days=days))
    assert audit.prune(db, timedelta(days=365), now=NOW) == 2
    settings = AuditFilter(action=AuditAction.SETTINGS_CHANGED)
    assert [e.target for e in audit.browse(db, settings).events] == ["10"]
