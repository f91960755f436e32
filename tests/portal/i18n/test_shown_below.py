"""What the portal shows that is made below its views — the docstore's and git's refusals,
the front matter's field errors from content/ — comes in the reader's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal.accounts.roles import Role
from tests.portal.capture_kb import kb_settings, review_post, send, submit_faq
from tests.portal.editor.test_editor import edit_form, save
from tests.portal.helpers import Person, login, post_form, speaking, text

REFUNDS = "policies/refunds.md"


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    return kb_settings(settings, kb)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "يجب أن تكون عددًا صحيحًا من الأيام بين 1 و3650، والقيمة الحالية int -3"),
    ("id", "Harus bilangan bulat hari dari 1 sampai 3650, tetapi isinya int -3"),
])
def test_a_front_matter_value_the_schema_refuses_is_said_beside_its_field(
    app: Flask, people: dict[Role, Person], language: str, said: str
) -> None:
    lead = speaking(app, people[Role.LEAD], language)
    refused = save(lead, edit_form(lead, REFUNDS), review_every="-3")
    assert refused.status_code == 400
    assert said in text(refused) and "whole number" not in text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "أمر git آخر يعمل على مستودع المستندات (الملف index.lock موجود)"),
    ("id", "perintah git lain sedang berjalan di repositori dokumen (index.lock ada)"),
])
def test_a_git_lock_on_the_docs_is_explained_in_the_leads_language(
    app: Flask, kb: Path, people: dict[Role, Person], language: str, said: str
) -> None:
    lead = speaking(app, people[Role.LEAD], language)
    fields = edit_form(lead, REFUNDS)
    (kb / ".git" / "index.lock").touch()  # another git is at work in the docs repository
    refused = save(lead, fields, body=fields["body"] + "\nThe lead's edit.\n")
    assert refused.status_code == 503
    assert said in text(refused) and "index.lock exists" not in text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "في policies/refunds.md تعديلات غير مُثبَّتة في مستودع المستندات"),
    ("id", "policies/refunds.md punya suntingan yang belum di-commit di repositori dokumen"),
])
def test_a_docs_repository_not_ready_is_explained_in_the_leads_language(
    app: Flask, kb: Path, people: dict[Role, Person], language: str, said: str
) -> None:
    """Someone edited the page on the server without committing: the editor refuses to mix
    their edit into the lead's, and says so in the lead's language."""
    page = kb / REFUNDS
    page.write_text(page.read_text(encoding="utf-8") + "\nAn edit on the server.\n",
                    encoding="utf-8")
    lead = speaking(app, people[Role.LEAD], language)
    fields = edit_form(lead, REFUNDS)
    refused = save(lead, fields, body=fields["body"] + "\nThe lead's edit.\n")
    assert refused.status_code == 503
    assert said in text(refused) and "uncommitted" not in text(refused)


@pytest.mark.parametrize(("language", "said"), [
    ("ar", ".deskbook/synonyms.yml:3: تحتاج المجموعة إلى مصطلحين على الأقل"),
    ("id", ".deskbook/synonyms.yml:3: satu grup perlu paling sedikit dua istilah"),
])
def test_a_mistake_in_the_synonyms_is_said_in_the_leads_language(
    app: Flask, people: dict[Role, Person], language: str, said: str
) -> None:
    """The synonyms file is read in search/ (no Flask there): its message is translated where
    the portal shows it, when saving and in the preview."""
    lead = speaking(app, people[Role.LEAD], language)
    draft = "groups:\n  - [rma, return window]\n  - [lonely]\n"
    saved = send(lead, "/portal/synonyms/", text=draft, base="")
    previewed = post_form(lead, "/portal/synonyms/", "/portal/synonyms/preview", text=draft,
                          q="rma")
    assert saved.status_code == 400 and previewed.status_code == 200
    for page in (text(saved), text(previewed)):
        assert said in page and "at least two terms" not in page


@pytest.mark.parametrize(("language", "said"), [
    ("ar", "حالة هذه المساهمة بالفعل: مرفوضة"),
    ("id", "kiriman ini sudah ditolak"),
])
def test_a_decided_submission_says_its_state_in_words_of_the_leads_language(
    app: Flask, people: dict[Role, Person], language: str, said: str
) -> None:
    """The state is stored as a code (`rejected`); people read a word of their language."""
    agent = app.test_client()
    login(agent, people[Role.AGENT].email)
    ident = submit_faq(agent)
    lead = speaking(app, people[Role.LEAD], language)
    assert review_post(lead, ident, "reject", reason="Covered elsewhere.").status_code == 303
    again = review_post(lead, ident, "approve")
    assert again.status_code == 409
    assert said in text(again) and "rejected" not in text(again)


@pytest.mark.parametrize(("language", "said", "not_allowed"), [
    ("ar", "رمز الأمان في النموذج مفقود: أعد تحميل الصفحة وأرسل النموذج مرة أخرى.",
     "هذا الإجراء غير متاح هنا"),
    ("id", "Token keamanan formulir ini tidak ada: muat ulang halaman lalu kirim formulirnya lagi.",
     "Tindakan itu tidak tersedia di sini"),
])
def test_the_stock_refusals_of_a_request_are_in_the_readers_language(
    app: Flask, people: dict[Role, Person], language: str, said: str, not_allowed: str
) -> None:
    """A form sent without its CSRF token, an address used with the wrong method: the error
    page says it in the reader's words, not Flask-WTF's or werkzeug's English."""
    lead = speaking(app, people[Role.LEAD], language)
    refused = lead.post("/portal/account/language", data={"language": language})
    assert refused.status_code == 400
    assert said in text(refused) and "CSRF token" not in text(refused)
    wrong_method = lead.get("/portal/account/language")
    assert wrong_method.status_code == 405
    assert not_allowed in text(wrong_method) and "not allowed" not in text(wrong_method)
