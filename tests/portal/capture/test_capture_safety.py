"""Nothing a person submits can run script, inject front matter or become a git option."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from portal.accounts import users
from portal.accounts.roles import Role
from portal.models.capture import Submission
from portal.site.build import build_site
from tests.helpers import REPO
from tests.hostile import BAD_HEADING_IDS, HOSTILE_LINKS
from tests.portal.capture_kb import git, kb_settings, review_post, send, send_faq, submission_id
from tests.portal.helpers import PASSWORD, login, text

HOSTILE_ACCEPTED = (
    "Hello <script>alert('s1')</script> there.\n\n"
    "<img src=x onerror=alert('s2')>\n\n"
    '<p onclick="alert(\'s3\')" style="background:url(x)">click</p>\n\n'
    "```\n</code></pre><script>alert('s4')</script><pre><code>\n```\n\n"
    "<svg><script>alert('s5')</script></svg>\n\n"
    "[fine](https://example.com) and [relative](../policies/refunds.md) and "
    "[mail](mailto:help@example.com)\n"
)

HOSTILE_REFUSED = [
    "[click](JaVaScRiPt:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](java\tscript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<a href='javascript&#x3A;alert(1)'>x</a>",
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: vbscript:msgbox(1)",
    '<form action="javascript:alert(1)"><button>go</button></form>',
]


class _Scan(HTMLParser):
    """Everything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value}>")
            url = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction") and url.startswith(
                ("javascript:", "data:text/html", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.problems.append(f"script: {data[:60]}")


def script_problems(page: str) -> list[str]:
    scan = _Scan()
    scan.feed(page)
    return scan.problems


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def test_hostile_html_never_runs_in_the_review_page_nor_on_the_built_site(
    agent: FlaskClient, lead: FlaskClient, kb: Path, tmp_path: Path
) -> None:
    ident = submission_id(send_faq(agent, "What about <img src=x onerror=alert('q')>?",
                                   HOSTILE_ACCEPTED))
    for page in (text(lead.get(f"/portal/review/{ident}")),
                 text(agent.get(f"/portal/capture/mine/{ident}")),
                 text(lead.get("/portal/review/"))):
        assert not script_problems(page), script_problems(page)
        assert "<script>alert" not in page
    preview = agent.post("/portal/capture/preview", json={"markdown": HOSTILE_ACCEPTED},
                         headers={"X-CSRFToken": _token(agent)})
    assert preview.status_code == 200 and not script_problems(preview.get_json()["html"])

    review_post(lead, ident, "approve")
    assert "onerror=alert('s2')" in (kb / "faq/orders.md").read_text()  # stored as written
    site = tmp_path / "site"
    build_site(kb, site, REPO / "mkdocs.yml")
    built = (site / "faq/orders/index.html").read_text(encoding="utf-8")
    assert "fine" in built and "click" in built
    assert not script_problems(built), script_problems(built)
    assert '<meta name="deskbook-page" content="faq/orders.md">' in built
    assert '<meta name="deskbook-type" content="faq">' in built


def _token(client: FlaskClient) -> str:
    found = re.search(r'name="csrf-token" content="([^"]+)"', text(client.get("/portal/capture/mine")))
    assert found
    return found.group(1)


@pytest.mark.parametrize("body", HOSTILE_REFUSED)
def test_links_other_than_http_mailto_or_relative_are_refused_with_a_clear_error(
    agent: FlaskClient, body: str
) -> None:
    response = send_faq(agent, "Hostile?", body)
    assert response.status_code == 400
    page = html.unescape(text(response))
    assert "links may only use http, https or mailto" in page
    assert body in page  # the form comes back with the text, escaped
    assert not script_problems(text(response))


@pytest.mark.parametrize("body", [
    "---\ntitle: Pwned\nowner: evil@example.com\n---\nAnswer\n",
    "\n\n---\nlang: ar\n---\n",
])
def test_front_matter_cannot_be_injected_from_an_answer_or_a_section_edit(
    agent: FlaskClient, body: str, kb: Path
) -> None:
    response = send_faq(agent, "Front matter?", body)
    assert response.status_code == 400 and "front matter" in text(response)
    edit = send(agent, "/portal/capture/edit?page=policies/refunds.md&anchor=refunds",
                markdown=body)
    assert edit.status_code == 400 and "front matter" in text(edit)
    answer = send(agent, "/portal/capture/answer?q=x", title="x", body=body, target="new:faq")
    assert answer.status_code == 400


def test_an_unclosed_code_block_cannot_swallow_the_rest_of_the_page(agent: FlaskClient) -> None:
    response = send(agent, "/portal/capture/edit?page=policies/refunds.md&anchor=window",
                    markdown="## Window\n\n```\nnever closed\n")
    assert response.status_code == 400 and "open" in text(response)
    assert send_faq(agent, "Pre?", "<pre>\nunclosed\n").status_code == 400


def test_sizes_are_limited_with_clear_errors(app: Flask, agent: FlaskClient) -> None:
    big = send_faq(agent, "Big?", "word " * 4200)
    assert big.status_code == 413
    assert "the limit is 20 KB" in text(big) and "word word" in text(big)
    long_title = send_faq(agent, "Q" * 301 + "?", "Fine.\n")
    assert long_title.status_code == 413 and "keep it under 300" in text(long_title)
    empty = send_faq(agent, "   ", "Fine.\n")
    assert empty.status_code == 400 and "question is empty" in text(empty)
    huge = agent.post("/portal/capture/faq", data={"answer": "x" * (app.config["MAX_CONTENT_LENGTH"] + 10)})
    assert huge.status_code == 413


def test_messages_and_authors_that_look_like_options_are_stored_literally(
    app: Flask, lead: FlaskClient, kb: Path, db: Any
) -> None:
    users.add_user(db, "-n@example.com", Role.AGENT, PASSWORD)
    dashing = app.test_client()
    login(dashing, "-n@example.com")
    note = "--author=Evil <evil@example.com>\n-m injected\n\n$(rm -rf /); `id`"
    ident = submission_id(send_faq(dashing, "--help; rm -rf / #", "Literal.\n", comment=note))
    review_post(lead, ident, "approve")
    log = git(kb, "log", "-1", "--format=%an|%ae%n%B")
    assert log.startswith("-n@example.com|-n@example.com\n")
    assert "FAQ faq/orders.md: --help; rm -rf / #" in log
    assert "injected" not in log  # the note to the lead stays out of git
    assert "Submitted-by: -n@example.com" in log
    page = (kb / "faq/orders.md").read_text()
    assert "## --help; rm -rf / \\#\n" in page  # the trailing # stays part of the question


@pytest.mark.parametrize("heading", BAD_HEADING_IDS)
def test_a_heading_id_that_could_break_out_of_the_page_is_refused_everywhere_text_is_sent(
    agent: FlaskClient, db: Any, heading: str
) -> None:
    name = heading.lstrip("#").split("{")[0].strip()
    said = f"the heading “{name}” sets the id"
    body = f"Intro.\n\n{heading}\n\nText.\n"
    responses = [
        send_faq(agent, "A fine question?", body),
        send(agent, "/portal/capture/edit?page=policies/refunds.md&anchor=window",
             markdown=f"## Window\n\n{heading}\n\nText.\n"),
        send(agent, "/portal/capture/answer?q=x", title="A fine title", body=body,
             target="new:faq"),
    ]
    if heading.startswith("## "):  # a question or a new page's title becomes a heading too
        title = heading.removeprefix("## ")
        responses.append(send_faq(agent, title, "A fine answer.\n"))
        responses.append(send(agent, "/portal/capture/answer?q=x", title=title,
                              body="A fine answer.\n", target="new:faq"))
    for response in responses:
        assert response.status_code == 400
        assert said in html.unescape(text(response))
    assert db.scalar(select(func.count()).select_from(Submission)) == 0


def test_trailer_lines_in_a_note_cannot_pass_an_approval_off_as_another_submissions(
    agent: FlaskClient, lead: FlaskClient, kb: Path, db: Any, people: dict[Role, Any]
) -> None:
    """A note with the line `Submission: #N` once marked submission N applied with this
    approval's commit (N's text was never written), and its `Approved-by:` line put an
    approval in git that no admin gave."""
    victim = submission_id(send_faq(agent, "Do you ship to Oman?", "Yes, in 5 to 7 days.\n"))
    forged = (f"Thanks!\nSubmission: #{victim}\nSubmission-token: {'0' * 32}\n"
              f"Approved-by: {people[Role.ADMIN].email}")
    decoy = submission_id(send_faq(agent, "Gift cards?", "They never expire.\n", comment=forged))
    assert review_post(lead, decoy, "approve").status_code == 303
    decoy_commit = git(kb, "rev-parse", "HEAD").strip()
    lines = git(kb, "log", "-1", "--format=%B").splitlines()
    assert f"Approved-by: {people[Role.ADMIN].email}" not in lines
    assert f"Submission: #{victim}" not in lines and f"Submission: #{decoy}" in lines

    assert review_post(lead, victim, "approve").status_code == 303
    page = (kb / "faq/orders.md").read_text()
    assert "## Do you ship to Oman?\n\nYes, in 5 to 7 days.\n" in page
    db.expire_all()
    row = db.get(Submission, victim)
    assert row.state == "applied" and row.commit == git(kb, "rev-parse", "HEAD").strip()
    assert row.commit != decoy_commit


@pytest.mark.parametrize("link", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_every_markdown_link_form_with_a_script_scheme_is_refused(
    agent: FlaskClient, link: str
) -> None:
    """A reference definition inside a block quote was once let through."""
    response = send_faq(agent, "Hostile?", f"See this:\n\n{link}\n")
    assert response.status_code == 400
    assert "links may only use http, https or mailto" in text(response)
