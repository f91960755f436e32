"""A lead edits pages in the portal: front matter as fields, a live preview, conflicts instead
of overwrites, minor edits that spare new hires a re-read, new pages, history and restore."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

import search
from content import load_page
from content.frontmatter import split_front_matter
from portal.accounts.roles import Role
from portal.docstore import Change, DocStore, Identity
from portal.docstore.store import MAX_PAGE_BYTES
from tests.helpers import write_page
from tests.hostile import BAD_HEADING_IDS
from tests.portal.capture_kb import git, without_site_rebuilds
from tests.portal.helpers import Person, csrf_from, login, open_and_acknowledge, page_csrf, text
from tests.portal.onboarding_kb import READ_REFUND_WINDOW, make_onboarding_kb, new_agent_track

REFUNDS = "policies/refunds.md"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = make_onboarding_kb(tmp_path, new_agent_track(READ_REFUND_WINDOW))
    write_page(
        docs, REFUNDS,
        "# Refunds\n\nHow refunds work.\n\n## Window\n\nCustomers have 30 days to return an "
        "item.\n\n## Method\n\nRefunds go back to the card.\n",
        title="Refunds", type="policy", owner="amira@lumen.example", tags=["refunds"],
        lang="en", review_every=90, last_reviewed=dt.date(2026, 1, 5),
        custom_key={"keep": ["me", 1]},
    )
    write_page(docs, "policies/refunds.ar.md", "# الاسترداد\n\n## المدة\n\n30 يوما.\n",
               title="الاسترداد", lang="ar", translation_of=REFUNDS)
    git(docs, "init", "--quiet")
    git(docs, "add", "--all")
    git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@x", "commit", "--quiet", "-m", "seed")
    search.build_index(docs, tmp_path / "kb-index")
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path, tmp_path: Path) -> dict[str, Any]:
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(tmp_path / "kb-index"),
            "SITE_DIR": str(tmp_path / "kb-site"), "ONBOARDING_DIR": str(tmp_path / "tracks")}


@pytest.fixture
def app(app: Flask) -> Flask:
    without_site_rebuilds(app)  # no site builds in these tests
    return app


@pytest.fixture
def lead(client: FlaskClient, people: dict[Role, Person]) -> FlaskClient:
    login(client, people[Role.LEAD].email)
    return client


def edit_form(client: FlaskClient, page: str) -> dict[str, str]:
    """The edit form's fields as the browser would send them unchanged."""
    response = client.get(f"/portal/editor/edit?page={page}")
    assert response.status_code == 200, text(response)
    body = text(response)
    form = body[body.index('class="editor-form"'):]
    fields: dict[str, str] = {}
    for name, value in re.findall(r'<input type="(?:hidden|text)" name="(\w+)" value="([^"]*)"',
                                  form):
        fields[name] = html_lib.unescape(value)
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S):
        # as a browser reads it: a newline right after <textarea> is not part of the value
        fields[name] = html_lib.unescape(value.removeprefix("\n"))
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def save(client: FlaskClient, fields: dict[str, str], **changes: str) -> TestResponse:
    return client.post("/portal/editor/edit", data={**fields, **changes})


def front(path: Path) -> dict[str, Any]:
    split = split_front_matter(path.read_text(encoding="utf-8"))
    data = yaml.safe_load(split.yaml_text or "")
    assert isinstance(data, dict)
    return data


def test_the_page_list_shows_every_page_with_its_owner_and_review_date(lead: FlaskClient) -> None:
    body = text(lead.get("/portal/editor/"))
    for path in ("index.md", REFUNDS, "policies/refunds.ar.md"):
        assert f"<code>{path}</code>" in body
    assert "amira@lumen.example" in body and "2026-01-05" in body
    assert "No page matches" in text(lead.get("/portal/editor/?q=nothing-like-this"))
    only_ar = text(lead.get("/portal/editor/?q=ar.md"))
    assert "policies/refunds.ar.md" in only_ar and "<code>index.md</code>" not in only_ar


