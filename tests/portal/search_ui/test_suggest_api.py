"""POST /api/suggest (session or API token) and the sidebar page's headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask

from portal import create_app
from portal.accounts import tokens, users
from portal.accounts.roles import Role
from search.suggestions import MAX_MESSAGE_CHARS
from tests.portal.helpers import Person, page_csrf, post_form, signed_in, speaking, text
from tests.portal.search_ui.suggest_kb import MESSAGE, suggest_settings


@pytest.fixture
def settings(settings: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return suggest_settings(settings, tmp_path)


def _token(db: Any, person: Person) -> str:
    return tokens.create_token(db, users.require_user(db, person.email), "helpdesk")[1]


def test_a_helpdesk_app_with_a_token_gets_the_reply_filled_and_the_deciding_section(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    secret = _token(db, people[Role.AGENT])
    response = app.test_client().post(
        "/api/suggest", json={"text": MESSAGE}, headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 200
    answer = response.get_json()
    assert set(answer) == {"lang", "replies", "sections", "fields"}
    assert answer["lang"] == "en"
    reply = answer["replies"][0]
    assert reply["path"] == "templates/damaged-item.md"
    assert reply["text"].startswith("Hi Amira, sorry order SHOP-1234 broke.")
    assert reply["to_fill"] == []
    section = answer["sections"][0]
    assert (section["path"], section["anchor"]) == ("policies/returns.md", "damaged-items")
    assert section["url"].endswith("#damaged-items") and section["cross_language"] is False
    assert [n["value"] for n in answer["fields"]["order_numbers"]] == ["SHOP-1234"]


def test_an_arabic_message_gets_the_english_policy_marked_as_such(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    secret = _token(db, people[Role.AGENT])
    response = app.test_client().post(
        "/api/suggest", json={"text": "Damaged lamp broken", "lang": "ar"},
        headers={"Authorization": f"Bearer {secret}"})

    answer = response.get_json()
    assert answer["lang"] == "ar"
    assert answer["sections"][0]["lang"] == "en" and answer["sections"][0]["cross_language"]


def test_a_signed_in_agent_posts_with_the_session_and_its_csrf_token(
    app: Flask, people: dict[Role, Person]
) -> None:
    browser = signed_in(app, people[Role.AGENT])
    without = browser.post("/api/suggest", json={"text": MESSAGE})
    assert without.status_code == 400  # a session's unsafe request needs its CSRF token

    csrf = page_csrf(browser, "/portal/search")
    answer = browser.post("/api/suggest", json={"text": MESSAGE}, headers={"X-CSRFToken": csrf})
    assert answer.status_code == 200 and answer.get_json()["replies"]


def test_nobody_else_is_answered(app: Flask) -> None:
    response = app.test_client().post("/api/suggest", json={"text": MESSAGE})
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"text": 5}, "send JSON"),
        (["text"], "send JSON"),
        ({"lang": "en"}, "send JSON"),
        ({"text": MESSAGE, "lang": "fr"}, "lang must be one of"),
        ({"text": MESSAGE, "lang": []}, "lang must be one of"),  # once a 500: unhashable
        ({"text": MESSAGE, "lang": {"en": 1}}, "lang must be one of"),
        ({"text": "   "}, "empty"),
        ({"text": "a\x00b"}, "NUL"),
        ({"text": "x" * (MAX_MESSAGE_CHARS + 1)}, "too long"),
    ],
)
def test_a_bad_request_is_a_400_that_says_why(
    app: Flask, db: Any, people: dict[Role, Person], body: object, says: str
) -> None:
    secret = _token(db, people[Role.AGENT])
    response = app.test_client().post(
        "/api/suggest", json=body, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 400
    assert says in response.get_json()["message"]


def test_a_message_refused_is_explained_in_the_agents_language(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    speaking(app, people[Role.AGENT], "id")
    secret = _token(db, people[Role.AGENT])
    response = app.test_client().post(
        "/api/suggest", json={"text": "x" * (MAX_MESSAGE_CHARS + 1)},
        headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 400
    assert "pesan ini terlalu panjang (20.001 karakter; paling banyak 20.000)" in (
        response.get_json()["message"])


def test_a_message_at_the_length_limit_is_answered(
    app: Flask, db: Any, people: dict[Role, Person]
) -> None:
    secret = _token(db, people[Role.AGENT])
    long_thread = (MESSAGE + "\n\n> " + "older quoted words " * 2000)[:MAX_MESSAGE_CHARS]
    response = app.test_client().post(
        "/api/suggest", json={"text": long_thread}, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.get_json()["replies"][0]["path"] == "templates/damaged-item.md"


def test_the_sidebar_cannot_be_framed_until_an_admin_lists_the_helpdesk(
    app: Flask, settings: dict[str, Any]
) -> None:
    closed = app.test_client().get("/portal/sidebar")
    assert closed.status_code == 200
    assert "frame-ancestors 'none'" in closed.headers["Content-Security-Policy"]
    assert closed.headers["X-Frame-Options"] == "DENY"

    origins = ["https://acme.zendesk.com", "https://*.apps.zdusercontent.com"]
    opened = create_app({**settings, "SIDEBAR_FRAME_ANCESTORS": origins}).test_client()
    response = opened.get("/portal/sidebar?text=Where+is+my+order%3F&ticket=4711")
    policy = response.headers["Content-Security-Policy"]
    assert ("frame-ancestors https://acme.zendesk.com https://*.apps.zdusercontent.com"
            in policy)
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "X-Frame-Options" not in response.headers
    assert "Access-Control-Allow-Origin" not in response.headers
    page = response.get_data(as_text=True)
    assert ">Where is my order?</textarea>" in page and 'value="4711"' in page
    # every other page stays unframeable
    assert opened.get("/portal/login").headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "value",
    ["https://acme.zendesk.com; script-src *", "'self'", "javascript:alert(1)", "acme.com",
     ["https://ok.example", 7]],
)
def test_an_allowlist_that_is_not_origins_stops_the_app_at_start(
    settings: dict[str, Any], value: object
) -> None:
    with pytest.raises(ValueError, match="SIDEBAR_FRAME_ANCESTORS"):
        create_app({**settings, "SIDEBAR_FRAME_ANCESTORS": value})


def test_text_passed_in_is_shown_as_text(app: Flask) -> None:
    page = app.test_client().get("/portal/sidebar?text=%3Cscript%3Ealert(1)%3C/script%3E")
    html = page.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_a_long_pasted_message_is_posted_and_one_over_the_limit_gets_a_page_that_says_so(
    app: Flask, people: dict[Role, Person],
) -> None:
    agent = speaking(app, people[Role.AGENT], "ar")
    form = text(agent.get("/portal/sidebar"))
    assert re.search(r'<form class="stack" method="post" action="/portal/sidebar"', form)
    thread = (MESSAGE + "\r\n\r\n> " + "كلمات مقتبسة من رسالة سابقة " * 1000)[:MAX_MESSAGE_CHARS]
    assert len(quote(thread)) > 8 * 4096  # far past what an address may hold
    answer = post_form(agent, "/portal/sidebar", "/portal/sidebar", text=thread, ticket="4711")
    assert answer.status_code == 200
    page = text(answer)
    assert "كلمات مقتبسة من رسالة سابقة" in page and 'value="4711"' in page
    assert "Content-Security-Policy" in answer.headers

    too_long = post_form(agent, "/portal/sidebar", "/portal/sidebar",
                         text="x" * (MAX_MESSAGE_CHARS + 1))
    assert too_long.status_code == 413
    refused = text(too_long)
    assert "هذه الرسالة طويلة جدًا" in refused and "يقرأ 20,000 حرفًا على الأكثر" in refused
    assert "Bad Request" not in refused and 'id="sidebar-text"' not in refused

    no_token = agent.post("/portal/sidebar", data={"text": "Where is my order?"})
    assert no_token.status_code == 400

    short_link = agent.get("/portal/sidebar?text=Where+is+my+order%3F&ticket=12")
    assert short_link.status_code == 200 and ">Where is my order?</textarea>" in text(short_link)
