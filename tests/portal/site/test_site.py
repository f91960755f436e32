"""The built site behind sign-in: every file, nothing outside, the right headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from portal.accounts.roles import Role
from tests.helpers import inline_scripts
from tests.portal.helpers import Person, login, text


@pytest.fixture
def reader(client: FlaskClient, people: dict[Role, Person]) -> FlaskClient:
    login(client, people[Role.NEW_HIRE].email)
    return client


@pytest.mark.parametrize(
    "url", ["/", "/policies/refunds/", "/search/search_index.json", "/sitemap.xml"]
)
def test_anonymous_visitors_are_sent_to_sign_in(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/portal/login?next=")


def test_a_new_hire_reads_pages_in_every_language(reader: FlaskClient) -> None:
    home = reader.get("/")
    assert home.status_code == 200
    assert home.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Welcome to the knowledge base" in text(home)
    arabic = reader.get("/ar/policies/refunds/")
    assert arabic.status_code == 200 and 'dir="rtl"' in text(arabic)


def test_the_sites_own_files_are_served_with_their_types(reader: FlaskClient) -> None:
    page = text(reader.get("/policies/refunds/"))
    stylesheet = re.search(r'href="../../(assets/stylesheets/main\.[^"]+\.css)"', page)
    script = re.search(r'src="../../(assets/javascripts/bundle\.[^"]+\.js)"', page)
    assert stylesheet and script
    css = reader.get("/" + stylesheet.group(1))
    js = reader.get("/" + script.group(1))
    index = reader.get("/search/search_index.json")
    assert css.headers["Content-Type"].startswith("text/css")
    assert js.headers["Content-Type"].startswith("text/javascript")
    assert index.headers["Content-Type"] == "application/json"
    assert "Refunds" in text(index)
    assert "max-age=3600" in css.headers["Cache-Control"]
    assert "no-cache" in reader.get("/policies/refunds/").headers["Cache-Control"]


def test_a_folder_without_its_slash_is_redirected(reader: FlaskClient) -> None:
    response = reader.get("/policies/refunds")
    assert response.status_code == 308
    assert response.headers["Location"] == "/policies/refunds/"


def test_unchanged_pages_are_not_sent_twice(reader: FlaskClient) -> None:
    first = reader.get("/policies/refunds/")
    again = reader.get("/policies/refunds/", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/../secret.txt",
        "/policies/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/policies/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/policies/..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/.git/config",
        "/policies/.hidden",
        "/%00",
        "/policies/refunds/index.html%00.css",
        "/assets/",
        "/no/such/page/",
        "/escape/secret.txt",
        "/escape-file",
    ],
)
def test_nothing_outside_the_site_is_reachable(
    reader: FlaskClient, built_site: Path, url: str
) -> None:
    build = built_site.resolve()
    (build / ".git").mkdir(exist_ok=True)
    (build / ".git" / "config").write_text("[core]", encoding="utf-8")
    (build / "policies" / ".hidden").write_text("hidden", encoding="utf-8")
    outside = (("escape", build.parent.parent), ("escape-file", built_site.parent / "secret.txt"))
    for name, target in outside:
        link = build / name
        if not link.is_symlink():
            link.symlink_to(target)

    if url.startswith("//"):  # the test client would read "//etc" as a host name
        response = reader.get("/", environ_overrides={"PATH_INFO": url})
    else:
        response = reader.get(url)

    assert response.status_code == 404, url
    assert "outside the site" not in text(response)
    assert "[core]" not in text(response) and "Index of" not in text(response)


def test_portal_addresses_never_fall_through_to_the_site(
    reader: FlaskClient, built_site: Path
) -> None:
    (built_site.resolve() / "portal").mkdir()
    (built_site.resolve() / "portal" / "index.html").write_text("stale page", encoding="utf-8")

    wrong_method = reader.get("/portal/review/1/approve")  # a form action, POST only
    unknown = reader.get("/portal/no-such-page")
    shadowed = reader.get("/portal/index.html")

    assert wrong_method.status_code == 405
    assert "POST" in wrong_method.headers["Allow"]
    assert unknown.status_code == 404 and reader.get("/api/nothing").status_code == 404
    assert shadowed.status_code == 404 and "stale page" not in text(shadowed)


def test_every_response_carries_the_security_headers(reader: FlaskClient) -> None:
    for url in ("/", "/portal/", "/portal/login", "/no-such-page/"):
        headers = reader.get(url).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], url
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_built_pages_have_no_inline_script_and_their_csp_allows_none(
    reader: FlaskClient, built_site: Path
) -> None:
    """The theme's inline scripts live in files (overrides/partials/javascripts/): the CSP
    trusts no script that is part of a page, so none that a page's Markdown smuggled in."""
    for page in built_site.rglob("*.html"):
        assert not inline_scripts(page.read_text(encoding="utf-8")), page
    for url in ("/", "/ar/policies/refunds/"):
        policy = reader.get(url).headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy
        assert "sha256-" not in policy and "'unsafe-inline'" not in policy


def test_a_script_that_got_into_a_built_page_is_not_allowed_by_its_csp(
    reader: FlaskClient, built_site: Path
) -> None:
    """Were the sanitiser to miss one, the policy would still not name it (it used to hash
    every inline script of the served file into the page's policy)."""
    page = built_site / "faq" / "orders" / "index.html"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original.replace("</article>", "<script>alert(1)</script></article>"),
                        encoding="utf-8")
        response = reader.get("/faq/orders/")
        assert "<script>alert(1)</script>" in text(response)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "sha256-" not in policy
    finally:
        page.write_text(original, encoding="utf-8")


def test_portal_pages_allow_no_inline_script(reader: FlaskClient) -> None:
    policy = reader.get("/portal/").headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy


def test_a_body_over_the_limit_is_refused_with_413(
    settings: dict[str, Any], people: dict[Role, Person]
) -> None:
    from portal import create_app

    app = create_app({**settings, "MAX_CONTENT_LENGTH": 2048})
    client = app.test_client()
    response = client.post("/portal/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "too large" in text(response) and "2 KB" in text(response)
    arabic = client.post("/portal/login", data={"email": "x" * 5000},
                         headers={"Accept-Language": "ar"})
    assert arabic.status_code == 413 and "2 كيلوبايت" in text(arabic)


def test_a_site_that_is_not_built_yet_says_so(
    settings: dict[str, Any], tmp_path: Path, people: dict[Role, Person]
) -> None:
    from portal import create_app

    app = create_app({**settings, "SITE_DIR": str(tmp_path / "nothing")})
    client = app.test_client()
    login(client, people[Role.AGENT].email)
    response = client.get("/")
    assert response.status_code == 404
    assert "deskbook build" in text(response)
