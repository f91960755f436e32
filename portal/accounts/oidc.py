"""Single sign-on with an OpenID Connect provider: the authorization-code flow with PKCE.

`begin` makes the address to send the browser to and what to remember until it comes back
(kept in the signed session cookie); `finish` checks what came back (the state), exchanges the
code for tokens (with the PKCE verifier) and checks the ID token: the provider's signature
(its published keys), issuer, audience, expiry and the nonce. Authlib does the protocol; the
provider's metadata and keys are fetched from its discovery URL and kept for an hour (the keys
again at once when a token names a key not yet seen).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from portal.errors import NotAllowed, Unavailable
from portal.i18n import N_

METADATA_SECONDS = 3600
CLOCK_LEEWAY = 60  # seconds of clock difference tolerated between the provider and us
PENDING_SECONDS = 600  # a sign-in must come back from the provider within this


@dataclass(frozen=True)
class OidcConfig:
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"
    timeout: float = 10.0


class SignInRefused(NotAllowed):
    """The provider's answer cannot be trusted or does not sign anybody in."""


@dataclass(frozen=True)
class PendingSignIn:
    """What one browser's sign-in needs when it comes back; kept in its session only."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    next: str
    started: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PendingSignIn:
        try:
            return cls(**{key: data[key] for key in cls.__dataclass_fields__})
        except (KeyError, TypeError) as error:
            raise SignInRefused(
                N_("this sign-in was not started in this browser; start again")) from error


@dataclass(frozen=True)
class ProviderIdentity:
    issuer: str
    subject: str
    email: str
    email_verified: bool
    name: str
    claims: Mapping[str, Any] = field(repr=False)


@dataclass
class _Provider:
    metadata: dict[str, Any]
    keys: dict[str, Any]
    fetched: float


_providers: dict[str, _Provider] = {}
_lock = threading.Lock()


def _http(config: OidcConfig) -> OAuth2Session:
    client = OAuth2Session(
        config.client_id, config.client_secret, scope=config.scopes,
        code_challenge_method="S256",
    )
    client.trust_env = False  # the provider is reached directly, never through a proxy setting
    return client


def _get_json(config: OidcConfig, url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=config.timeout)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Unavailable(
            N_("the identity provider could not be reached (%(url)s): %(error)s; try again "
               "shortly"), url=url, error=str(error)
        ) from error
    if not isinstance(data, dict):
        raise Unavailable(
            N_("the identity provider answered %(url)s with something unexpected"), url=url)
    return data


def _provider(config: OidcConfig, *, fresh_keys: bool = False) -> _Provider:
    with _lock:
        known = _providers.get(config.discovery_url)
    if known is None or time.monotonic() - known.fetched > METADATA_SECONDS:
        metadata = _get_json(config, config.discovery_url)
        missing = [key for key in ("issuer", "authorization_endpoint", "token_endpoint",
                                   "jwks_uri") if not isinstance(metadata.get(key), str)]
        if missing:
            raise Unavailable(N_("the identity provider's discovery document lacks %(keys)s"),
                              keys=", ".join(missing))
        known = _Provider(metadata, _get_json(config, metadata["jwks_uri"]), time.monotonic())
    elif fresh_keys:
        known = _Provider(known.metadata, _get_json(config, known.metadata["jwks_uri"]),
                          known.fetched)
    with _lock:
        _providers[config.discovery_url] = known
    return known


def _keys(provider: _Provider) -> KeySet:
    return KeySet.import_key_set(cast(Any, provider.keys))


def begin(config: OidcConfig, redirect_uri: str, next_path: str) -> tuple[str, PendingSignIn]:
    """The provider's address to send the browser to, and what to remember until it is back."""
    provider = _provider(config)
    pending = PendingSignIn(
        state=secrets.token_urlsafe(24), nonce=secrets.token_urlsafe(24),
        code_verifier=generate_token(64), redirect_uri=redirect_uri, next=next_path,
        started=time.time(),
    )
    with _http(config) as client:
        url, _ = client.create_authorization_url(
            provider.metadata["authorization_endpoint"], state=pending.state,
            nonce=pending.nonce, code_verifier=pending.code_verifier,
            redirect_uri=redirect_uri,
        )
    return str(url), pending


