"""Hostile input gets a clear error, and nothing is written or lost.

Already covered elsewhere (not repeated here):
- anonymous site pages and `/search/search_index.json` → sign in: tests/portal/site/test_site.py
- `..`, `%2e%2e%2f`, `..%5c`, absolute paths, symlinks out of the build, `.git/config` and
  folders without index.html under the site: tests/portal/site/test_site.py
- `next=https://evil`, `//evil`, `/\\evil`, `javascript:` on sign-in; replayed session and
  remember cookies after sign-out; forms without / with someone else's CSRF token:
  tests/portal/accounts/test_sign_in.py
- script, handlers, `JaVaScRiPt:`, `javascript&#58;`, `data:text/html` and a fenced-code
  breakout in an FAQ entry (review page, the submission, the built site); git options in a
  submission's message and author: tests/portal/capture/test_capture_safety.py

Here: page paths on every route that takes one, markup in a page *title* (front matter, which
the site's theme prints unescaped), the "my submissions" list and section edits, a lead's commit
message, hostile searches on both search routes, and bodies over the size limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.routing import IntegerConverter

from portal import app_state, create_app, editor
from portal.accounts.roles import Role
from portal.docstore import DocStore
from portal.models.capture import Submission
from portal.site.build import build_site
from tests.helpers import REPO, inline_scripts
from tests.portal.capture.test_capture_safety import script_problems
from tests.portal.capture_kb import git, make_kb, review_post, send, submission_id
from tests.portal.helpers import Person, login, page_csrf, text

SECRET = "TOP SECRET outside the docs"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = make_kb(tmp_path / "kb")
    (tmp_path / "kb" / "secret.md").write_text(f"# Secret\n\n{SECRET}\n", encoding="utf-8")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "index"),
            "SITE_DIR": str(kb.parent / "site")}


@pytest.fixture
def app(settings: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(settings)
    store = app_state.docstore(application)
    assert isinstance(store, DocStore)
    store.rebuilder = None  # the tests build the site themselves
    yield application
    app_state.database(application).dispose()


def _browser(app: Flask, people: dict[Role, Person], role: Role) -> FlaskClient:
    client = app.test_client()
    login(client, people[role].email)
    return client


@pytest.fixture
def agent(app: Flask, people: dict[Role, Person]) -> FlaskClient:
    return _browser(app, people, Role.AGENT)


@pytest.fixture
def lead(app: Flask, people: dict[Role, Person]) -> FlaskClient:
    return _browser(app, people, Role.LEAD)


def _snapshot(kb: Path, db: Session) -> tuple[str, str, str, int]:
    db.expire_all()
    submissions = int(db.scalar(select(func.count()).select_from(Submission)) or 0)
    return (git(kb, "rev-parse", "HEAD"), git(kb, "status", "--porcelain"),
            (kb.parent / "secret.md").read_text(encoding="utf-8"), submissions)


# --- page paths ---------------------------------------------------------------------------

# As they appear in a query string (percent-encoded once); forms get the decoded value.
HOSTILE_PAGES = [
    "..%2Fsecret.md",
    "%2e%2e%2fsecret.md",
    "..%5csecret.md",
    "policies%2F..%2F..%2Fsecret.md",
    "%252e%252e%252fsecret.md",
    "ABSOLUTE",  # the secret's absolute path
    "escape.md",  # a symlink in docs/ to the secret
    "outside%2Fsecret.md",  # through a symlinked folder
    ".git%2Fconfig",
    ".git%2Fconfig.md",
    "policies%2Frefunds.md%00.txt",
]


def _raw(page: str, kb: Path) -> str:
    return quote(str(kb.parent / "secret.md"), safe="") if page == "ABSOLUTE" else page


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_every_route_that_takes_a_page_path_refuses_paths_out_of_the_docs(
    app: Flask, people: dict[Role, Person], kb: Path, db: Session, page: str
) -> None:
    (kb / "escape.md").symlink_to(kb.parent / "secret.md")  # a link out of the docs
    (kb / "outside").symlink_to(kb.parent, target_is_directory=True)
    raw = _raw(page, kb)
    value = unquote(raw)
    agent = _browser(app, people, Role.AGENT)
    lead = _browser(app, people, Role.LEAD)
    agent_token = page_csrf(agent, "/portal/tokens/")
    lead_token = page_csrf(lead, "/portal/tokens/")
    head = git(kb, "rev-parse", "HEAD").strip()
    before = _snapshot(kb, db)
    calls = {
        "capture edit form": agent.get(f"/portal/capture/edit?page={raw}&anchor=window"),
        "capture flag form": agent.get(f"/portal/capture/flag?page={raw}&anchor=window"),
        "capture edit": agent.post(f"/portal/capture/edit?page={raw}&anchor=window", data={
            "csrf_token": agent_token, "markdown": "## Window\n\nNew text.\n"}),
        "capture flag": agent.post(f"/portal/capture/flag?page={raw}&anchor=window", data={
            "csrf_token": agent_token, "reason": "wrong", "comment": "x"}),
        "capture faq": agent.post("/portal/capture/faq", data={
            "csrf_token": agent_token, "page": value, "question": "Q?", "answer": "A.\n"}),
        "capture answer": agent.post("/portal/capture/answer", data={
            "csrf_token": agent_token, "title": "T", "body": "B.\n", "target": value}),
        "editor edit": lead.get(f"/portal/editor/edit?page={raw}"),
        "editor history": lead.get(f"/portal/editor/history?page={raw}"),
        "editor diff": lead.get(f"/portal/editor/diff?page={raw}&a={head}&b={head}"),
        "editor save": lead.post("/portal/editor/edit", data={
            "csrf_token": lead_token, "page": value, "title": "Pwned", "type": "faq",
            "lang": "en", "body": "# Pwned\n"}),
        "editor restore": lead.post("/portal/editor/restore", data={
            "csrf_token": lead_token, "page": value, "rev": head}),
        "living mark": lead.post("/portal/living/review/mark", data={
            "csrf_token": lead_token, "page": value}),
    }
    wrong = {name: (r.status_code, text(r)[:200]) for name, r in calls.items()
             if r.status_code not in (400, 404)}
    assert not wrong, wrong
    for name, response in calls.items():
        body = text(response)
        assert SECRET not in body and "[core]" not in body, name
        assert "Traceback" not in body
    assert _snapshot(kb, db) == before


# --- markup in what people write ----------------------------------------------------------

HOSTILE_TITLE = "</title><script>alert('t1')</script><img src=x onerror=alert('t2')>"


def test_markup_in_a_new_pages_title_never_runs_on_the_site_or_in_the_portal(
    agent: FlaskClient, lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    """The title of an answer becomes the new page's front matter title, which mkdocs-material
    prints unescaped into <title>, the navigation and the table of contents. It once ran as
    script, and the site's CSP allowed it (it hashed every inline script of the page)."""
    answer = send(agent, "/portal/capture/answer?q=gift+cards", title=HOSTILE_TITLE,
                  body="Gift cards <script>alert('b1')</script> never expire.\n",
                  target="new:faq")
    ident = submission_id(answer)
    pages = {
        "review": text(lead.get(f"/portal/review/{ident}")),
        "queue": text(lead.get("/portal/review/")),
        "mine": text(agent.get("/portal/capture/mine")),
        "submission": text(agent.get(f"/portal/capture/mine/{ident}")),
    }
    for name, page in pages.items():
        assert not script_problems(page), (name, script_problems(page))
    assert review_post(lead, ident, "approve", publish="1").status_code == 303
    created = [p for p in (kb / "faq").glob("*.md") if p.name != "orders.md"]
    assert len(created) == 1 and "alert('t1')" in created[0].read_text()  # kept as written

    site = tmp_path / "built"
    build_site(kb, site, REPO / "mkdocs.yml")
    built_page = site / "faq" / created[0].stem / "index.html"
    built = built_page.read_text(encoding="utf-8")
    assert not script_problems(built), script_problems(built)
    assert "&lt;/title&gt;&lt;script&gt;alert(&#39;t1&#39;)" in built  # shown as text
    assert not inline_scripts(built)
    for other in site.rglob("*.html"):  # the navigation of every page lists the new page
        assert not script_problems(other.read_text(encoding="utf-8")), other
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>alert(" not in index


def test_a_hostile_section_edit_shows_as_text_in_the_portal_and_on_the_site(
    agent: FlaskClient, lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    edit = send(agent, "/portal/capture/edit?page=policies/refunds.md&anchor=window",
                markdown="## Window <img src=x onerror=alert('h1')>\n\n"
                         "<details open ontoggle=alert('e1')><summary>x</summary></details>\n\n"
                         "```\n</code></pre><script>alert('e2')</script>\n```\n")
    ident = submission_id(edit)
    for page in (text(lead.get(f"/portal/review/{ident}")),
                 text(agent.get("/portal/capture/mine")),
                 text(agent.get(f"/portal/capture/mine/{ident}"))):
        assert not script_problems(page), script_problems(page)
    assert review_post(lead, ident, "approve").status_code == 303
    site = tmp_path / "built"
    build_site(kb, site, REPO / "mkdocs.yml")
    built = (site / "policies" / "refunds" / "index.html").read_text(encoding="utf-8")
    assert not script_problems(built), script_problems(built)


# --- git ----------------------------------------------------------------------------------


def test_a_leads_commit_message_that_looks_like_options_is_stored_literally(
    app: Flask, lead: FlaskClient, kb: Path
) -> None:
    store = app_state.docstore(app)
    form = editor.open_page(store, "policies/refunds.md").form
    fields = {k: str(v) for k, v in dataclasses.asdict(form).items() if k != "minor"}
    message = "--amend\n-m injected\n--author=Evil <evil@example.com>\n\n$(id) `id`"
    saved = lead.post("/portal/editor/edit", data={
        **fields, "csrf_token": page_csrf(lead, "/portal/editor/edit?page=policies/refunds.md"),
        "body": form.body + "\nOne more line.\n", "message": message})
    assert saved.status_code == 303, text(saved)[:500]
    log = git(kb, "log", "-1", "--format=%an|%ae%n%B")
    assert log.startswith("lead@example.com|lead@example.com\n")
    assert " ".join(message.split()) in log  # literally, on one line
    assert git(kb, "rev-list", "--count", "HEAD").strip() == "2"  # a new commit, no --amend


# --- search -------------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "q=" + "a" * 100_000,
    "q=*",
    "q=a*",
    "q=%2A%3F%5B%5D%7B%7D",
    "q=refund%00",
    "q=%00",
    "q=%ff%fe",
    "q=refund%ff%fe&lang=%ff",
    "q=refund&limit=%ff",
    "q=refund&limit=99999999999999999999999",
    "q=refund&type=%00",
    "q=refund&tag=%ff",
    "q=title%3A%28refund",
    "q=NOT+AND+OR",
]


@pytest.mark.parametrize("route", ["/api/search", "/portal/search", "/portal/search/results"])
@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=lambda q: q[:30])
def test_hostile_searches_get_an_answer_or_a_clear_400(
    agent: FlaskClient, route: str, query: str
) -> None:
    response = agent.get(f"{route}?{query}")
    assert response.status_code in (200, 400), (response.status_code, text(response)[:300])
    if response.status_code == 400 and route.startswith("/api/"):
        assert response.get_json()["message"]  # says what was wrong
    elif response.status_code == 400:
        assert "That request could not be understood" in text(response)


