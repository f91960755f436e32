"""What the portal's Python says to people — refusals on forms, inline form errors, JSON
errors of the API — comes in the person's language, holes filled and the words put into
them translated too."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from content.messages import N_, Message
from portal.accounts import tokens, users
from portal.accounts.roles import Role
from portal.checklists.assignments import check_start
from portal.docstore.git import GitError
from portal.errors import InvalidInput
from portal.i18n.messages import in_english
from portal.models import User
from tests.portal.capture_kb import kb_settings, send_faq
from tests.portal.helpers import Person, post_form, speaking, text


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


def _assign_starting(app: Flask, db: Any, people: dict[Role, Person], language: str,
                     start: str) -> str:
    """What the team page answers a lead speaking `language` who gives the agent a track
    starting `start` (refused: 400)."""
    lead = speaking(app, people[Role.LEAD], language)
    agent_id = db.query(User).filter_by(email=people[Role.AGENT].email).one().id
    refused = post_form(lead, "/portal/onboarding/team", "/portal/onboarding/team/assign",
                        user_id=str(agent_id), track="new-agent", start=start)
    assert refused.status_code == 400
    return text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "اختر تاريخ البدء (YYYY-MM-DD)"),
    ("id", "pilih tanggal mulai (YYYY-MM-DD)"),
])
def test_a_start_date_that_is_no_date_is_refused_in_the_leads_language(
    app: Flask, db: Any, people: dict[Role, Person], language: str, said: str
) -> None:
    page = _assign_starting(app, db, people, language, "next monday")
    assert said in page and "choose a start date" not in page


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "تاريخ البدء: 9999-12-31 ليس تاريخًا متوقعًا: اختر تاريخًا بين 2000-01-01 و2099-12-31"),
    ("id", "tanggal mulai: 9999-12-31 bukan tanggal yang wajar: pilih tanggal antara 2000-01-01 "
           "dan 2099-12-31"),
])
def test_a_refusal_made_below_the_portal_is_translated_with_its_dates(
    app: Flask, db: Any, people: dict[Role, Person], language: str, said: str
) -> None:
    """The date range is checked in content/ (no Flask there): its message is translated
    inside the portal's own."""
    assert said in _assign_starting(app, db, people, language, "9999-12-31")


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "لدى {email} حساب بالفعل"),
    ("id", "{email} sudah punya akun"),
])
def test_a_taken_email_is_said_beside_the_field_in_the_admins_language(
    app: Flask, people: dict[Role, Person], language: str, said: str
) -> None:
    admin = speaking(app, people[Role.ADMIN], language)
    refused = post_form(admin, "/portal/admin/users", "/portal/admin/users",
                        email=people[Role.AGENT].email, role="agent")
    assert refused.status_code == 409
    assert said.format(email=people[Role.AGENT].email) in text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "«السؤال» فارغ؛ اكتبه"),
    ("id", "pertanyaan kosong; isi dulu"),
])
def test_an_empty_question_is_refused_in_the_agents_language(
    app: Flask, store: Any, people: dict[Role, Person], language: str, said: str
) -> None:
    """The word put into the message ("question") is translated with it."""
    agent = speaking(app, people[Role.AGENT], language)
    refused = send_faq(agent, "   ", "Fine.\n")
    assert refused.status_code == 400
    assert said in text(refused) and "is empty" not in text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "يجب أن تكون قيمة lang إحدى: en, ar, id, all"),
    ("id", "lang harus salah satu dari en, ar, id, all"),
])
def test_the_apis_json_errors_are_in_the_persons_language(
    app: Flask, people: dict[Role, Person], language: str, said: str
) -> None:
    client = speaking(app, people[Role.AGENT], language)
    refused = client.get("/api/search?q=refund&lang=xx")
    assert refused.status_code == 400
    assert json.loads(text(refused))["message"] == said


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "يجب أن تكون قيمة qid معرّفًا: عددًا صحيحًا من 1 إلى 2147483647"),
    ("id", "qid harus berupa ID: bilangan bulat dari 1 sampai 2147483647"),
])
def test_an_id_out_of_range_is_refused_naming_the_field_in_the_callers_language(
    app: Flask, db: Any, people: dict[Role, Person], language: str, said: str
) -> None:
    secret = tokens.create_token(db, users.require_user(db, people[Role.AGENT].email),
                                 "helpdesk")[1]
    refused = app.test_client().post(
        "/api/uses", json={"page": "policies/returns.md", "action": "open", "origin": "search",
                           "qid": "9" * 30},
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": language})
    assert refused.status_code == 400
    assert refused.get_json()["message"] == said


def test_outside_a_request_the_message_is_english() -> None:
    """The CLI calls the same functions: their refusals read in English there."""
    with pytest.raises(InvalidInput) as refused:
        check_start(dt.date(9999, 12, 31))
    assert str(refused.value) == ("start date: 9999-12-31 is not a date we expect: choose one "
                                  "between 2000-01-01 and 2099-12-31")


def test_a_docstore_error_reads_in_the_requests_language_and_logs_in_english(app: Flask) -> None:
    with app.test_request_context("/portal/", headers={"Accept-Language": "ar"}):
        refused = GitError(Message(N_("not a commit id")))
        assert str(refused) == "ليس معرّف commit"
        assert in_english(refused) == "not a commit id"
