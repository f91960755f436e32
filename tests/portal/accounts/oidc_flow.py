"""Going through the provider's sign-in form the way a browser would, without one."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import requests

from portal.accounts import oidc
from tests.servers.fixtures import CALLBACK, CLIENT_ID, CLIENT_SECRET, PROVIDER_PASSWORD, Provider


def config_for(provider: Provider) -> oidc.OidcConfig:
    return oidc.OidcConfig(provider.discovery_url, CLIENT_ID, CLIENT_SECRET,
                           scopes="openid email profile groups")


def sign_in_at_provider(url: str, username: str) -> dict[str, str]:
    """Open the provider's authorize address, sign in there; the callback's query arguments."""
    with requests.Session() as browser:
        browser.trust_env = False
        form = browser.get(url, timeout=10)
        assert form.status_code == 200, form.text
        answer = browser.post(url, data={"username": username, "password": PROVIDER_PASSWORD},
                              allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    location = answer.headers["Location"]
    assert location.startswith(CALLBACK + "?"), location
    return dict(parse_qsl(urlsplit(location).query))


def round_trip(provider: Provider, username: str) -> tuple[oidc.PendingSignIn, dict[str, str]]:
    url, pending = oidc.begin(config_for(provider), CALLBACK, "/portal/")
    return pending, sign_in_at_provider(url, username)
