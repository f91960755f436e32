"""Two-factor sign-in for local accounts: a code from an authenticator app (TOTP, RFC 6238,
with pyotp) or one of ten single-use recovery codes.

Enrolling keeps a new secret unconfirmed until the person types a code it makes; then ten
recovery codes are shown once (only their hashes are kept). A code is accepted for the current
30-second step or the one either side (clocks drift), and only for a step newer than the last
one accepted, so an overheard code cannot be replayed. Wrong codes slow the next tries down the
way wrong passwords do (`sign_in.backoff`), counted from the audit log. Admins choose which
roles must use it (a portal setting, audited).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.accounts import sign_in
from portal.accounts.roles import Role
from portal.audit import AuditAction, add_event
from portal.db import write
from portal.errors import Conflict, InvalidInput, NotAllowed, RateLimited
from portal.i18n import N_
from portal.models import User
from portal.models.audit import AuditEvent, PortalSetting
from portal.models.base import utcnow
from portal.models.two_factor import RecoveryCode, TotpSecret

ISSUER = "Deskbook"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
REQUIRED_ROLES_SETTING = "two_factor_required_roles"


@dataclass(frozen=True)
class Enrolment:
    secret: str  # shown as text too, for apps that cannot scan
    uri: str  # otpauth://… for the QR code


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _secret(session: Session, user: User) -> TotpSecret | None:
    return session.scalar(select(TotpSecret).where(TotpSecret.user_id == user.id))


def enrolled_ids(session: Session) -> set[int]:
    """The ids of the accounts with two-factor sign-in on."""
    return set(session.scalars(select(TotpSecret.user_id)
                               .where(TotpSecret.confirmed_at.is_not(None))))


def is_enrolled(session: Session, user: User) -> bool:
    found = _secret(session, user)
    return found is not None and found.confirmed_at is not None


def begin_enrolment(session: Session, user: User, *, now: datetime | None = None) -> Enrolment:
    """A new secret for `user`, waiting for a code to confirm it (replacing an unconfirmed
    one)."""
    with write(session):
        existing = _secret(session, user)
        if existing is not None and existing.confirmed_at is not None:
            raise Conflict(N_("two-factor sign-in is already on; turn it off first to change "
                           "the app"))
        if existing is not None:
            session.delete(existing)
            session.flush()
        secret = pyotp.random_base32()
        session.add(TotpSecret(user_id=user.id, secret=secret, created_at=now or utcnow()))
    return _enrolment(secret, user)


def pending_enrolment(session: Session, user: User) -> Enrolment | None:
    found = _secret(session, user)
    if found is None or found.confirmed_at is not None:
        return None
    return _enrolment(found.secret, user)


def _enrolment(secret: str, user: User) -> Enrolment:
    return Enrolment(secret, pyotp.TOTP(secret).provisioning_uri(name=user.email,
                                                                 issuer_name=ISSUER))


def qr_svg(uri: str) -> str:
    """The otpauth address as an SVG document of its QR code (drawn here: nothing is
    fetched). A whole document, with the SVG namespace: an image without it shows nothing."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, dark="#000", light="#fff",
                                    xmldecl=False)
    return out.getvalue().decode("utf-8")


def _accepted_step(secret: TotpSecret, code: str, moment: datetime) -> int | None:
    digits = _normalized(code)
    if not (len(digits) == 6 and digits.isdigit()):
        return None
    totp = pyotp.TOTP(secret.secret)
    current = totp.timecode(moment)
    for step in (current - 1, current, current + 1):
        if step > secret.last_step and secrets.compare_digest(
                totp.generate_otp(step), digits):
            return step
    return None


def confirm_enrolment(
    session: Session, user: User, code: str, *, now: datetime | None = None
) -> list[str]:
    """Turn two-factor sign-in on with the first code the app shows; the recovery codes
    (shown once)."""
    moment = now or utcnow()
    with write(session):
        secret = _secret(session, user)
        if secret is None or secret.confirmed_at is not None:
            raise Conflict(N_("there is no enrolment waiting for a code; start again"))
        step = _accepted_step(secret, code, moment)
        if step is None:
            raise InvalidInput(N_("that code is not the one the app shows now; check the app "
                               "and the phone's clock, then try again"))
        secret.confirmed_at = moment
        secret.last_step = step
        add_event(session, user, AuditAction.TWO_FACTOR_ENABLED, target=user.email, now=moment)
        return _new_recovery_codes(session, user, moment)


def _new_recovery_codes(session: Session, user: User, moment: datetime) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = ["-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5))
                      for _ in range(2)) for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(_normalized(code)))
                    for code in codes)
    add_event(session, user, AuditAction.RECOVERY_CODES_CREATED, target=user.email, now=moment)
    return codes


