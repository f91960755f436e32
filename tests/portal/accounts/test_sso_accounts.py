"""Which account a provider's identity signs in to, with what role — the identities come
from the real provider process."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts import oidc, sign_in, users
from portal.accounts.roles import Role
from portal.accounts.sso_accounts import (
    LocalPasswords,
    RolePolicy,
    parse_role_values,
    sign_in_with,
)
from portal.errors import InvalidInput
from portal.models import User
from portal.models.audit import AuditEvent
from tests.portal.accounts.oidc_flow import config_for, round_trip
from tests.servers.fixtures import Provider

GROUPS = RolePolicy("groups", parse_role_values({
    "support": "agent", "support-leads": "lead", "support-admins": "admin"}))


def identity_of(provider: Provider, username: str) -> oidc.ProviderIdentity:
    pending, answer = round_trip(provider, username)
    return oidc.finish(config_for(provider), pending, answer)


def actions(db: Session) -> list[tuple[str, str]]:
    return [(event.action, event.target)
            for event in db.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_the_first_sign_in_makes_an_account_with_the_role_the_groups_claim_maps_to(
    oidc_provider: Provider, db: Session,
) -> None:
    user = sign_in_with(db, identity_of(oidc_provider, "ana"), GROUPS)
    assert (user.email, user.role) == ("ana@example.com", Role.LEAD)
    # no password signs in to it
    with pytest.raises(InvalidInput):
        sign_in.authenticate(db, "ana@example.com", "", "127.0.0.1")
    again = sign_in_with(db, identity_of(oidc_provider, "ana"), GROUPS)
    assert again.id == user.id
    assert actions(db) == [("account_created", "ana@example.com"),
                           ("sso_sign_in", "ana@example.com"),
                           ("sign_in_failed", "ana@example.com"),
                           ("sso_sign_in", "ana@example.com")]


def test_the_role_follows_the_claim_at_every_sign_in(
    oidc_provider: Provider, db: Session,
) -> None:
    sign_in_with(db, identity_of(oidc_provider, "budi"), GROUPS)
    oidc_provider.misbehave(people={"budi": {"groups": ["support", "support-leads"]}})
    user = sign_in_with(db, identity_of(oidc_provider, "budi"), GROUPS)
    assert user.role is Role.LEAD
    assert ("role_changed", "budi@example.com") in actions(db)


def test_without_a_role_claim_new_accounts_get_the_default_and_admins_decide(
    oidc_provider: Provider, db: Session,
) -> None:
    user = sign_in_with(db, identity_of(oidc_provider, "ana"), RolePolicy())
    assert user.role is Role.NEW_HIRE
    users.set_role(db, user, Role.AGENT)
    assert sign_in_with(db, identity_of(oidc_provider, "ana"), RolePolicy()).role is Role.AGENT


def test_an_existing_account_is_tied_by_a_verified_email_only(
    oidc_provider: Provider, db: Session, staff: dict[Role, User],
) -> None:
    admin = sign_in_with(db, identity_of(oidc_provider, "root"), GROUPS)
    assert admin.id == staff[Role.ADMIN].id

    with pytest.raises(oidc.SignInRefused, match="not verified"):
        sign_in_with(db, identity_of(oidc_provider, "eve"), GROUPS)
    assert ("sso_refused", "lead@example.com") in actions(db)


def test_a_deactivated_account_stays_out_whatever_the_provider_says(
    oidc_provider: Provider, db: Session, staff: dict[Role, User],
) -> None:
    user = sign_in_with(db, identity_of(oidc_provider, "budi"), GROUPS)
    users.deactivate_user(db, user)
    with pytest.raises(oidc.SignInRefused, match="deactivated"):
        sign_in_with(db, identity_of(oidc_provider, "budi"), GROUPS)
    assert actions(db)[-1] == ("sso_refused", "budi@example.com")


def test_someone_whose_groups_map_to_no_role_is_refused(
    oidc_provider: Provider, db: Session,
) -> None:
    with pytest.raises(oidc.SignInRefused, match="no Deskbook role"):
        sign_in_with(db, identity_of(oidc_provider, "nobody"), GROUPS)
    assert users.find_user(db, "nobody@example.com") is None


def test_the_last_active_admin_keeps_admin_when_the_claim_changes(
    oidc_provider: Provider, db: Session, staff: dict[Role, User],
) -> None:
    sign_in_with(db, identity_of(oidc_provider, "root"), GROUPS)
    oidc_provider.misbehave(people={"root": {"groups": ["support"]}})
    assert sign_in_with(db, identity_of(oidc_provider, "root"), GROUPS).role is Role.ADMIN


def test_a_role_value_that_is_no_role_is_named() -> None:
    with pytest.raises(ValueError, match="superuser"):
        parse_role_values({"x": "superuser"})


def test_with_local_passwords_off_only_the_break_glass_admin_uses_one(
    staff: dict[Role, User],
) -> None:
    assert LocalPasswords().allow(staff[Role.AGENT])
    off = LocalPasswords(on=False, break_glass=" Admin@Example.com ")
    assert off.allow(staff[Role.ADMIN])
    assert not off.allow(staff[Role.LEAD]) and not off.allow(staff[Role.AGENT])
    assert not LocalPasswords(on=False).allow(staff[Role.ADMIN])
    # the break-glass address must belong to an admin
    assert not LocalPasswords(on=False, break_glass="lead@example.com").allow(staff[Role.LEAD])
