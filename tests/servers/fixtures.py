"""pytest fixtures for the test servers (loaded with `pytest_plugins`): an OpenID Connect
provider for the whole session, reset to its defaults before each test, and a fresh SMTP
server per test."""

from __future__ import annotations

import json
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.servers.processes import Running, start

CLIENT_ID = "deskbook"
CLIENT_SECRET = "test-client-secret-" + "x" * 16
PROVIDER_PASSWORD = "provider password"
# Where the tests' portals take the provider's answer; a browser test adds its own port.
CALLBACK = "http://127.0.0.1:9/portal/sso/callback"

PROVIDER_PEOPLE = [
    {"username": "ana", "email": "ana@example.com", "name": "Ana Lima",
     "groups": ["support-leads"]},
    {"username": "budi", "email": "budi@example.com", "name": "Budi", "groups": ["support"]},
    {"username": "root", "email": "admin@example.com", "name": "Admin",
     "groups": ["support-admins"]},
    {"username": "eve", "email": "lead@example.com", "email_verified": False,
     "groups": ["support"]},
    {"username": "nobody", "email": "nobody@example.com", "groups": ["marketing"]},
]


@dataclass
class Provider:
    running: Running
    issuer: str

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def misbehave(self, **how: Any) -> None:
        """See tests.servers.oidc_provider: nonce="wrong", id_token_lifetime=-600, people=…"""
        requests.post(f"{self.issuer}/control", json=how, timeout=10).raise_for_status()


def provider_config(folder: Path, redirect_uris: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "provider.json"
    config.write_text(json.dumps({
        "clients": [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                     "redirect_uris": redirect_uris}],
        "people": [{**person, "password": PROVIDER_PASSWORD} for person in PROVIDER_PEOPLE],
    }), encoding="utf-8")
    return config


def start_provider(folder: Path, redirect_uris: list[str]) -> Provider:
    config = provider_config(folder, redirect_uris)
    running = start("tests.servers.oidc_provider", str(config), log=folder / "provider.log")
    return Provider(running, running.address)


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    provider = start_provider(tmp_path_factory.mktemp("oidc"), [CALLBACK])
    yield provider
    provider.running.stop()


@pytest.fixture
def oidc_provider(oidc_server: Provider) -> Provider:
    oidc_server.misbehave()
    return oidc_server


@dataclass
class MailServer:
    running: Running | None
    maildir: Path
    refuse_flag: Path
    login: str | None

    @property
    def port(self) -> int:
        assert self.running is not None
        return int(self.running.address)

    def url(self) -> str:
        credentials = f"{self.login}@" if self.login else ""
        return f"smtp://{credentials}127.0.0.1:{self.port}"

    def messages(self) -> list[Message]:
        box = mailbox.Maildir(self.maildir, create=True)
        parser = BytesParser(policy=default)
        found = [parser.parsebytes(box.get_bytes(key)) for key in box.iterkeys()]
        return sorted(found, key=lambda message: str(message["Date"]))

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None


def start_mail_server(folder: Path, *, login: str | None = None) -> MailServer:
    maildir = folder / "maildir"
    flag = folder / "refuse"
    args = [str(maildir), "--refuse-while", str(flag)]
    if login:
        args += ["--login", login]
    running = start("tests.servers.mail_server", *args, log=folder / "smtp.log")
    return MailServer(running, maildir, flag, login)


@pytest.fixture
def mail_server(tmp_path: Path) -> Iterator[MailServer]:
    server = start_mail_server(tmp_path / "smtp")
    yield server
    server.stop()
