"""Password reset links: single use, expiring, and silent about who has an account."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from portal.accounts import password_reset, sign_in, tokens, users
from portal.accounts.roles import Role
from portal.errors import InvalidInput
from portal.models import User
from portal.notifications.postman import send_due
from tests.portal.helpers import PASSWORD
from tests.portal.mail_support import BASE_URL, links, parts, smtp_for
from tests.servers.fixtures import MailServer

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
NEW = "a brand new passphrase"


def test_a_link_sets_a_new_password_once_and_ends_the_old_sessions_and_tokens(
    db: Session, staff: dict[Role, User],
) -> None:
    agent = staff[Role.AGENT]
    _, secret = tokens.create_token(db, agent, "sidebar")
    cookie = agent.get_id()
    asked = password_reset.request_reset(db, " Agent@Example.com ", now=NOW)
    assert asked is not None
    user, token = asked
    assert user.id == agent.id
    assert password_reset.user_for_reset(db, token, now=NOW).id == agent.id

    password_reset.complete_reset(db, token, NEW, now=NOW + timedelta(minutes=5))

    assert sign_in.authenticate(db, "agent@example.com", NEW, "127.0.0.1").id == agent.id
    assert users.user_for_session(db, cookie) is None
    assert tokens.user_for_token(db, secret) is None
    with pytest.raises(InvalidInput, match="expired or has been used"):
        password_reset.complete_reset(db, token, "yet another passphrase", now=NOW)


def test_a_link_expires_and_using_one_closes_the_others(
    db: Session, staff: dict[Role, User],
) -> None:
    first = password_reset.request_reset(db, "agent@example.com", now=NOW)
    second = password_reset.request_reset(db, "agent@example.com", now=NOW)
    assert first and second
    with pytest.raises(InvalidInput, match="expired"):
        password_reset.user_for_reset(db, first[1], now=NOW + password_reset.LIFETIME)
    password_reset.complete_reset(db, second[1], NEW, now=NOW)
    with pytest.raises(InvalidInput):
        password_reset.complete_reset(db, first[1], NEW + "!", now=NOW)


def test_a_weak_password_leaves_the_link_open(db: Session, staff: dict[Role, User]) -> None:
    asked = password_reset.request_reset(db, "agent@example.com", now=NOW)
    assert asked
    with pytest.raises(InvalidInput, match="at least"):
        password_reset.complete_reset(db, asked[1], "short", now=NOW)
    password_reset.complete_reset(db, asked[1], NEW, now=NOW)


def test_nobody_unknown_deactivated_or_without_a_local_password_gets_a_link(
    db: Session, staff: dict[Role, User],
) -> None:
    assert password_reset.request_reset(db, "stranger@example.com", now=NOW) is None
    users.deactivate_user(db, staff[Role.NEW_HIRE])
    assert password_reset.request_reset(db, "newhire@example.com", now=NOW) is None
    assert password_reset.request_reset(
        db, "lead@example.com", may_use_password=lambda user: False, now=NOW) is None
    assert sign_in.authenticate(db, "lead@example.com", PASSWORD, "127.0.0.1")


def test_asking_again_and_again_opens_only_a_few_links(
    db: Session, staff: dict[Role, User],
) -> None:
    opened = [password_reset.request_reset(db, "agent@example.com", now=NOW) for _ in range(6)]
    assert sum(1 for link in opened if link) == password_reset.MAX_OPEN
    later = NOW + password_reset.LIFETIME + timedelta(seconds=1)
    assert password_reset.request_reset(db, "agent@example.com", now=later) is not None


def test_an_unknown_or_absurd_token_is_refused_clearly(db: Session) -> None:
    for token in ("", "x", "y" * 10_000):
        with pytest.raises(InvalidInput):
            password_reset.user_for_reset(db, token, now=NOW)


def test_the_mailed_link_resets_the_password_once(
    db: Session, staff: dict[Role, User], mail_server: MailServer,
) -> None:
    assert password_reset.mail_reset_link(db, "agent@example.com", base_url=BASE_URL, now=NOW)
    assert not password_reset.mail_reset_link(db, "nobody@example.com", base_url=BASE_URL,
                                              now=NOW)
    send_due(db, smtp_for(mail_server), now=NOW)
    [mail] = mail_server.messages()
    assert mail["To"] == "agent@example.com"
    assert mail["Subject"] == "Reset your Deskbook password"
    text, html = parts(mail)
    assert "works once, for 60 minutes" in text
    [link] = links(text)
    assert link.startswith(f"{BASE_URL}{password_reset.RESET_PATH}/")
    assert f'href="{link}"' in html and "notification settings" not in text

    token = link.rsplit("/", 1)[1]
    password_reset.complete_reset(db, token, NEW, now=NOW + timedelta(minutes=59))
    assert sign_in.authenticate(db, "agent@example.com", NEW, "127.0.0.1")
    with pytest.raises(InvalidInput):
        password_reset.user_for_reset(db, token, now=NOW + timedelta(minutes=59))
