"""The portal speaks the person's language: their browser's until they choose one, then their
choice, on every page and in the header the site fetches; Arabic right to left."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from portal.accounts.roles import Role
from tests.portal.helpers import Person, login, post_form, text


def _html_tag(html: str) -> str:
    found = re.search(r"<html[^>]*>", html)
    assert found
    return found.group(0)


def test_the_browsers_language_until_the_person_chooses(
    app: Flask, people: dict[Role, Person]
) -> None:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar-EG,ar;q=0.9,en;q=0.5"
    login(client, people[Role.AGENT].email)
    home = text(client.get("/portal/"))
    assert _html_tag(home) == '<html lang="ar" dir="rtl">'
    assert "تسجيل الخروج" in home and "Sign out" not in home  # the menu's "Sign out"

    chosen = post_form(client, "/portal/", "/portal/account/language", language="id",
                       next="/portal/search")
    assert chosen.status_code == 303 and chosen.headers["Location"] == "/portal/search"
    search = text(client.get("/portal/search"))
    assert _html_tag(search) == '<html lang="id" dir="ltr">'
    assert "Cari di basis pengetahuan" in search

    # Another browser, another language asked for: the person's choice still wins.
    elsewhere = app.test_client()
    elsewhere.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en-GB"
    login(elsewhere, people[Role.AGENT].email)
    assert 'lang="id"' in _html_tag(text(elsewhere.get("/portal/")))


def test_the_sites_header_comes_in_the_pages_language(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.LEAD].email)
    header = text(client.get("/portal/shell?lang=ar"))
    assert "ابحث في قاعدة المعرفة" in header and "قائمة المراجعة" in header
    assert client.get("/portal/shell?lang=xx").status_code == 400


def test_a_language_we_do_not_have_is_refused(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    refused = post_form(client, "/portal/", "/portal/account/language", language="fr")
    assert refused.status_code == 400
    assert 'lang="en"' in _html_tag(text(client.get("/portal/")))


def test_error_pages_and_dates_follow_the_language(
    client: FlaskClient, people: dict[Role, Person]
) -> None:
    login(client, people[Role.AGENT].email)
    post_form(client, "/portal/", "/portal/account/language", language="ar")
    missing = text(client.get("/portal/no-such-page"))
    assert "الصفحة غير موجودة" in missing
    refused = text(client.get("/portal/review/"))
    assert "دورك لا يسمح بهذا" in refused and "يتطلب هذا دور قائد فريق أو أعلى." in refused
