"""Two-factor sign-in: enrolling with an authenticator app, codes that work once, recovery
codes, throttling of wrong codes, and the roles that must use it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from sqlalchemy.orm import Session

from portal.accounts import two_factor
from portal.accounts.roles import Role
from portal.errors import Conflict, InvalidInput, NotAllowed, RateLimited
from portal.models import User

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def app_code(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def enrolled(db: Session, user: User) -> tuple[str, list[str]]:
    enrolment = two_factor.begin_enrolment(db, user, now=NOW)
    codes = two_factor.confirm_enrolment(db, user, app_code(enrolment.secret, NOW), now=NOW)
    return enrolment.secret, codes


def test_enrolling_shows_a_secret_the_app_reads_and_turns_on_with_its_first_code(
    db: Session, staff: dict[Role, User],
) -> None:
    agent = staff[Role.AGENT]
    enrolment = two_factor.begin_enrolment(db, agent, now=NOW)
    query = parse_qs(urlsplit(enrolment.uri).query)
    assert enrolment.uri.startswith("otpauth://totp/Deskbook:agent%40example.com")
    assert query["secret"] == [enrolment.secret] and query["issuer"] == ["Deskbook"]
    assert two_factor.qr_svg(enrolment.uri).startswith("<svg")
    assert not two_factor.is_enrolled(db, agent)

    with pytest.raises(InvalidInput, match="not the one the app shows"):
        two_factor.confirm_enrolment(db, agent, "000000", now=NOW)
    codes = two_factor.confirm_enrolment(db, agent, app_code(enrolment.secret, NOW), now=NOW)

    assert two_factor.is_enrolled(db, agent)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.recovery_codes_left(db, agent) == 10
    with pytest.raises(Conflict, match="already on"):
        two_factor.begin_enrolment(db, agent, now=NOW)


def test_a_code_works_once_and_only_around_its_time(
    db: Session, staff: dict[Role, User],
) -> None:
    agent = staff[Role.AGENT]
    secret, _ = enrolled(db, agent)
    later = NOW + timedelta(minutes=5)
    code = app_code(secret, later)
    assert two_factor.verify(db, agent, code, now=later) == "app"
    with pytest.raises(InvalidInput):
        two_factor.verify(db, agent, code, now=later)  # overheard and replayed
    # a phone 30 seconds slow still works; a code from five minutes ago does not
    assert two_factor.verify(db, agent, app_code(secret, later + timedelta(seconds=30)),
                             now=later + timedelta(seconds=60)) == "app"
    with pytest.raises(InvalidInput):
        two_factor.verify(db, agent, app_code(secret, later),
                          now=later + timedelta(minutes=5))


def test_a_recovery_code_works_once_with_any_spacing_or_case(
    db: Session, staff: dict[Role, User],
) -> None:
    agent = staff[Role.AGENT]
    _, codes = enrolled(db, agent)
    typed = " " + codes[3].upper().replace("-", " - ") + " "
    assert two_factor.verify(db, agent, typed, now=NOW) == "recovery code"
    assert two_factor.recovery_codes_left(db, agent) == 9
    with pytest.raises(InvalidInput):
        two_factor.verify(db, agent, codes[3], now=NOW + timedelta(minutes=1))
    new = two_factor.new_recovery_codes(db, agent, now=NOW)
    with pytest.raises(InvalidInput):
        two_factor.verify(db, agent, codes[4], now=NOW + timedelta(minutes=2))
    assert two_factor.verify(db, agent, new[0], now=NOW + timedelta(minutes=3)) == \
        "recovery code"


def test_wrong_codes_slow_the_next_tries_down(db: Session, staff: dict[Role, User]) -> None:
    agent = staff[Role.AGENT]
    secret, _ = enrolled(db, agent)
    moment = NOW
    for _ in range(5):
        moment += timedelta(seconds=1)
        with pytest.raises(InvalidInput):
            two_factor.verify(db, agent, "123456" if app_code(secret, moment) != "123456"
                              else "654321", now=moment)
    with pytest.raises(RateLimited) as waited:
        two_factor.verify(db, agent, app_code(secret, moment), now=moment)
    assert waited.value.retry_after >= 1
    later = NOW + timedelta(seconds=40)  # past the wait, and a step after enrolling
    assert two_factor.verify(db, agent, app_code(secret, later), now=later) == "app"


def test_turning_off_is_for_the_person_or_an_admin(db: Session, staff: dict[Role, User]) -> None:
    agent = staff[Role.AGENT]
    enrolled(db, agent)
    with pytest.raises(NotAllowed):
        two_factor.turn_off(db, staff[Role.LEAD], agent)
    two_factor.turn_off(db, staff[Role.ADMIN], agent)
    assert not two_factor.is_enrolled(db, agent)
    assert two_factor.recovery_codes_left(db, agent) == 0


def test_admins_choose_the_roles_that_must_use_it(db: Session, staff: dict[Role, User]) -> None:
    with pytest.raises(NotAllowed):
        two_factor.require_for_roles(db, staff[Role.LEAD], [Role.LEAD])
    two_factor.require_for_roles(db, staff[Role.ADMIN], [Role.ADMIN, Role.LEAD])
    assert two_factor.required_roles(db) == {Role.ADMIN, Role.LEAD}
    assert two_factor.must_enrol(db, staff[Role.LEAD])
    assert not two_factor.must_enrol(db, staff[Role.AGENT])
    enrolled(db, staff[Role.LEAD])
    assert not two_factor.must_enrol(db, staff[Role.LEAD])