def test_a_lead_edits_front_matter_and_body_and_it_is_committed_as_theirs(
    lead: FlaskClient, kb: Path, people: dict[Role, Person]
) -> None:
    fields = edit_form(lead, REFUNDS)
    assert fields["title"] == "Refunds" and fields["type"] == "policy"
    assert fields["tags"] == "refunds" and fields["last_reviewed"] == "2026-01-05"
    body = fields["body"].replace("30 days", "14 days")
    response = save(lead, fields, title="Refunds and returns", tags="refunds, returns",
                    review_every="180", last_reviewed="2026-11-20", summary="How refunds work.",
                    body=body, message="Shorter refund window")
    assert response.status_code == 303
    assert "saved=" in response.headers["Location"]

    page = kb / REFUNDS
    data = front(page)
    assert data == {
        "title": "Refunds and returns", "type": "policy", "owner": "amira@lumen.example",
        "tags": ["refunds", "returns"], "lang": "en", "review_every": 180,
        "last_reviewed": dt.date(2026, 11, 20),
        "summary": "How refunds work.", "custom_key": {"keep": ["me", 1]},
    }
    assert "14 days" in page.read_text()
    log = git(kb, "log", "-1", "--format=%an|%ae|%s")
    assert log.strip() == f"{people[Role.LEAD].email}|{people[Role.LEAD].email}|Shorter refund window"
    assert git(kb, "status", "--porcelain").strip() == ""
    assert search.search(kb.parent / "kb-index", "14 days").hits[0].path == REFUNDS
    assert "Saved as commit" in text(lead.get(response.headers["Location"]))


def test_a_body_only_edit_keeps_the_front_matter_text_as_it_was(lead: FlaskClient, kb: Path) -> None:
    page = kb / REFUNDS
    original = split_front_matter(page.read_text()).yaml_text
    fields = edit_form(lead, REFUNDS)
    save(lead, fields, body=fields["body"].replace("card", "original card"))
    assert split_front_matter(page.read_text()).yaml_text == original
    assert git(kb, "diff", "HEAD~1", "--stat").count("|") == 1


def test_the_body_cannot_inject_front_matter(lead: FlaskClient, kb: Path) -> None:
    fields = edit_form(lead, REFUNDS)
    hostile = "---\ntitle: Hacked\ntype: faq\nowner: evil@x\n---\n# Refunds\n"
    assert save(lead, fields, body=hostile).status_code == 303
    data = front(kb / REFUNDS)
    assert data["title"] == "Refunds" and data["type"] == "policy"
    assert data["owner"] == "amira@lumen.example"
    page = load_page(kb, REFUNDS)
    assert page.title == "Refunds" and page.type == "policy"
    assert split_front_matter((kb / REFUNDS).read_text()).body == hostile


def test_the_language_fixed_by_the_file_name_is_read_only(lead: FlaskClient, kb: Path) -> None:
    body = text(lead.get("/portal/editor/edit?page=policies/refunds.ar.md"))
    assert re.search(r'name="lang" value="ar" readonly', body)
    assert re.search(r'<textarea name="body" rows="28" dir="rtl"', body)  # Arabic is RTL
    assert 'dir="auto" spellcheck' in text(lead.get(f"/portal/editor/edit?page={REFUNDS}"))
    fields = edit_form(lead, "policies/refunds.ar.md")
    response = save(lead, fields, lang="id")
    assert response.status_code == 400
    assert "Must be ar (the file name ends in .ar.md), got &#39;id&#39;." in text(response)
    assert front(kb / "policies/refunds.ar.md")["lang"] == "ar"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("last_reviewed", "2026-13-45", "Must be a date like 2026-01-31, got '2026-13-45'."),
        ("last_reviewed", "9999-12-31",
         "9999-12-31 is not a date we expect: choose one between 2000-01-01 and 2099-12-31."),
        ("type", "novel", "Must be one of policy, howto"),
        ("review_every", "-3", "Must be a whole number of days from 1 to 3650, got int -3."),
        ("title", "   ", "Give the page a title."),
        ("title", "x" * 301, "Must be a non-empty string of at most 300 characters"),
        ("based_on", "not a path", "Must be a list of pages or sections, like"),
    ],
)
def test_bad_fields_are_shown_next_to_the_field_and_nothing_is_written(
    lead: FlaskClient, kb: Path, field: str, value: str, message: str
) -> None:
    before = (kb / REFUNDS).read_text()
    head = git(kb, "rev-parse", "HEAD")
    fields = edit_form(lead, REFUNDS)
    typed_body = fields["body"] + "\nA new paragraph the lead typed.\n"
    response = save(lead, fields, **{field: value, "body": typed_body})
    assert response.status_code == 400
    body = text(response)
    assert re.search(rf'id="{field}-error" role="alert">{re.escape(str(escape(message)))}',
                     body)
    assert "A new paragraph the lead typed." in body  # the text is kept in the form
    assert (kb / REFUNDS).read_text() == before and git(kb, "rev-parse", "HEAD") == head


