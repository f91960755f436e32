"""`deskbook init` and `deskbook serve`."""

from __future__ import annotations

import click

from portal.accounts.database_init import InitResult, init_db, open_database


def _print_init(result: InitResult) -> None:
    if result.created:
        click.echo(f"Created the database at {result.url}.", err=True)
    if result.accounts:
        click.echo("")
        click.echo("Starter accounts — these one-time passwords are shown only now:")
        for account in result.accounts:
            user = account.user
            click.echo(f"  {user.role.name_for_people:<9} {user.email:<26} {account.password}")
        click.echo("Sign in and change them under “Password”.")
        click.echo("")


def run_init() -> InitResult:
    database = open_database()
    try:
        return init_db(database)
    finally:
        database.dispose()


@click.command("init")
def init_command() -> None:
    """Create or upgrade the database. A new database gets an admin, a lead, an agent and a
    new hire, whose one-time passwords are printed once."""
    result = run_init()
    _print_init(result)
    if not result.created:
        click.echo(f"The database at {result.url} is up to date.", err=True)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="gunicorn worker processes, 4 threads each; 1 is plenty on the embedded SQLite.",
)
def serve_command(host: str, port: int, workers: int) -> None:
    """Serve the portal (and the built site behind sign-in). Creates or upgrades the database
    first; the settings come from instance/deskbook.toml and DESKBOOK_* variables."""
    from portal.server.workers import serve

    _print_init(run_init())
    from content.settings import load_settings
    from portal.cli.doctor_command import run_doctor
    from portal.config import ensure_secret_key

    settings = load_settings()
    for note in run_doctor():
        click.echo(f"start-up check: {note}", err=True)

    if not settings.get("SECRET_KEY"):
        ensure_secret_key(settings["INSTANCE_PATH"])  # once, before the workers start
    click.echo(f"Deskbook is serving on http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    serve(host, port, workers)
