"""A lead's preview links lead where the built site will have them, and a new page can be
created as the Arabic or Indonesian translation of an English page."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from content.check import check_docs
from content.frontmatter import split_front_matter
from portal.accounts.roles import Role
from portal.site.build import build_site
from tests.helpers import REPO, write_page
from tests.portal.helpers import Person, csrf_from, page_csrf, text

REFUNDS = "policies/refunds.md"
HOWTO = "howtos/issue-a-refund.md"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = tmp_path / "kb-docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n", title="Home")
    write_page(
        docs,
        REFUNDS,
        "# Refunds\n\n## Window\n\nCustomers have 30 days.\n",
        title="Refunds",
        type="policy",
        lang="en",
    )
    write_page(
        docs,
        "policies/refunds.ar.md",
        "# الاسترداد\n\n## المدة\n\n30 يوما.\n",
        title="الاسترداد",
        type="policy",
        lang="ar",
        translation_of=REFUNDS,
    )
    write_page(
        docs,
        HOWTO,
        "# Issue a refund\n\n## Check the order\n\nOpen it.\n",
        title="Issue a refund",
        type="howto",
    )
    (docs / "img").mkdir()
    (docs / "img/refund-flow.png").write_bytes(PNG)
    (tmp_path / "secret.md").write_text("# Not in the docs\n", encoding="utf-8")
    git(docs, "init", "--quiet")
    git(docs, "add", "--all")
    git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@x", "commit", "--quiet", "-m", "seed")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, tmp_path: Path) -> dict[str, Any]:
    return {
        **settings,
        "DOCS_DIR": str(kb),
        "INDEX_DIR": str(tmp_path / "kb-index"),
        "SITE_DIR": str(tmp_path / "kb-site"),
    }


def preview(client: FlaskClient, markdown: str, page: object) -> TestResponse:
    token = page_csrf(client, f"/portal/editor/edit?page={REFUNDS}")
    return client.post(
        "/portal/editor/preview",
        json={"markdown": markdown, "page": page},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )


def links(html: str) -> dict[str, str]:
    """Link text (or image alt) → where it leads, in the preview's HTML."""
    found = {label: href for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', html)}
    for attributes in re.findall(r"<img ([^>]*)>", html):
        image = dict(re.findall(r'(\w+)="([^"]*)"', attributes))
        found[image.get("alt", "")] = image.get("src", "")
    return found


PAGE_LINKS = (
    "See [how](../howtos/issue-a-refund.md#check-the-order), [this page](refunds.md), "
    "[home](../index.md), [window](#window), [shop](https://shop.example/refunds.md) and "
    '<a href="../howtos/issue-a-refund.md">raw</a>.\n\n![flow](../img/refund-flow.png)\n'
)


def test_preview_links_lead_to_the_pages_of_the_built_site(
    lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    response = preview(lead, PAGE_LINKS, REFUNDS)
    assert response.status_code == 200, text(response)
    assert links(response.get_json()["html"]) == {
        "how": "/howtos/issue-a-refund/#check-the-order",
        "this page": "/policies/refunds/",
        "home": "/",
        "window": "#window",  # same page: as written
        "shop": "https://shop.example/refunds.md",  # external: as written
        "raw": "/howtos/issue-a-refund/",  # links in raw HTML too
        "flow": "/img/refund-flow.png",
    }
    arabic = preview(lead, PAGE_LINKS + "[ar](refunds.ar.md)\n", "policies/refunds.ar.md")
    ar_links = links(arabic.get_json()["html"])
    # A translation's links stay in its language (the Arabic site falls back to English pages).
    assert ar_links["how"] == "/ar/howtos/issue-a-refund/#check-the-order"
    assert ar_links["ar"] == ar_links["this page"] == "/ar/policies/refunds/"
    assert ar_links["home"] == "/ar/" and ar_links["flow"] == "/img/refund-flow.png"

    # The same URLs mkdocs gives them: each one opens on the built site, anchor included.
    build_site(kb, tmp_path / "kb-site", REPO / "mkdocs.yml")
    for name, url in [*links(response.get_json()["html"]).items(), *ar_links.items()]:
        if url.startswith("/"):
            opened = lead.get(url.partition("#")[0])
            assert opened.status_code == 200, (name, url)
    assert 'id="check-the-order"' in text(lead.get("/howtos/issue-a-refund/"))
    assert 'id="check-the-order"' in text(lead.get("/ar/howtos/issue-a-refund/"))


def test_the_edit_form_tells_the_preview_which_page_it_shows(lead: FlaskClient) -> None:
    body = text(lead.get("/portal/editor/edit?page=policies/refunds.ar.md"))
    assert 'data-preview-page="policies/refunds.ar.md"' in body


def _attribute_names(html: str) -> set[str]:
    found: set[str] = set()

    class Names(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.update(name for name, _ in attrs)

    Names().feed(html)
    return found


def test_rewritten_links_are_still_sanitised(lead: FlaskClient) -> None:
    hostile = (
        '[a](javascript:alert(1)) <a href="javascript:alert(2)">b</a> '
        '<img src=../img/refund-flow.png onerror=alert(3)> [c](refunds.md#x"onclick="y)\n'
    )
    rendered = preview(lead, hostile, REFUNDS).get_json()["html"]
    lowered = rendered.lower()
    assert not re.search(r'=\s*"?\s*javascript:', lowered) and "onerror" not in lowered
    assert "onclick" not in _attribute_names(rendered)  # only inside the URL, as text
    assert '<img src="/img/refund-flow.png">' in rendered


@pytest.mark.parametrize(
    "page",
    [
        "../secret.md",
        "/etc/passwd",
        "policies/../../secret.md",
        ".git/config.md",
        "policies/missing.md",
        "policies",
    ],
)
def test_a_preview_for_a_page_outside_the_docs_is_refused(lead: FlaskClient, page: str) -> None:
    response = preview(lead, "[x](refunds.md)", page)
    assert response.status_code == 404
    assert "html" not in response.get_json()


def test_a_page_that_is_not_a_path_is_a_bad_request(lead: FlaskClient) -> None:
    response = preview(lead, "[x](refunds.md)", ["policies/refunds.md"])
    assert response.status_code == 400


# --- New pages as translations -------------------------------------------------------------


def front(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(split_front_matter(path.read_text(encoding="utf-8")).yaml_text or "")
    assert isinstance(data, dict)
    return data


def new_page(client: FlaskClient, kind: str, **fields: str) -> TestResponse:
    token = page_csrf(client, f"/portal/editor/new?type={kind}")
    return client.post("/portal/editor/new", data={"csrf_token": token, "type": kind, **fields})


def test_the_new_page_form_offers_the_english_pages_of_its_type(lead: FlaskClient) -> None:
    form = text(lead.get("/portal/editor/new?type=policy"))
    select = re.search(r'<select name="translation_of".*?</select>', form, re.S)
    assert select
    assert re.findall(r'<option value="([^"]*)"', select.group(0)) == ["", REFUNDS]
    assert "Refunds (policies/refunds.md)" in select.group(0)


def test_a_lead_creates_the_arabic_translation_of_an_english_page(
    lead: FlaskClient, kb: Path, people: dict[Role, Person]
) -> None:
    response = new_page(lead, "howto", title="إصدار استرداد", lang="ar", translation_of=HOWTO)
    assert response.status_code == 303, text(response)
    assert "page=howtos/issue-a-refund.ar.md" in response.headers["Location"]
    data = front(kb / "howtos/issue-a-refund.ar.md")
    assert data["translation_of"] == HOWTO
    assert data["lang"] == "ar" and data["type"] == "howto" and data["title"] == "إصدار استرداد"
    assert data["owner"] == people[Role.LEAD].email and data["draft"] is True
    assert check_docs(kb) == []  # `deskbook check` finds nothing wrong
    assert git(kb, "log", "-1", "--format=%ae %s").strip() == (
        f"{people[Role.LEAD].email} Create howtos/issue-a-refund.ar.md as a draft, the ar "
        f"translation of {HOWTO}"
    )
    editing = text(lead.get(response.headers["Location"]))
    assert 'name="translation_of" value="howtos/issue-a-refund.md"' in editing

    indonesian = new_page(
        lead,
        "policy",
        title="Pengembalian dana",
        lang="id",
        translation_of=REFUNDS,
        summary="Cara pengembalian dana.",
    )
    assert indonesian.status_code == 303, text(indonesian)
    assert front(kb / "policies/refunds.id.md")["translation_of"] == REFUNDS
    assert front(kb / "policies/refunds.id.md")["last_reviewed"] == dt.datetime.now(dt.UTC).date()
    assert check_docs(kb) == []


@pytest.mark.parametrize(
    ("kind", "fields", "status", "message"),
    [
        (
            "policy",
            {"lang": "en", "translation_of": REFUNDS},
            400,
            "An English page is not a translation",
        ),
        (
            "policy",
            {"lang": "ar", "translation_of": "policies/missing.md"},
            400,
            "There is no page",
        ),
        ("policy", {"lang": "ar", "translation_of": "../secret.md"}, 400, "There is no page"),
        (
            "policy",
            {"lang": "ar", "translation_of": "policies/../../secret.md"},
            400,
            "There is no page",
        ),
        ("policy", {"lang": "ar", "translation_of": "/etc/passwd"}, 400, "There is no page"),
        (
            "policy",
            {"lang": "id", "translation_of": "policies/refunds.ar.md"},
            400,
            "is not an English page",
        ),
        ("policy", {"lang": "ar", "translation_of": HOWTO}, 400, "is a howto page"),
        (
            "policy",
            {"lang": "id", "translation_of": REFUNDS, "slug": "other-name"},
            400,
            "takes the file name of its source (refunds)",
        ),
        (
            "policy",
            {"lang": "ar", "translation_of": REFUNDS},
            409,
            "policies/refunds.ar.md, its ar translation, already exists",
        ),
    ],
)
def test_a_wrong_translation_of_is_refused_and_nothing_is_written(
    lead: FlaskClient, kb: Path, kind: str, fields: dict[str, str], status: int, message: str
) -> None:
    head = git(kb, "rev-parse", "HEAD")
    files = sorted(p.relative_to(kb).as_posix() for p in kb.rglob("*") if ".git" not in p.parts)
    arabic_before = (kb / "policies/refunds.ar.md").read_bytes()
    response = new_page(lead, kind, title="A translation", **fields)
    assert response.status_code == status
    body = text(response)
    assert message in body
    assert 'id="translation_of-error"' in body or 'id="slug-error"' in body
    assert csrf_from(body)  # the form is shown again
    assert git(kb, "rev-parse", "HEAD") == head
    assert (
        sorted(p.relative_to(kb).as_posix() for p in kb.rglob("*") if ".git" not in p.parts)
        == files
    )
    assert (kb / "policies/refunds.ar.md").read_bytes() == arabic_before
    assert git(kb, "status", "--porcelain") == ""