def test_a_huge_body_is_refused_with_the_size_limit(lead: FlaskClient, kb: Path) -> None:
    before = (kb / REFUNDS).read_text()
    fields = edit_form(lead, REFUNDS)
    response = save(lead, fields, body="word " * (MAX_PAGE_BYTES // 4))
    assert response.status_code == 400
    assert f"limited to {MAX_PAGE_BYTES // 1024} KB" in text(response)
    assert (kb / REFUNDS).read_text() == before


def test_the_preview_is_sanitised(lead: FlaskClient) -> None:
    token = page_csrf(lead, f"/portal/editor/edit?page={REFUNDS}")
    hostile = (
        "# Hi\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">x</a>\n\n**bold**\n"
    )
    response = lead.post("/portal/editor/preview", json={"markdown": hostile},
                         headers={"X-CSRFToken": token})
    assert response.status_code == 200
    rendered = response.get_json()["html"]
    assert '<h1 id="hi">Hi' in rendered and "<strong>bold</strong>" in rendered
    lowered = rendered.lower()
    assert "<script" not in lowered and "onerror" not in lowered
    assert not re.search(r'=\s*"?\s*javascript:', lowered)  # no link or attribute runs script
    assert "alert(1)" not in rendered


def test_the_preview_needs_the_csrf_header_and_a_lead(
    app: Flask, lead: FlaskClient, people: dict[Role, Person]
) -> None:
    assert lead.post("/portal/editor/preview", json={"markdown": "x"}).status_code == 400
    agent = app.test_client()
    login(agent, people[Role.AGENT].email)
    token = page_csrf(agent, "/portal/onboarding/")
    response = agent.post("/portal/editor/preview", json={"markdown": "x"},
                          headers={"X-CSRFToken": token})
    assert response.status_code == 403


def test_a_page_changed_since_it_was_opened_is_a_conflict_not_an_overwrite(
    lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    theirs, _, body = _conflict(lead, kb, tmp_path)
    assert "changed since you opened it" in body and "data-conflict" in body
    assert "Customers have 14 days" in body and "Customers have 60 days" in body
    assert "cannot be merged automatically" in body
    assert (kb / REFUNDS).read_text() == theirs  # nothing overwritten


def test_edits_that_do_not_overlap_are_offered_merged(
    lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    fields = edit_form(lead, REFUNDS)
    theirs = _changed_meanwhile(kb, tmp_path, "back to the card", "back to the original card")

    response = save(lead, fields, body=fields["body"].replace("30 days", "14 days"))
    assert response.status_code == 409
    assert (kb / REFUNDS).read_text() == theirs
    body = text(response)
    assert "do not overlap" in body and "data-merged" in body
    merged_form = body[body.index('class="editor-form"'):]
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', merged_form, re.S)
    assert textarea
    merged_body = html_lib.unescape(textarea.group(1))
    assert "14 days" in merged_body and "original card" in merged_body
    hashes = re.search(r'name="base_hash" value="([0-9a-f]+)"', merged_form)
    assert hashes
    # Saving the merge now succeeds: it is based on the current version.
    again = {**fields, "base_hash": hashes.group(1), "body": merged_body,
             "csrf_token": csrf_from(body)}
    assert save(lead, again).status_code == 303
    final = (kb / REFUNDS).read_text()
    assert "14 days" in final and "original card" in final


def _statuses(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="item-([a-z0-9-]+)" class="item status-\w+" data-item="[^"]+" data-status="(\w+)"',
                           html))


def _acknowledge(client: FlaskClient) -> None:
    open_and_acknowledge(client, "refund-window")
    assert _statuses(text(client.get("/portal/onboarding/")))["refund-window"] == "done"


def test_a_minor_edit_keeps_acknowledgements_and_a_normal_edit_asks_for_a_reread(
    app: Flask, lead: FlaskClient, people: dict[Role, Person]
) -> None:
    new_hire = app.test_client()
    login(new_hire, people[Role.NEW_HIRE].email)
    _acknowledge(new_hire)

    fields = edit_form(lead, REFUNDS)
    typo = fields["body"].replace("return an item", "return an itme")
    assert save(lead, fields, body=typo, minor="1").status_code == 303
    assert _statuses(text(new_hire.get("/portal/onboarding/")))["refund-window"] == "done"

    fields = edit_form(lead, REFUNDS)
    fixed = fields["body"].replace("return an itme", "return an item")
    assert save(lead, fields, body=fixed, minor="1").status_code == 303  # chains of minor edits
    assert _statuses(text(new_hire.get("/portal/onboarding/")))["refund-window"] == "done"

    fields = edit_form(lead, REFUNDS)
    assert save(lead, fields, body=fields["body"].replace("30 days", "14 days")).status_code == 303
    assert _statuses(text(new_hire.get("/portal/onboarding/")))["refund-window"] == "reread"


def test_a_lead_creates_a_page_from_a_template(
    lead: FlaskClient, kb: Path, people: dict[Role, Person]
) -> None:
    form = text(lead.get("/portal/editor/new?type=template"))
    response = lead.post("/portal/editor/new", data={
        "csrf_token": csrf_from(form), "type": "template", "title": "Late refund apology",
        "summary": "Apologise for a refund that is late.",
    })
    assert response.status_code == 303, text(response)
    assert "page=templates/late-refund-apology.md" in response.headers["Location"]
    path = kb / "templates/late-refund-apology.md"
    data = front(path)
    assert data["title"] == "Late refund apology" and data["type"] == "template"
    assert data["owner"] == people[Role.LEAD].email and data["review_every"] == 90
    assert data["last_reviewed"] == dt.datetime.now(dt.UTC).date()
    page = load_page(kb, "templates/late-refund-apology.md")
    assert [s.heading for s in page.sections] == [
        "Late refund apology", "When to use", "Reply", "Adapt it", "Policy behind it"]
    assert "```text" in path.read_text()
    assert git(kb, "log", "-1", "--format=%ae").strip() == people[Role.LEAD].email

    again = lead.post("/portal/editor/new", data={
        "csrf_token": csrf_from(form), "type": "template", "title": "Late refund apology"})
    assert again.status_code == 409
    assert "already exists" in text(again)


@pytest.mark.parametrize("kind", ["policy", "howto", "faq", "case-study", "guide", "reference"])
def test_every_type_has_a_template_in_its_folder(lead: FlaskClient, kb: Path, kind: str) -> None:
    token = page_csrf(lead, f"/portal/editor/new?type={kind}")
    response = lead.post("/portal/editor/new", data={"csrf_token": token, "type": kind,
                                                     "title": f"A new {kind}"})
    assert response.status_code == 303
    created = re.search(r"page=([^&]+)", response.headers["Location"])
    assert created
    path = created.group(1).replace("%2F", "/")
    page = load_page(kb, path)
    assert page.type == kind and page.title == f"A new {kind}"
    assert len([s for s in page.sections if s.level == 2]) >= 2


def test_an_unknown_type_or_a_bad_file_name_is_refused(lead: FlaskClient, kb: Path) -> None:
    assert lead.get("/portal/editor/new?type=novel").status_code == 400
    token = page_csrf(lead, "/portal/editor/new?type=faq")
    response = lead.post("/portal/editor/new", data={"csrf_token": token, "type": "faq",
                                                     "title": "x", "slug": "../../evil"})
    assert response.status_code == 400 and "Lowercase letters" in text(response)
    response = lead.post("/portal/editor/new", data={"csrf_token": token, "type": "faq",
                                                     "title": "???"})
    assert response.status_code == 400 and "Type a file name" in text(response)
    assert not (kb / "faq").exists()  # nothing was written


def _edit_twice(lead: FlaskClient) -> None:
    fields = edit_form(lead, REFUNDS)
    save(lead, fields, body=fields["body"].replace("30 days", "14 days"), message="Fourteen days")
    fields = edit_form(lead, REFUNDS)
    save(lead, fields, body=fields["body"].replace("14 days", "21 days"), message="Three weeks")


def test_history_lists_the_commits_and_diffs_any_two(lead: FlaskClient, kb: Path) -> None:
    _edit_twice(lead)
    body = text(lead.get(f"/portal/editor/history?page={REFUNDS}"))
    commits = re.findall(r'data-revision="([0-9a-f]{40})"', body)
    assert len(commits) == 3
    assert "Three weeks" in body and "Fourteen days" in body and "seed" in body
    assert body.index("Three weeks") < body.index("Fourteen days")

    newest, _, oldest = commits
    diff = text(lead.get(f"/portal/editor/diff?page={REFUNDS}&a={oldest}&b={newest}"))
    assert re.search(r'diff-line diff-del" dir="auto">- Customers have 30 days', diff)
    assert re.search(r'diff-line diff-add" dir="auto">\+ Customers have 21 days', diff)
    assert re.search(r'class="diff-block diff-add"[^>]*>.*<p>Customers have 21 days', diff)


def test_diff_refuses_revisions_that_are_not_commit_ids(lead: FlaskClient) -> None:
    for bad in ("HEAD", "--output=x", "abc", "1234;rm"):
        response = lead.get(f"/portal/editor/diff?page={REFUNDS}&a={bad}&b=abcdef1")
        assert response.status_code == 400
    assert lead.get("/portal/editor/diff?page=../secret.md&a=abcd&b=abcd").status_code == 404
    missing = lead.get(f"/portal/editor/diff?page={REFUNDS}&a=abcdef12&b=abcdef12")
    assert missing.status_code == 404


def test_restore_commits_the_old_text_as_a_new_version(lead: FlaskClient, kb: Path) -> None:
    _edit_twice(lead)
    commits = re.findall(r'data-revision="([0-9a-f]{40})"',
                         text(lead.get(f"/portal/editor/history?page={REFUNDS}")))
    seed = commits[-1]
    confirming = text(lead.get(f"/portal/editor/diff?page={REFUNDS}&a={commits[0]}&b={seed}"
                               "&restore=1"))
    assert "data-confirm-restore" in confirming and f'name="rev" value="{seed}"' in confirming
    token = page_csrf(lead, f"/portal/editor/history?page={REFUNDS}")
    unconfirmed = lead.post("/portal/editor/restore",
                            data={"csrf_token": token, "page": REFUNDS, "rev": seed})
    assert unconfirmed.status_code == 400  # restoring takes the confirmation
    assert git(kb, "rev-parse", "HEAD").strip() == commits[0]
    response = lead.post("/portal/editor/restore", data={
        "csrf_token": token, "page": REFUNDS, "rev": seed, "confirm": "1",
        "message": "Back to the seed wording"})
    assert response.status_code == 303
    assert (kb / REFUNDS).read_text() == git(kb, "show", f"{seed}:{REFUNDS}")
    assert git(kb, "log", "-1", "--format=%B").strip() == (
        f"Back to the seed wording\n\nRestore {REFUNDS} to {seed}")
    assert len(git(kb, "log", "--format=%H", "--", REFUNDS).split()) == 4  # history kept


def test_only_leads_and_admins_reach_the_editor(
    app: Flask, people: dict[Role, Person], kb: Path
) -> None:
    urls = ["/portal/editor/", f"/portal/editor/edit?page={REFUNDS}",
            "/portal/editor/new?type=faq", f"/portal/editor/history?page={REFUNDS}"]
    for role in (Role.NEW_HIRE, Role.AGENT):
        client = app.test_client()
        login(client, people[role].email)
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        token = page_csrf(client, "/portal/onboarding/")
        before = (kb / REFUNDS).read_text()
        response = client.post("/portal/editor/edit", data={
            "csrf_token": token, "page": REFUNDS, "title": "Hacked", "body": "x"})
        assert response.status_code == 403
        assert (kb / REFUNDS).read_text() == before
    admin = app.test_client()
    login(admin, people[Role.ADMIN].email)
    for url in urls:
        assert admin.get(url).status_code == 200, url


def test_every_post_needs_the_csrf_token(lead: FlaskClient, kb: Path) -> None:
    fields = edit_form(lead, REFUNDS)
    fields.pop("csrf_token")
    before = (kb / REFUNDS).read_text()
    assert save(lead, fields, body="changed\n").status_code == 400
    assert lead.post("/portal/editor/new", data={"type": "faq", "title": "X"}).status_code == 400
    head = git(kb, "rev-parse", "HEAD").strip()
    assert lead.post("/portal/editor/restore",
                     data={"page": REFUNDS, "rev": head}).status_code == 400
    assert (kb / REFUNDS).read_text() == before


def test_paths_outside_the_docs_are_refused(lead: FlaskClient) -> None:
    for page in ("../secret.md", "/etc/passwd", "policies/../../x.md", ".git/config.md"):
        assert lead.get(f"/portal/editor/edit?page={page}").status_code == 404, page
        assert lead.get(f"/portal/editor/history?page={page}").status_code == 404, page


@pytest.mark.parametrize("heading", BAD_HEADING_IDS)
def test_a_heading_id_that_could_break_out_of_the_page_is_refused_naming_the_heading(
    lead: FlaskClient, kb: Path, heading: str
) -> None:
    before, head = (kb / REFUNDS).read_text(), git(kb, "rev-parse", "HEAD")
    fields = edit_form(lead, REFUNDS)
    response = save(lead, fields, body=fields["body"] + "\n" + heading + "\n\nText.\n")
    assert response.status_code == 400
    name = heading.lstrip("#").split("{")[0].strip()
    assert f"the heading “{name}” sets the id" in html_lib.unescape(text(response))
    assert (kb / REFUNDS).read_text() == before and git(kb, "rev-parse", "HEAD") == head


def test_a_new_page_titled_with_a_hostile_heading_id_is_refused(lead: FlaskClient, kb: Path) -> None:
    token = page_csrf(lead, "/portal/editor/new?type=faq")
    response = lead.post("/portal/editor/new", data={
        "csrf_token": token, "type": "faq", "title": 'Shift {#x"\\><script\\>alert(1)</script\\>}',
        "slug": "shift"})
    assert response.status_code == 400
    assert "the heading “Shift” sets the id" in html_lib.unescape(text(response))
    assert not (kb / "faq").exists()


# --- overlapping edits: the second saver decides, and the commit records it ---


def _changed_meanwhile(kb: Path, tmp_path: Path, old: str, new: str,
                       who: str = "o@x") -> str:
    """Someone else replaces `old` by `new` in the refunds page (through the docstore)."""
    other = DocStore(kb, tmp_path / "kb-index", None, tmp_path / "instance" / "docstore.lock")
    current, base = other.read(REFUNDS)
    theirs = current.replace(old, new)
    other.publish(Change(REFUNDS, theirs, base, Identity(who, who), "Other edit"))
    return theirs


def _conflict(lead: FlaskClient, kb: Path, tmp_path: Path) -> tuple[str, dict[str, str], str]:
    """Someone changes "30 days" to 60 (through the docstore) while the lead changes it to 14:
    (their text, the conflict form as the lead's browser would send it back unchanged, the
    conflict page)."""
    fields = edit_form(lead, REFUNDS)
    theirs = _changed_meanwhile(kb, tmp_path, "30 days", "60 days")
    response = save(lead, fields, body=fields["body"].replace("30 days", "14 days"))
    assert response.status_code == 409
    html = text(response)
    assert "data-region-theirs" in html and "Replace o@x's change of" in html
    form = html[html.index('id="editor-form"'):]
    again = {**fields, "body": fields["body"].replace("30 days", "14 days"),
             "csrf_token": csrf_from(html),
             "theirs_hash": form.split('name="theirs_hash" value="', 1)[1].split('"', 1)[0]}
    return theirs, again, html


def test_saving_the_conflict_form_as_it_is_never_overwrites(
    lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    theirs, again, _ = _conflict(lead, kb, tmp_path)
    head = git(kb, "rev-parse", "HEAD")

    for _ in range(2):
        response = save(lead, again)
        assert response.status_code == 409
        assert "Nothing was saved" in text(response)

    assert (kb / REFUNDS).read_text() == theirs
    assert git(kb, "rev-parse", "HEAD") == head


@pytest.mark.parametrize(("decision", "recorded"), [
    ({"region-0": "mine"}, "Resolves-conflict-with: {commit} by o@x of "),
    ({"replace_theirs": "1"}, "Replaces: {commit} by o@x of "),
])
def test_keeping_mine_or_replacing_theirs_saves_and_the_commit_records_the_decision(
    lead: FlaskClient, kb: Path, tmp_path: Path, decision: dict[str, str], recorded: str
) -> None:
    _, again, _ = _conflict(lead, kb, tmp_path)
    theirs_commit = git(kb, "rev-parse", "HEAD").strip()

    assert save(lead, {**again, **decision}).status_code == 303

    assert "Customers have 14 days" in (kb / REFUNDS).read_text()
    message = git(kb, "log", "-1", "--format=%B")
    assert recorded.format(commit=theirs_commit[:12]) in message
    if "region-0" in decision:
        assert "(mine in 1, theirs in 0 of the places both changed)" in message


def test_a_page_changed_once_more_while_deciding_is_a_new_conflict(
    lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    _, again, _ = _conflict(lead, kb, tmp_path)
    newest = _changed_meanwhile(kb, tmp_path, "60 days", "90 days", who="t@x")

    response = save(lead, {**again, "replace_theirs": "1"})

    assert response.status_code == 409
    assert (kb / REFUNDS).read_text() == newest