def finish(
    config: OidcConfig, pending: PendingSignIn, answer: Mapping[str, str], *,
    now: float | None = None,
) -> ProviderIdentity:
    """Check the provider's answer (the callback's query arguments) and the ID token it leads
    to; the person's identity at the provider."""
    moment = time.time() if now is None else now
    if answer.get("error"):
        raise SignInRefused(N_("the identity provider did not sign you in (%(error)s); try "
                               "again or ask an admin"), error=answer["error"][:100])
    if not secrets.compare_digest(str(answer.get("state", "")), pending.state):
        raise SignInRefused(N_("this answer from the identity provider is not for the sign-in "
                               "this browser started; start again"))
    if moment - pending.started > PENDING_SECONDS:
        raise SignInRefused(N_("the sign-in took too long; start again"))
    code = answer.get("code", "")
    if not code:
        raise SignInRefused(N_("the identity provider sent no authorization code; start again"))
    provider = _provider(config)
    token = _exchange(config, provider, pending, code)
    claims = _verified_claims(config, provider, pending, token, moment)
    email = claims.get("email")
    if not isinstance(email, str) or not email:
        raise SignInRefused(N_("the identity provider did not say your email address; ask an "
                               "admin to allow the email scope"))
    return ProviderIdentity(
        issuer=str(claims["iss"]), subject=str(claims["sub"]), email=email,
        email_verified=claims.get("email_verified") is True,
        name=str(claims.get("name") or ""), claims=dict(claims),
    )


def _exchange(
    config: OidcConfig, provider: _Provider, pending: PendingSignIn, code: str
) -> dict[str, Any]:
    with _http(config) as client:
        try:
            token = client.fetch_token(
                provider.metadata["token_endpoint"], code=code,
                code_verifier=pending.code_verifier, redirect_uri=pending.redirect_uri,
                timeout=config.timeout,
            )
        except requests.RequestException as error:
            raise Unavailable(N_("the identity provider could not be reached: %(error)s"),
                              error=str(error)) from error
        except AuthlibBaseError as error:
            raise SignInRefused(N_("the identity provider refused the sign-in (%(error)s); start "
                                   "again"), error=str(error.error)) from error
    if not isinstance(token, dict) or not token.get("id_token"):
        raise SignInRefused(N_("the identity provider sent no ID token; check the scopes "
                               "include openid"))
    return dict(token)


def _verified_claims(
    config: OidcConfig, provider: _Provider, pending: PendingSignIn, token: dict[str, Any],
    now: float,
) -> CodeIDToken:
    algorithms = provider.metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    registry = JWSRegistry(algorithms=[alg for alg in algorithms if alg != "none"])
    try:
        try:
            decoded = jwt.decode(token["id_token"], _keys(provider),
                                 registry=registry)
        except InvalidKeyIdError:
            provider = _provider(config, fresh_keys=True)
            decoded = jwt.decode(token["id_token"], _keys(provider),
                                 registry=registry)
        claims = CodeIDToken(
            decoded.claims, decoded.header,
            {"iss": {"essential": True, "value": provider.metadata["issuer"]},
             "aud": {"essential": True, "value": config.client_id}},
            {"nonce": pending.nonce, "client_id": config.client_id,
             "access_token": token.get("access_token")},
        )
        claims.validate(now=int(now), leeway=CLOCK_LEEWAY)
    except ExpiredTokenError as error:
        raise SignInRefused(N_("the identity provider's ID token has expired; start again (if "
                               "it keeps happening, check the server's clock)")) from error
    except InvalidClaimError as error:
        if error.claim == "nonce":
            raise SignInRefused(N_("the identity provider's ID token is not for this sign-in "
                                   "(wrong nonce); start again")) from error
        raise SignInRefused(N_("the identity provider's ID token has a wrong “%(claim)s”; ask "
                               "an admin to check the settings"), claim=str(error.claim)) from error
    except (JoseError, ValueError) as error:
        raise SignInRefused(N_("the identity provider's ID token could not be verified "
                               "(%(error)s); ask an admin"), error=str(error)) from error
    return claims


def forget_providers() -> None:
    """Drop the kept metadata and keys (a test's provider restarts on another port)."""
    with _lock:
        _providers.clear()
