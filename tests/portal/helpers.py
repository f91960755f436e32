"""A test client that behaves like a person with a browser: real login form, real CSRF."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Person:
    email: str
    role: str
    password: str = PASSWORD


def csrf_from(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def page_csrf(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return csrf_from(response.get_data(as_text=True))


def login(
    client: FlaskClient,
    email: str,
    password: str = PASSWORD,
    *,
    remember: bool = False,
    next: str | None = None,
) -> TestResponse:
    url = "/portal/login" + (f"?next={next}" if next else "")
    token = page_csrf(client, url)
    form = {"csrf_token": token, "email": email, "password": password}
    if remember:
        form["remember"] = "on"
    if next is not None:
        form["next"] = next
    return client.post("/portal/login", data=form)


def signed_in(app: Flask, person: Person) -> FlaskClient:
    """A new browser on `app`, signed in as `person`."""
    client = app.test_client()
    login(client, person.email)
    return client


def post_form(client: FlaskClient, page: str, action: str, **fields: str) -> TestResponse:
    """Open `page`, take its CSRF token and submit a form to `action` like a browser would."""
    return client.post(action, data={"csrf_token": page_csrf(client, page), **fields})


def text(response: TestResponse) -> str:
    return response.get_data(as_text=True)


ACKNOWLEDGE_FORM = (
    r'action="(/portal/onboarding/\d+/items/{item}/acknowledge)"[^>]*>\s*'
    r'<input type="hidden" name="csrf_token" value="([^"]+)">\s*'
    r'<input type="hidden" name="version" value="([^"]*)">'
)


def open_and_acknowledge(client: FlaskClient, item: str) -> TestResponse:
    """What a person does on their checklist: open the item (its link notes that they reached
    it), then press "I have read this version"."""
    checklist = text(client.get("/portal/onboarding/"))
    link = re.search(rf'href="(/portal/onboarding/\d+/items/{item}/open)"', checklist)
    assert link, f"no link to open {item}"
    client.get(link.group(1))
    checklist = text(client.get("/portal/onboarding/"))
    form = re.search(ACKNOWLEDGE_FORM.format(item=re.escape(item)), checklist)
    assert form, f"no acknowledge button for {item}"
    return client.post(form.group(1), data={"csrf_token": form.group(2), "version": form.group(3)})


def speaking(app: Flask, person: Person, language: str) -> FlaskClient:
    """A client signed in as `person`, who chose `language` in the portal's language menu."""
    client = app.test_client()
    login(client, person.email)
    chosen = post_form(client, "/portal/", "/portal/account/language", language=language)
    assert chosen.status_code == 303
    return client
