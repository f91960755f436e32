"""The `deskbook` command. Each subcommand is a thin wrapper over a plain function."""

from __future__ import annotations

import click

from portal.cli.audit_commands import audit_command
from portal.cli.backup_commands import backup_command, restore_command
from portal.cli.doctor_command import doctor_command
from portal.cli.mail_commands import mail_command
from portal.cli.search_commands import index_command, search_command
from portal.cli.server_commands import init_command, serve_command
from portal.cli.site_commands import build_command, check_command
from portal.cli.suggest_command import suggest_command
from portal.cli.user_commands import users_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="deskbook")
def main() -> None:
    """Deskbook: the support team's knowledge base, search and onboarding portal."""


for command in (
    build_command,
    check_command,
    index_command,
    search_command,
    suggest_command,
    init_command,
    serve_command,
    users_command,
    audit_command,
    mail_command,
    doctor_command,
    backup_command,
    restore_command,
):
    main.add_command(command)
