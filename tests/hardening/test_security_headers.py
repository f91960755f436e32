"""Security headers on every kind of response a browser can get.

tests/portal/site/test_site.py already checks that built pages have no inline script and that their
CSP allows none, a few pages' headers, and that folders without index.html are not listed; here every
kind of response: portal page, site page, site asset and search data, the portal's static
files, redirects, API answers and error pages (400, 401, 403, 404, 405, 413 and 500).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import search
from portal import app_state, create_app
from portal.accounts.access import ACCESS_ATTRIBUTE
from portal.accounts.roles import Role
from tests.helpers import inline_scripts
from tests.portal.helpers import Person, login, text


@pytest.fixture
def settings(settings: dict[str, Any], built_site: Path, tmp_path: Path) -> dict[str, Any]:
    search.build_index(built_site.parent / "docs", tmp_path / "search-index")
    return {**settings, "INDEX_DIR": str(tmp_path / "search-index")}


@pytest.fixture
def reader(app: Flask, people: dict[Role, Person]) -> FlaskClient:
    client = app.test_client()
    login(client, people[Role.AGENT].email)
    return client


def _directives(response: TestResponse) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    found: dict[str, str] = {}
    for part in policy.split(";"):
        name, _, value = part.strip().partition(" ")
        if name:
            found[name] = value
    return found


def _assert_headers(response: TestResponse, label: str) -> None:
    headers = response.headers
    assert headers.get("X-Content-Type-Options") == "nosniff", label
    assert headers.get("Referrer-Policy") in ("same-origin", "no-referrer",
                                              "strict-origin-when-cross-origin"), label
    csp = _directives(response)
    assert csp, f"{label}: no Content-Security-Policy"
    assert csp.get("frame-ancestors") == "'none'" or headers.get("X-Frame-Options") == "DENY"
    assert headers.get("X-Frame-Options") == "DENY", label
    assert csp.get("object-src") == "'none'", label
    script = csp.get("script-src", "")
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, label
    assert "*" not in script.split() and "data:" not in script, label


CASES: dict[str, tuple[Callable[[FlaskClient], TestResponse], int]] = {
    "portal page": (lambda c: c.get("/portal/"), 200),
    "portal form page": (lambda c: c.get("/portal/capture/faq"), 200),
    "site page": (lambda c: c.get("/policies/refunds/"), 200),
    "site home": (lambda c: c.get("/"), 200),
    "site search data": (lambda c: c.get("/search/search_index.json"), 200),
    "site sitemap": (lambda c: c.get("/sitemap.xml"), 200),
    "site folder redirect": (lambda c: c.get("/policies/refunds"), 308),
    "site folder without index": (lambda c: c.get("/assets/"), 404),
    "portal static file": (lambda c: c.get("/portal/static/portal.js"), 404),
    "portal stylesheet": (lambda c: c.get("/portal/static/portal.css"), 200),
    "portal script": (lambda c: c.get("/portal/static/search.js"), 200),
    "api answer": (lambda c: c.get("/api/me"), 200),
    "api search": (lambda c: c.get("/api/search?q=refund"), 200),
    "api bad request": (lambda c: c.get("/api/search?q=refund&lang=xx"), 400),
    "portal 403": (lambda c: c.get("/portal/admin/users"), 403),
    "portal 404": (lambda c: c.get("/portal/no-such-thing"), 404),
    "site 404": (lambda c: c.get("/no/such/page/"), 404),
    "405": (lambda c: c.post("/portal/"), 405),
    "csrf 400": (lambda c: c.post("/portal/tokens/", data={"name": "x"}), 400),
    "search open redirect": (lambda c: c.get("/portal/search/open?to=/policies/refunds/"), 303),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_kind_of_response_carries_the_security_headers(
    reader: FlaskClient, case: str
) -> None:
    call, status = CASES[case]
    response = call(reader)
    assert response.status_code == status, (case, text(response)[:200])
    _assert_headers(response, case)


@pytest.mark.parametrize("url", ["/", "/policies/refunds/", "/portal/", "/api/me"])
def test_anonymous_answers_carry_them_too(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (302, 401)
    _assert_headers(response, url)
    _assert_headers(client.get("/portal/login"), "login page")


def test_portal_pages_run_only_the_portals_own_scripts(reader: FlaskClient) -> None:
    for url in ("/portal/", "/portal/search?q=refund", "/portal/capture/faq", "/portal/tokens/"):
        response = reader.get(url)
        csp = _directives(response)
        assert csp["script-src"] == "'self'", url
        assert csp["style-src"] == "'self'", url
        assert csp.get("base-uri") == "'none'" and csp.get("form-action") == "'self'", url
        page = text(response)
        assert not inline_scripts(page), f"{url}: inline script the CSP would block"
        assert not re.search(r"\son[a-z]+\s*=", page), f"{url}: an inline event handler"
        assert response.headers["Cache-Control"] == "no-store"


def test_site_pages_run_script_files_only_never_inline_script(reader: FlaskClient) -> None:
    for url in ("/policies/refunds/", "/faq/orders/", "/ar/policies/refunds/"):
        response = reader.get(url)
        assert _directives(response)["script-src"] == "'self'", url
        assert not inline_scripts(text(response)), f"{url}: inline script the CSP would block"


def test_an_internal_error_page_carries_them_and_says_nothing_of_the_cause(
    settings: dict[str, Any], people: dict[Role, Person], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = {**settings, "TESTING": False, "PROPAGATE_EXCEPTIONS": False}
    app = create_app(settings)
    original = app.view_functions["home.index"]

    def broken() -> str:
        raise RuntimeError("secret detail of the failure")

    setattr(broken, ACCESS_ATTRIBUTE, getattr(original, ACCESS_ATTRIBUTE))
    app.view_functions["home.index"] = broken
    client = app.test_client()
    login(client, people[Role.AGENT].email)
    for accept in ("text/html", "application/json"):
        response = client.get("/portal/", headers={"Accept": accept})
        assert response.status_code == 500
        assert "secret detail" not in text(response)
        _assert_headers(response, f"500 {accept}")
    app_state.database(app).dispose()


def test_a_body_over_the_limit_gets_413_with_the_headers(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    app = create_app({**settings, "MAX_CONTENT_LENGTH": 4096})
    client = app.test_client()
    login(client, people[Role.AGENT].email)
    for response in (client.post("/portal/tokens/", data={"name": "x" * 10_000}),
                     client.post("/portal/capture/preview", json={"markdown": "x" * 10_000})):
        assert response.status_code == 413
        _assert_headers(response, "413")
    app_state.database(app).dispose()


def test_https_adds_strict_transport_security(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    app = create_app({**settings, "HTTPS": True})
    response = app.test_client().get("/portal/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    app_state.database(app).dispose()
