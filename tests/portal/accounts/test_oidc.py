"""The authorization-code flow with PKCE against a real OpenID Connect provider process on
127.0.0.1: what comes back is checked, and every way it can be wrong is refused."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qsl, urlsplit

import pytest

from portal.accounts import oidc
from portal.errors import Unavailable
from tests.portal.accounts.oidc_flow import config_for, round_trip
from tests.servers.fixtures import CALLBACK, Provider


def test_a_person_signed_in_at_the_provider_comes_back_with_their_verified_identity(
    oidc_provider: Provider,
) -> None:
    url, pending = oidc.begin(config_for(oidc_provider), CALLBACK, "/portal/editor/")
    asked = dict(parse_qsl(urlsplit(url).query))
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert pending.code_verifier not in url  # only its hash travels through the browser
    assert asked["state"] == pending.state and asked["nonce"] == pending.nonce

    pending, answer = round_trip(oidc_provider, "ana")
    identity = oidc.finish(config_for(oidc_provider), pending, answer)

    assert identity.issuer == oidc_provider.issuer
    assert identity.subject == "ana" and identity.email == "ana@example.com"
    assert identity.email_verified and identity.claims["groups"] == ["support-leads"]


def test_an_answer_with_another_state_is_refused(oidc_provider: Provider) -> None:
    pending, answer = round_trip(oidc_provider, "ana")
    with pytest.raises(oidc.SignInRefused, match="not for the sign-in this browser started"):
        oidc.finish(config_for(oidc_provider), pending, {**answer, "state": "forged"})


def test_an_id_token_with_another_nonce_is_refused(oidc_provider: Provider) -> None:
    oidc_provider.misbehave(nonce="wrong")
    pending, answer = round_trip(oidc_provider, "ana")
    with pytest.raises(oidc.SignInRefused, match="wrong nonce"):
        oidc.finish(config_for(oidc_provider), pending, answer)


def test_an_expired_id_token_is_refused(oidc_provider: Provider) -> None:
    oidc_provider.misbehave(id_token_lifetime=-600)
    pending, answer = round_trip(oidc_provider, "ana")
    with pytest.raises(oidc.SignInRefused, match="expired"):
        oidc.finish(config_for(oidc_provider), pending, answer)


def test_a_code_works_once(oidc_provider: Provider) -> None:
    pending, answer = round_trip(oidc_provider, "budi")
    oidc.finish(config_for(oidc_provider), pending, answer)
    with pytest.raises(oidc.SignInRefused, match="refused the sign-in"):
        oidc.finish(config_for(oidc_provider), pending, answer)


def test_a_code_without_the_verifier_that_made_its_challenge_is_refused(
    oidc_provider: Provider,
) -> None:
    pending, answer = round_trip(oidc_provider, "budi")
    stolen = dataclasses.replace(pending, code_verifier="x" * 64)
    with pytest.raises(oidc.SignInRefused, match="refused the sign-in"):
        oidc.finish(config_for(oidc_provider), stolen, answer)


def test_a_refusal_from_the_provider_and_a_stale_sign_in_are_refused(
    oidc_provider: Provider,
) -> None:
    pending, answer = round_trip(oidc_provider, "ana")
    with pytest.raises(oidc.SignInRefused, match="access_denied"):
        oidc.finish(config_for(oidc_provider), pending,
                    {"error": "access_denied", "state": pending.state})
    with pytest.raises(oidc.SignInRefused, match="took too long"):
        oidc.finish(config_for(oidc_provider), pending, answer,
                    now=pending.started + oidc.PENDING_SECONDS + 1)


def test_a_sign_in_not_started_in_this_browser_is_refused() -> None:
    with pytest.raises(oidc.SignInRefused, match="not started in this browser"):
        oidc.PendingSignIn.from_dict({"state": "x"})


def test_a_provider_that_cannot_be_reached_is_unavailable_not_an_error_page() -> None:
    oidc.forget_providers()
    config = oidc.OidcConfig("http://127.0.0.1:9/.well-known/openid-configuration", "a", "b",
                             timeout=2)
    with pytest.raises(Unavailable, match="could not be reached"):
        oidc.begin(config, CALLBACK, "/")
