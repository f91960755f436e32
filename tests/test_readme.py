"""The README's tables are the code's: settings, front-matter keys and commands (as datasette
holds its docs to its code), so a new setting, key or option cannot go undocumented."""

from __future__ import annotations

import re

import click

from content.schema import FEATURE_KEYS, FRONT_MATTER
from content.settings import SETTINGS
from portal.cli import main
from tests.helpers import REPO, readme_table


def test_the_settings_table_is_the_settings() -> None:
    rows = readme_table("| setting | default | meaning |")
    assert rows == [[f"`{s.env}`", s.shown, s.help] for s in SETTINGS]


def test_the_front_matter_table_is_the_schema() -> None:
    rows = readme_table("| key | type | meaning |")
    assert rows == [[f"`{key.name}`", key.rule.shown, key.help] for key in FRONT_MATTER] + [
        [f"`{key.name}`", key.shown, key.help] for key in FEATURE_KEYS]


def _options(command: click.Command) -> set[str]:
    return {name for param in command.params for name in param.opts if name.startswith("--")
            and name != "--help"}


def test_the_command_table_shows_every_command_with_every_option() -> None:
    documented: dict[str, set[str]] = {}
    for usage_cell, _ in readme_table("| command | what it does |"):
        for usage in re.findall(r"`([^`]+)`", usage_cell):
            words = usage.removeprefix("deskbook ").split()
            command: click.Command = main.commands[words[0]]
            name = words[0]
            if isinstance(command, click.Group):
                command, name = command.commands[words[1]], f"{words[0]} {words[1]}"
            documented.setdefault(name, set()).update(re.findall(r"--[a-z][a-z-]*", usage))
    commands = {}
    for name, command in main.commands.items():
        subcommands = command.commands if isinstance(command, click.Group) else {"": command}
        for sub, leaf in subcommands.items():
            commands[f"{name} {sub}".strip()] = _options(leaf)
    assert documented == commands


def test_the_developer_map_names_every_portal_package() -> None:
    rows = readme_table("| package | what it holds |")
    documented = {cell.strip("`/").removeprefix("portal/") for cell, _ in rows}
    packages = {p.parent.name for p in (REPO / "portal").glob("*/__init__.py")}
    assert documented == packages
