"""`deskbook audit …`: prune the audit log past its retention period, export it as CSV."""

from __future__ import annotations

import datetime as dt

import click

from content.settings import load_settings
from portal import audit
from portal.audit import AuditAction, AuditFilter
from portal.cli.common import portal_session
from portal.models import utcnow

ACTIONS = click.Choice([action.value for action in AuditAction])


@click.group("audit")
def audit_command() -> None:
    """The audit log: prune (run it daily), export (CSV on standard output)."""


@audit_command.command("prune")
def prune_command() -> None:
    """Delete the entries older than AUDIT_RETENTION_DAYS (0: keep every entry)."""
    days = int(load_settings()["AUDIT_RETENTION_DAYS"])
    if days <= 0:
        click.echo("AUDIT_RETENTION_DAYS is 0: every entry is kept.")
        return
    with portal_session() as session:
        gone = audit.prune(session, dt.timedelta(days=days), now=utcnow())
    click.echo(f"Deleted {gone} entr{'y' if gone == 1 else 'ies'} older than {days} days.")


def _day(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if value is not None else None


@audit_command.command("export")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="From this day (UTC).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Up to and with this day.")
@click.option("--action", type=ACTIONS, help="Only this action.")
@click.option("--actor", default="", help="Only entries whose actor's email contains this.")
def export_command(since: dt.datetime | None, until: dt.datetime | None, action: str | None,
                   actor: str) -> None:
    """Write the matching entries as CSV to standard output, newest first."""
    end = _day(until)
    where = AuditFilter(actor=actor, action=AuditAction(action) if action else None,
                        since=_day(since), until=end + dt.timedelta(days=1) if end else None)
    with portal_session() as session:
        for line in audit.csv_lines(session, where):
            click.echo(line, nl=False)
