"""Single sign-on in a real browser: the whole authorization-code flow with PKCE between a
`deskbook serve` portal and the test OpenID Connect provider process, both on 127.0.0.1 —
the button, the provider's page, the way back signed in with the role from the groups claim;
an answer whose state was tampered with leaves the browser signed out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import (
    ConsoleWatch,
    NewPage,
    Portal,
    copy_knowledge_base,
    free_port,
    screenshot,
    serve_knowledge_base,
    stop_portal,
)
from tests.servers.fixtures import CLIENT_ID, CLIENT_SECRET, PROVIDER_PASSWORD, start_provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sso_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    folder = tmp_path_factory.mktemp("sso")
    port = free_port()
    provider = start_provider(folder / "idp", [f"http://127.0.0.1:{port}/portal/sso/callback"])
    docs, onboarding = copy_knowledge_base(folder)
    running = serve_knowledge_base(folder, docs, onboarding, [], port=port, settings={
        "DESKBOOK_OIDC_DISCOVERY_URL": provider.discovery_url,
        "DESKBOOK_OIDC_CLIENT_ID": CLIENT_ID,
        "DESKBOOK_OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "DESKBOOK_OIDC_SCOPES": "openid email profile groups",
        "DESKBOOK_OIDC_ROLE_CLAIM": "groups",
        "DESKBOOK_OIDC_ROLE_VALUES": json.dumps({"support-leads": "lead", "support": "agent"}),
    })
    try:
        yield running
    finally:
        stop_portal(running)
        provider.running.stop()


def at_provider(page_url: str) -> bool:
    return "/authorize" in page_url


def test_a_person_signs_in_through_the_provider_and_lands_where_they_were_going(
    new_page: NewPage, sso_portal: Portal, console: ConsoleWatch,
) -> None:
    page = new_page()
    page.goto(sso_portal.url("/portal/editor/"))
    expect(page).to_have_url(re.compile(r"/portal/login\?next=/portal/editor/$"))
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.wait_for_url(at_provider)
    assert "code_challenge_method=S256" in page.url and "state=" in page.url
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(sso_portal.url("/portal/editor/"))  # a lead's page: the claim
    expect(page.locator(".db-shell-who")).to_have_text("ana@example.com · Lead")
    screenshot(page, "sso-signed-in")


def test_an_answer_with_a_tampered_state_is_refused_and_nobody_is_signed_in(
    new_page: NewPage, sso_portal: Portal, console: ConsoleWatch,
) -> None:
    console.allow("status of 403")  # the refusal page answers 403
    page = new_page()
    page.goto(sso_portal.url("/portal/login"))
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.wait_for_url(at_provider)
    # The provider's answer, taken outside the browser, comes back with another state.
    with requests.Session() as elsewhere:
        elsewhere.trust_env = False
        answer = elsewhere.post(page.url, allow_redirects=False, timeout=10,
                                data={"username": "budi", "password": PROVIDER_PASSWORD})
    callback = answer.headers["Location"]
    assert "/portal/sso/callback?" in callback
    page.goto(re.sub(r"state=[^&]+", "state=forged", callback))
    expect(page.get_by_text("not for the sign-in this browser started")).to_be_visible()
    page.goto(sso_portal.url("/portal/"))
    expect(page).to_have_url(re.compile(r"/portal/login"))
