"""`deskbook users …`: the same account functions as the admin page."""

from __future__ import annotations

import sys

import click

from portal.accounts import two_factor, users
from portal.accounts.roles import ROLE_NAMES, Role
from portal.cli.common import fail, portal_session


def _role(value: str) -> Role:
    try:
        return Role.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from error


class RoleChoice(click.Choice[str]):
    """new_hire, agent, lead or admin; `new-hire` or `New hire` are read as `new_hire`, but
    only the one spelling is listed."""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        if isinstance(value, str):
            value = "_".join(value.strip().lower().replace("-", " ").split())
        return str(super().convert(value, param, ctx))


ROLE = RoleChoice(list(ROLE_NAMES))


@click.group("users")
def users_command() -> None:
    """Manage accounts: add, list, set-role, reset-password, deactivate, activate,
    two-factor-off (the database from the config)."""


@users_command.command("add")
@click.argument("email")
@click.option(
    "--role", "role_name", type=ROLE, required=True, help="The account's role."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def add_command(email: str, role_name: str, password_stdin: bool) -> None:
    """Add an account. The password is asked for (twice), or read from stdin."""
    with portal_session() as session:  # a mistaken or taken email is said before the password
        address = users.normalize_email(email)
        if users.find_user(session, address) is not None:
            fail(f"{address} already has an account")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with portal_session() as session:
        created = users.add_user(session, email, _role(role_name), password)
        click.echo(f"Added {created.user.email} ({created.user.role.value}).")


@users_command.command("list")
def list_command() -> None:
    """List every account with its role and status."""
    with portal_session() as session:
        people = users.list_users(session)
        width = max((len(user.email) for user in people), default=5)
        click.echo(f"{'EMAIL':<{width}}  {'ROLE':<8}  STATUS       CREATED")
        for user in people:
            status = "active" if user.active else "deactivated"
            click.echo(
                f"{user.email:<{width}}  {user.role.value:<8}  "
                f"{status:<11}  {user.created_at:%Y-%m-%d}"
            )


@users_command.command("set-role")
@click.argument("email")
@click.argument("role_name", metavar="ROLE", type=ROLE)
def set_role_command(email: str, role_name: str) -> None:
    """Give an account another role."""
    with portal_session() as session:
        user = users.require_user(session, email)
        users.set_role(session, user, _role(role_name))
        click.echo(f"{user.email} is now {user.role.value}.")


@users_command.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Refuse an account's sign-ins, sessions and API tokens from now on."""
    with portal_session() as session:
        user = users.deactivate_user(session, users.require_user(session, email))
        click.echo(f"{user.email} is deactivated; their sessions and tokens no longer work.")


@users_command.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Allow a deactivated account to sign in again."""
    with portal_session() as session:
        user = users.activate_user(session, users.require_user(session, email))
        click.echo(f"{user.email} is active again.")


@users_command.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Give an account a new one-time password (printed once): its sessions and API tokens
    end, and its next sign-in must choose a password of its own."""
    with portal_session() as session:
        user = users.require_user(session, email)
        password = users.reset_password(session, user)
        click.echo(f"One-time password for {user.email}: {password}")
        click.echo("Give it to them privately; it works for one sign-in, which asks them to "
                   "choose their own password.")


@users_command.command("two-factor-off")
@click.argument("email")
def two_factor_off_command(email: str) -> None:
    """Turn two-factor sign-in off for someone who lost their phone and recovery codes."""
    with portal_session() as session:
        user = users.require_user(session, email)
        two_factor.turn_off(session, None, user)
        click.echo(f"Two-factor sign-in is off for {user.email}; they can set it up again.")