# --- sizes --------------------------------------------------------------------------------


def test_bodies_over_the_limit_get_413_for_forms_and_json_and_change_nothing(
    app: Flask, lead: FlaskClient, kb: Path, db: Session
) -> None:
    limit = int(app.config["MAX_CONTENT_LENGTH"])
    token = page_csrf(lead, "/portal/editor/edit?page=policies/refunds.md")
    before = _snapshot(kb, db)
    form = lead.post("/portal/editor/edit", data={
        "csrf_token": token, "page": "policies/refunds.md", "body": "x" * (limit + 10)})
    assert form.status_code == 413 and "too large" in text(form)
    for url in ("/portal/capture/preview", "/portal/editor/preview"):
        response = lead.post(url, json={"markdown": "x" * (limit + 10)},
                             headers={"X-CSRFToken": token})
        assert response.status_code == 413, url
        assert "too large" in text(response).lower()
    capture = lead.post("/portal/capture/faq", data={
        "csrf_token": token, "page": "faq/orders.md", "question": "Big?",
        "answer": "y" * (limit + 10)})
    assert capture.status_code == 413
    assert _snapshot(kb, db) == before


# --- ids, nesting and NUL -------------------------------------------------------------------

HUGE_ID = "1" * 30


def test_a_30_digit_id_on_every_int_route_is_404_and_in_search_open_is_ignored(
    app: Flask, people: dict[Role, Person], db: Session, kb: Path
) -> None:
    """Each once reached the database and overflowed its integers: a 500."""
    admin = _browser(app, people, Role.ADMIN)
    token = page_csrf(admin, "/portal/tokens/")
    before = _snapshot(kb, db)
    routes = [rule for rule in app.url_map.iter_rules()
              if any(isinstance(c, IntegerConverter) for c in rule._converters.values())]
    assert len(routes) >= 10
    for rule in routes:
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", HUGE_ID).replace(f"<{name}>", "x")
        if "GET" in (rule.methods or ()):
            response = admin.get(url)
        else:
            response = admin.post(url, data={"csrf_token": token, "role": "admin", "note": "x",
                                             "reason": "x", "version": "x"})
        assert response.status_code == 404, (rule.rule, response.status_code)
    opened = admin.get(f"/portal/search/open?qid={HUGE_ID}&to=/policies/refunds/")
    assert opened.status_code == 303 and opened.headers["Location"] == "/policies/refunds/"
    assert admin.post("/portal/onboarding/team/assign", data={
        "csrf_token": token, "user_id": HUGE_ID, "track": "x", "start": "2026-01-05"}
    ).status_code == 400
    assert _snapshot(kb, db) == before