def new_recovery_codes(session: Session, user: User, *, now: datetime | None = None) -> list[str]:
    """Ten new recovery codes in place of the old ones (shown once)."""
    with write(session):
        if not is_enrolled(session, user):
            raise Conflict(N_("turn two-factor sign-in on first"))
        return _new_recovery_codes(session, user, now or utcnow())


def recovery_codes_left(session: Session, user: User) -> int:
    return int(session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0)


def verify(
    session: Session, user: User, code: str, *, limits: sign_in.LoginLimits | None = None,
    now: datetime | None = None,
) -> str:
    """Check the second step of `user`'s sign-in: "app" or "recovery code" by what matched.
    A wrong code is audited and raises InvalidInput; too many lately, RateLimited."""
    moment = now or utcnow()
    rules = limits or sign_in.LoginLimits()
    _wait_if_throttled(session, user, moment, rules)
    with write(session):
        secret = _secret(session, user)
        if secret is None or secret.confirmed_at is None:
            raise Conflict(N_("two-factor sign-in is not on for this account"))
        step = _accepted_step(secret, code, moment)
        if step is not None:
            secret.last_step = step
            return "app"
        recovery = session.scalar(select(RecoveryCode).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None),
            RecoveryCode.code_hash == _hash(_normalized(code))))
        if recovery is not None:
            recovery.used_at = moment
            add_event(session, user, AuditAction.RECOVERY_CODE_USED, target=user.email,
                      now=moment)
            return "recovery code"
    with write(session):
        add_event(session, user, AuditAction.TWO_FACTOR_FAILED, target=user.email, now=moment)
    raise InvalidInput(N_("that code is not right; type the code the app shows now, or one of "
                       "your recovery codes"))


def _wait_if_throttled(
    session: Session, user: User, moment: datetime, limits: sign_in.LoginLimits
) -> None:
    count, latest = session.execute(select(func.count(AuditEvent.id), func.max(AuditEvent.at))
                                    .where(AuditEvent.actor_id == user.id,
                                           AuditEvent.action == AuditAction.TWO_FACTOR_FAILED,
                                           AuditEvent.at >= moment - limits.window)).one()
    if latest is None:
        return
    latest_at = latest if latest.tzinfo else latest.replace(tzinfo=moment.tzinfo)
    until = latest_at + sign_in.backoff(int(count), limits.per_account, limits.window)
    if until > moment:
        raise RateLimited(N_("too many wrong codes; wait a moment and try again"),
                          max(1, math.ceil((until - moment).total_seconds())))


def turn_off(
    session: Session, actor: User | None, user: User, *, now: datetime | None = None
) -> None:
    """Remove `user`'s app secret and recovery codes: by themselves, or by an admin for
    someone who lost their phone (None: the command line)."""
    if actor is not None and actor.id != user.id and actor.role is not Role.ADMIN:
        raise NotAllowed(N_("only an admin can turn off someone else's two-factor sign-in"))
    moment = now or utcnow()
    with write(session):
        if _secret(session, user) is None:
            return
        session.execute(delete(TotpSecret).where(TotpSecret.user_id == user.id))
        session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
        add_event(session, actor, AuditAction.TWO_FACTOR_DISABLED, target=user.email,
                  now=moment)


def required_roles(session: Session) -> frozenset[Role]:
    """The roles whose local accounts must sign in with a second factor."""
    found = session.get(PortalSetting, REQUIRED_ROLES_SETTING)
    if found is None:
        return frozenset()
    return frozenset(Role(value) for value in json.loads(found.value) if value in
                     {role.value for role in Role})


def require_for_roles(
    session: Session, actor: User | None, roles: Iterable[Role], *, now: datetime | None = None
) -> frozenset[Role]:
    """Set which roles must use two-factor sign-in (admins only; audited)."""
    if actor is not None and actor.role is not Role.ADMIN:
        raise NotAllowed(N_("only an admin decides who must use two-factor sign-in"))
    chosen = frozenset(roles)
    moment = now or utcnow()
    with write(session):
        before = required_roles(session)
        if chosen == before:
            return chosen
        value = json.dumps(sorted(role.value for role in chosen))
        found = session.get(PortalSetting, REQUIRED_ROLES_SETTING)
        if found is None:
            session.add(PortalSetting(name=REQUIRED_ROLES_SETTING, value=value,
                                      updated_at=moment))
        else:
            found.value, found.updated_at = value, moment
        add_event(session, actor, AuditAction.SETTINGS_CHANGED, target=REQUIRED_ROLES_SETTING,
                  details={"from": sorted(r.value for r in before),
                           "to": sorted(r.value for r in chosen)}, now=moment)
    return chosen


def must_enrol(session: Session, user: User) -> bool:
    """Whether `user` has to turn two-factor sign-in on before going anywhere else."""
    return user.role in required_roles(session) and not is_enrolled(session, user)
