"""`deskbook mail send-queue`: one round of the mail queue (for cron, or with MAIL_WORKER off)."""

from __future__ import annotations

import click

from content.settings import load_settings
from portal.cli.common import fail, portal_session
from portal.notifications import mail_settings
from portal.notifications.outbox import failing, waiting
from portal.notifications.postman import one_round
from portal.notifications.schedule import periodic_jobs
from portal.paths import Paths


@click.group("mail")
def mail_command() -> None:
    """The mail queue: notifications and password-reset links waiting to be sent."""


@mail_command.command("send-queue")
def send_queue_command() -> None:
    """Run the daily and weekly notification jobs that are due, then send the mails that are
    due (each failure is tried again later). Run it every minute from cron or a systemd timer
    when MAIL_WORKER is off."""
    settings = load_settings()
    try:
        mail_settings.check(settings)
        smtp = mail_settings.smtp(settings)
    except ValueError as problem:
        fail(str(problem))
    jobs = periodic_jobs(Paths.of(settings), mail_settings.base_url(settings))
    with portal_session() as session:
        done = one_round(session, smtp, jobs)
        left, stuck = waiting(session), len(failing(session))
    for name in done.jobs:
        click.echo(f"ran {name}")
    if smtp is None:
        click.echo(f"Mail is off (SMTP_URL is not set): {left} waiting in the queue.")
        return
    click.echo(f"Sent {done.sent}, failed {done.failed}; {left} waiting, {stuck} failing "
               "(see /portal/admin/mail).")