def test_deeply_nested_json_to_the_preview_endpoints_is_a_clear_400(lead: FlaskClient) -> None:
    token = page_csrf(lead, "/portal/editor/edit?page=policies/refunds.md")
    nested = "[" * 50_000 + "]" * 50_000
    for url in ("/portal/capture/preview", "/portal/editor/preview"):
        response = lead.post(url, data=nested, content_type="application/json",
                             headers={"X-CSRFToken": token, "Accept": "application/json"})
        assert response.status_code == 400, (url, response.status_code)
        assert "markdown" in response.get_json()["message"]


def test_a_nul_character_in_any_field_is_refused_before_anything_is_stored(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Session
) -> None:
    """A NUL in a question was accepted; every approval of it then failed in git."""
    before = _snapshot(kb, db)
    for response in (
        send(agent, "/portal/capture/faq?page=faq/orders.md", page="faq/orders.md",
             question="Ship\x00ping?", answer="Yes.\n"),
        send(agent, "/portal/capture/answer?q=x", title="Gift\x00cards", body="Yes.\n",
             target="new:faq"),
        agent.get("/portal/search?q=refund\x00"),
        agent.get("/portal/search?q=refund&q=ship\x00"),
        agent.post("/api/uses", headers={"X-CSRFToken": page_csrf(agent, "/portal/search")},
                   json={"page": "policies/refunds.md", "action": "open", "origin": "site",
                         "ticket": "#47\x0011"}),
    ):
        assert response.status_code == 400
        assert "NUL character" in text(response)
    assert _snapshot(kb, db) == before
