"""Who may call what: every route of the app × anonymous, new hire, agent, lead and admin.

`test_every_route_answers_every_role_as_the_table_says` walks `app.url_map`: a route added
without an entry in MATRIX fails it, named. Each (endpoint, method) has the lowest role allowed,
the status an allowed person sees, and the exceptions (ids outside the person's scope are 404).
Unsafe methods are sent twice: first without a CSRF token (anonymous → sign in, too low a role
→ 403, allowed → 400: the role check cannot be skipped and neither can CSRF), then as a browser
sends them, with the person's own token.

The scope tests below say the same in the words of a user: someone else's checklist,
submission or token is "not found"; agents cannot approve, edit or administer; nobody approves
their own submission; a lead grants nobody admin.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from content.newpage import new_page_text
from portal import app_state, capture, checklists, editor
from portal.accounts import tokens, two_factor, users
from portal.accounts.roles import Role
from portal.db import write
from portal.docstore import Change, DocStore, Identity
from portal.editor import work_in_progress
from portal.insights.usage import record_open, record_search
from portal.models import User
from portal.models.capture import Submission
from portal.notifications import notify, outbox
from portal.notifications.kinds import Kind
from portal.notifications.mails import render
from portal.search_ui import synonyms
from portal.search_ui.answer import SearchAnswer
from portal.search_ui.recording import shown_token
from tests.portal.capture_kb import git, make_kb, without_site_rebuilds
from tests.portal.helpers import PASSWORD, Person, login, page_csrf, text
from tests.portal.onboarding_kb import (
    READ_REFUND_WINDOW,
    TASK_ENABLE_2FA,
    new_agent_track,
    write_tracks,
)

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
ROLES: tuple[Role | None, ...] = (None, *Role)  # None: not signed in


# --- the world the routes are called on ---------------------------------------------------


@dataclass
class World:
    """Real objects for the routes' parameters, made through the portal's own functions."""

    app: Flask
    db: Session
    store: DocStore
    docs: Path
    tracks: Path
    users: dict[Role, User]
    target: User  # an agent the admin routes act on
    seed: str  # the docs' first commit
    submission: int  # the agent's pending FAQ entry
    assignment: int  # the new hire's checklist
    token: int  # the new hire's API token
    counter: Iterator[int] = field(default_factory=itertools.count)

    def unique(self) -> int:
        return next(self.counter)

    def fresh_faq(self, author: Role = Role.AGENT) -> int:
        made = capture.submit_faq(self.db, self.users[author], self.docs, "faq/orders.md",
                                  f"Question {self.unique()}?", "An answer.\n")
        return made.id

    def fresh_draft(self) -> str:
        """A new draft page, committed: the page to publish."""
        page = f"faq/draft-{self.unique()}.md"
        text = new_page_text("faq", "A draft", "setup@example.com", dt.date(2026, 12, 3),
                             "## Question?\n\nAnswer.\n", draft=True)
        self.store.publish(Change(page, text, None, Identity("Setup", "setup@example.com"),
                                "setup draft"))
        return page

    def fresh_live_page(self) -> tuple[str, str]:
        """A new published page, committed: (its path, its content hash)."""
        page = f"faq/live-{self.unique()}.md"
        text = new_page_text("faq", "A live page", "setup@example.com", dt.date(2026, 12, 3),
                             "## Question?\n\nAnswer.\n", draft=False)
        self.store.publish(Change(page, text, None, Identity("Setup", "setup@example.com"),
                                "setup page"))
        return page, self.store.read(page)[1]

    def fresh_work(self) -> dict[str, str]:
        """Work in progress on a new live page: the form that discards it."""
        page, digest = self.fresh_live_page()
        text = self.store.read(page)[0] + "\nMore.\n"
        work_in_progress.save(self.store, Identity("Setup", "setup@example.com"), page, text,
                              live_base=digest, seen="")
        kept = work_in_progress.find(self.store, page)
        assert kept is not None
        return {"page": page, "wip_hash": kept.digest, "confirm": "1"}

    def fresh_archive(self) -> dict[str, str]:
        """The confirmed archive form of a new live page."""
        page, digest = self.fresh_live_page()
        return {"page": page, "base_hash": digest, "reason": "Outdated.", "confirm": "1"}

    def fresh_draft_answer(self) -> int:
        """An approved answer that started a new page, still a draft: its submission."""
        made = capture.submit_answer(self.db, self.users[Role.AGENT], self.docs, None,
                                     f"Draft answer {self.unique()}", "It depends.\n", "new:faq")
        capture.approve(self.db, self.users[Role.LEAD], made.id, self.store,
                        today=dt.date(2026, 12, 3))
        return made.id

    def fresh_flag(self) -> int:
        made = capture.submit_flag(self.db, self.users[Role.AGENT], self.docs,
                                   "policies/refunds.md", "window", "outdated", "30 → 14 days")
        return made.id

    def changed(self, page: str) -> str:
        """Commit a change to `page` (so restoring the seed changes something); the seed."""
        current, digest = self.store.read(page)
        self.store.publish(Change(page, current + f"\nLine {self.unique()}.\n", digest,
                                Identity("Setup", "setup@example.com"), "setup change"))
        return self.seed

    def fresh_proposal(self) -> dict[str, str]:
        """A synonym proposal (three people refined one search the same way): its form."""
        n = self.unique()
        now = dt.datetime.now(dt.UTC)
        for person in range(3):
            user = users.add_user(self.db, f"p{n}-{person}@example.com", Role.AGENT, "pw-123456789")
            first = record_search(self.db, user.user.id, f"typed{n}", None, 0, now)
            second = record_search(self.db, user.user.id, f"found{n}", None, 1, now)
            assert first is not None and second is not None
            record_open(self.db, user.user.id, second, "/faq/orders/", "faq/orders.md", now)
        return {"typed": f"typed{n}", "found_with": f"found{n}", "decision": "reject"}

    def enrolling(self, who: Role | None) -> Call:
        """`who` has begun setting up two-factor sign-in (so the QR code exists)."""
        if who is not None:
            two_factor.begin_enrolment(self.db, self.users[who])
        return Call()

    def enrolled_target(self) -> int:
        """The target agent, with two-factor sign-in on (for an admin to turn off)."""
        if two_factor.is_enrolled(self.db, self.target):
            return self.target.id
        enrolment = two_factor.begin_enrolment(self.db, self.target)
        two_factor.confirm_enrolment(self.db, self.target, pyotp.TOTP(enrolment.secret).now())
        return self.target.id

    def fresh_agent(self) -> int:
        """A new agent, with no onboarding track yet (to be given one)."""
        return users.add_user(self.db, f"onboarded-{self.unique()}@example.com", Role.AGENT,
                              PASSWORD).user.id

    def fresh_assignment(self) -> int:
        """A new agent's checklist (for a lead to take away)."""
        person = users.get_user(self.db, self.fresh_agent())
        tracks = checklists.tracks_in(self.tracks)
        return checklists.assign_track(self.db, self.users[Role.LEAD], person, "new-agent",
                                       dt.date(2026, 1, 5), tracks).id

    def fresh_reminder(self) -> int:
        """A lead's reminder on the new hire's checklist (for the new hire to dismiss); each
        one sent days after the last, as a checklist takes one reminder a day."""
        sent = dt.datetime(2000, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=2 * self.unique())
        return checklists.send_reminder(self.db, self.users[Role.LEAD], self.assignment,
                                        "Please finish the refunds page.", now=sent).id

    def notification_of(self, who: Role | None) -> Call:
        """A notification of `who` (the new hire's for someone signed out), to open."""
        owner = self.users[who or Role.NEW_HIRE]
        made = notify.notify(self.db, owner, Kind.REMINDER, "reminder",
                             {"lead": "lead@example.com", "message": "Read it"}, base_url=None,
                             path="/portal/onboarding/")
        return Call({"notification_id": made.id}, form={})

    def queued_mail(self) -> Call:
        """A mail in the queue, for an admin to retry or discard."""
        mail = render("agent@example.com", "en", "Hello", "Body", base_url="http://x")
        with write(self.db):
            made = outbox.add_mail(self.db, mail)
        return Call({"mail_id": made.id}, form={})

    def synonyms_form(self) -> dict[str, str]:
        """The synonyms editor's form, based on the file as it is now, with a new group."""
        base = synonyms.current(self.docs).base_hash or ""
        return {"text": f"groups:\n  - [rma{self.unique()}, return window]\n", "base": base}

    def shown_search(self, who: Role | None) -> str:
        """The note the search box gets with the results it shows `who` (to record them)."""
        user_id = self.users[who].id if who is not None else 0
        answer = SearchAnswer("refund", (), None, 0, 1.0)
        return shown_token(self.app.secret_key or "", user_id, answer, None)

    def edit_form(self, page: str) -> dict[str, str]:
        """The editor's form for `page` as the browser sends it, with a changed body."""
        form = editor.open_page(self.store, page).form
        fields = {k: str(v) for k, v in dataclasses.asdict(form).items() if k != "minor"}
        fields["body"] = form.body + f"\nEdited {self.unique()}.\n"
        return fields


@dataclass(frozen=True)
class Call:
    args: dict[str, Any] = field(default_factory=dict)  # URL parameters and query string
    form: dict[str, str] | None = None
    json: dict[str, Any] | None = None


@dataclass(frozen=True)
class Entry:
    minimum: Role | None  # None: public
    ok: int  # what an allowed person gets
    call: Callable[[World, Role | None], Call] = lambda w, who: Call()
    special: dict[Role | None, int] = field(default_factory=dict)  # scope: out of reach → 404


def _others(owner: Role, status: int = 404) -> dict[Role | None, int]:
    return {role: status for role in Role if role is not owner}


PAGE = {"page": "policies/refunds.md"}
SECTION = {"page": "policies/refunds.md", "anchor": "window"}

MATRIX: dict[tuple[str, str], Entry] = {
    # public
    ("static", "GET"): Entry(None, 200, lambda w, who: Call({"filename": "portal.css"})),
    ("home.health", "GET"): Entry(None, 200),
    ("suggest_views.sidebar", "GET"): Entry(None, 200),  # a shell: the answers need the API
    ("suggest_views.sidebar_pasted", "POST"): Entry(None, 200, lambda w, who: Call(form={
        "text": "Where is my order?"})),
    ("auth.login", "GET"): Entry(None, 200, special={r: 302 for r in Role}),  # signed in: go on
    ("auth.login", "POST"): Entry(None, 401, lambda w, who: Call(form={
        "email": f"nobody-{w.unique()}@example.com", "password": "wrong password 1"})),
    # single sign-on is not configured here: its addresses are not found, for everyone
    ("sso.start", "GET"): Entry(None, 404),
    ("sso.callback", "GET"): Entry(None, 404, lambda w, who: Call({"code": "x", "state": "y"})),
    # the code step without a correct password first: back to the sign-in page
    ("auth.code", "GET"): Entry(None, 303),
    ("auth.code", "POST"): Entry(None, 303, lambda w, who: Call(form={"code": "123456"})),
    # password reset by mail: mail is off here (the page says so); a made-up link is refused
    ("reset.forgot", "GET"): Entry(None, 200),
    ("reset.forgot", "POST"): Entry(None, 503, lambda w, who: Call(form={
        "email": "agent@example.com"})),
    ("reset.reset", "GET"): Entry(None, 400, lambda w, who: Call({"token": "made-up"})),
    ("reset.reset", "POST"): Entry(None, 400, lambda w, who: Call({"token": "made-up"}, form={
        "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"})),
    # everyone signed in
    ("site.page", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        {"path": "policies/refunds/"})),
    ("home.index", "GET"): Entry(Role.NEW_HIRE, 200),
    ("notifications.index", "GET"): Entry(Role.NEW_HIRE, 200),
    ("notifications.open_one", "POST"): Entry(Role.NEW_HIRE, 303,
                                              lambda w, who: w.notification_of(who)),
    ("notifications.read_all", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(form={})),
    ("notifications.settings", "GET"): Entry(Role.NEW_HIRE, 200),
    ("notifications.settings", "POST"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(form={
        "reminder": "portal"})),
    ("api.me", "GET"): Entry(Role.NEW_HIRE, 200),
    ("search_views.api", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call({"q": "refund"})),
    ("search_views.page", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call({"q": "refund"})),
    ("search_views.open_hit", "GET"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"to": "/policies/refunds/", "qid": "1"})),
    ("search_views.results", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        {"q": "refund"})),
    ("search_views.record", "POST"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        json={"token": w.shown_search(who)})),
    ("suggest_views.api", "POST"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        json={"text": "Can I still get a refund? The window closed yesterday."})),
    ("reuse.record", "POST"): Entry(Role.NEW_HIRE, 201, lambda w, who: Call(
        json={**SECTION, "action": "open", "origin": "site"})),
    ("reuse.csrf", "GET"): Entry(Role.NEW_HIRE, 200),
    ("auth.password", "GET"): Entry(Role.NEW_HIRE, 200),
    ("auth.password", "POST"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(form={
        "current_password": PASSWORD, "new_password": "a brand new passphrase",
        "confirm_password": "a brand new passphrase"})),
    ("auth.logout", "POST"): Entry(Role.NEW_HIRE, 302),
    ("two_factor.account", "GET"): Entry(Role.NEW_HIRE, 200),
    ("two_factor.account", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        form={"do": "start"})),
    ("two_factor.qr", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: w.enrolling(who)),
    ("tokens.index", "GET"): Entry(Role.NEW_HIRE, 200),
    ("tokens.create", "POST"): Entry(Role.NEW_HIRE, 201, lambda w, who: Call(
        form={"name": f"script {w.unique()}"})),
    ("tokens.revoke", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"token_id": w.token}, form={}), special=_others(Role.NEW_HIRE)),
    ("onboarding.mine", "GET"): Entry(Role.NEW_HIRE, 200),
    ("onboarding.acknowledge", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"assignment_id": w.assignment, "item_id": "refund-window"}, form={}),
        special=_others(Role.NEW_HIRE)),
    ("onboarding.task_done", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"assignment_id": w.assignment, "item_id": "enable-2fa"}, form={"done": "1"}),
        special=_others(Role.NEW_HIRE)),
    ("onboarding.open_item", "GET"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"assignment_id": w.assignment, "item_id": "refund-window"}),
        special=_others(Role.NEW_HIRE)),
    ("onboarding.dismiss", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        {"reminder_id": w.fresh_reminder()}, form={}), special=_others(Role.NEW_HIRE)),
    ("shell.header", "GET"): Entry(Role.NEW_HIRE, 200),
    ("shell.language", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(
        form={"language": "en", "next": "/portal/"})),
    ("capture.mine", "GET"): Entry(Role.NEW_HIRE, 200),
    ("capture.show", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        {"submission_id": w.submission}), special=_others(Role.AGENT)),
    ("capture.faq", "GET"): Entry(Role.NEW_HIRE, 200),
    ("capture.faq", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(form={
        "page": "faq/orders.md", "question": f"Q {w.unique()}?", "answer": "A.\n"})),
    ("capture.edit", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(SECTION)),
    ("capture.edit", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(SECTION, form={
        "markdown": f"## Window\n\nCustomers have {w.unique()} days.\n"})),
    ("capture.flag", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(SECTION)),
    ("capture.flag", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call(SECTION, form={
        "reason": "unclear", "comment": "Which days count?"})),
    ("capture.answer", "GET"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call({"q": "gift"})),
    ("capture.answer", "POST"): Entry(Role.NEW_HIRE, 303, lambda w, who: Call({"q": "gift"}, form={
        "title": f"Gift cards {w.unique()}", "body": "They never expire.\n",
        "target": "new:faq"})),
    ("capture.preview", "POST"): Entry(Role.NEW_HIRE, 200, lambda w, who: Call(
        json={"markdown": "**hi**"})),
    # leads and admins
    ("review.index", "GET"): Entry(Role.LEAD, 200),
    ("review.detail", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(
        {"submission_id": w.submission})),
    ("review.approve", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"submission_id": w.fresh_faq()}, form={})),
    ("review.publish", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"submission_id": w.fresh_draft_answer()}, form={})),
    ("review.reject", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"submission_id": w.fresh_faq()}, form={"reason": "Already on the page."})),
    ("editor.pages", "GET"): Entry(Role.LEAD, 200),
    ("editor.edit", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(PAGE)),
    ("editor.save", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form=w.edit_form("policies/refunds.md"))),
    ("editor.preview", "POST"): Entry(Role.LEAD, 200, lambda w, who: Call(
        json={"markdown": "# Title"})),
    ("editor.new", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call({"type": "faq"})),
    ("editor.create", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(form={
        "type": "faq", "title": f"Shipping {w.unique()}", "lang": "en"})),
    ("editor.history", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(PAGE)),
    ("editor.diff", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(
        {**PAGE, "a": w.seed, "b": w.changed("policies/refunds.md")})),
    ("editor.restore", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form={"page": "faq/orders.md", "rev": w.changed("faq/orders.md"), "confirm": "1"})),
    ("editor.publish", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form={"page": w.fresh_draft(), "base_hash": ""})),
    ("editor.discard", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form=w.fresh_work())),
    ("editor.confirm_archive", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(PAGE)),
    ("editor.archive", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form=w.fresh_archive())),
    ("site.status", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(PAGE)),
    ("living.due", "GET"): Entry(Role.LEAD, 200),
    ("living.mark", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(form=PAGE)),
    ("living.flags", "GET"): Entry(Role.LEAD, 200),
    ("living.resolve", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"flag_id": w.fresh_flag()}, form={"note": "Done."})),
    ("living.stale", "GET"): Entry(Role.LEAD, 200),
    ("synonyms.edit", "GET"): Entry(Role.LEAD, 200),
    ("synonym_proposals.index", "GET"): Entry(Role.LEAD, 200),
    ("synonym_proposals.decide_one", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        form=w.fresh_proposal())),
    ("synonyms.preview", "POST"): Entry(Role.LEAD, 200, lambda w, who: Call(
        form={"text": "groups:\n  - [rma, return window]\n", "q": "rma"})),
    ("synonyms.save", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(form=w.synonyms_form())),
    ("insights.search", "GET"): Entry(Role.LEAD, 200),
    ("insights.health", "GET"): Entry(Role.LEAD, 200),
    ("insights.reuse", "GET"): Entry(Role.LEAD, 200),
    ("onboarding.team", "GET"): Entry(Role.LEAD, 200),
    ("onboarding.assign", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(form={
        "user_id": str(w.target.id), "track": "new-agent", "start": "2026-01-05"})),
    ("onboarding.person", "GET"): Entry(Role.LEAD, 200, lambda w, who: Call(
        {"user_id": w.users[Role.NEW_HIRE].id})),
    ("onboarding.remind", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"assignment_id": w.fresh_assignment()}, form={"note": "The refunds page is waiting."})),
    ("onboarding.reschedule", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"assignment_id": w.assignment}, form={"start": "2026-01-12"})),
    ("onboarding.unassign", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"assignment_id": w.fresh_assignment()}, form={})),
    ("onboarding.reassign", "POST"): Entry(Role.LEAD, 303, lambda w, who: Call(
        {"assignment_id": w.fresh_assignment()}, form={"user_id": str(w.fresh_agent())})),
    # admins
    ("admin.users", "GET"): Entry(Role.ADMIN, 200),
    ("admin.add", "POST"): Entry(Role.ADMIN, 201, lambda w, who: Call(form={
        "email": f"added-{w.unique()}@example.com", "role": "agent"})),
    ("admin.set_role", "POST"): Entry(Role.ADMIN, 303, lambda w, who: Call(
        {"user_id": w.target.id}, form={"role": "lead"})),
    ("admin.confirm_deactivate", "GET"): Entry(Role.ADMIN, 200, lambda w, who: Call(
        {"user_id": w.target.id})),
    ("admin.deactivate", "POST"): Entry(Role.ADMIN, 303, lambda w, who: Call(
        {"user_id": w.target.id}, form={"confirm": "1"})),
    ("admin.activate", "POST"): Entry(Role.ADMIN, 303, lambda w, who: Call(
        {"user_id": w.target.id}, form={})),
    ("admin.reset_password", "POST"): Entry(Role.ADMIN, 200, lambda w, who: Call(
        {"user_id": w.target.id}, form={})),
    ("two_factor.policy", "GET"): Entry(Role.ADMIN, 200),
    ("two_factor.policy", "POST"): Entry(Role.ADMIN, 200, lambda w, who: Call(form={})),
    ("two_factor.turn_off_for", "POST"): Entry(Role.ADMIN, 303, lambda w, who: Call(
        {"user_id": w.enrolled_target()}, form={})),
    ("audit.index", "GET"): Entry(Role.ADMIN, 200, lambda w, who: Call({"action": "sign_in"})),
    ("audit.export", "GET"): Entry(Role.ADMIN, 200, lambda w, who: Call({"since": "2026-01-01"})),
    ("notifications.mail", "GET"): Entry(Role.ADMIN, 200),
    ("notifications.retry", "POST"): Entry(Role.ADMIN, 303, lambda w, who: w.queued_mail()),
    ("notifications.discard", "POST"): Entry(Role.ADMIN, 303, lambda w, who: w.queued_mail()),
}

LAST = {("auth.logout", "POST")}  # signs the person out: called after everything else


def expected(entry: Entry, who: Role | None, path: str, with_csrf: bool, method: str) -> int:
    if entry.minimum is not None:
        if who is None:
            return 401 if path.startswith("/api/") else 302
        if not who.at_least(entry.minimum):
            return 403
    if method in UNSAFE and not with_csrf:
        return 400
    return entry.special.get(who, entry.ok)


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    docs = make_kb(tmp_path / "kb")
    write_tracks(tmp_path / "tracks", new_agent_track(READ_REFUND_WINDOW, TASK_ENABLE_2FA))
    return docs


@pytest.fixture
def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    # The site is the session's built site (read only); the docs are a git repository.
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "index"),
            "ONBOARDING_DIR": str(kb.parent.parent / "tracks")}


@pytest.fixture
def app(app: Flask) -> Flask:
    without_site_rebuilds(app)  # the shared site stays
    return app


@pytest.fixture
def world(app: Flask, db: Session, people: dict[Role, Person], kb: Path) -> World:
    accounts = {role: users.require_user(db, person.email) for role, person in people.items()}
    target = users.add_user(db, "target@example.com", Role.AGENT, PASSWORD).user
    tracks = checklists.tracks_in(kb.parent.parent / "tracks")
    assignment = checklists.assign_track(db, accounts[Role.LEAD], accounts[Role.NEW_HIRE], "new-agent",
                                         dt.date(2026, 1, 5), tracks)
    token, _secret = tokens.create_token(db, accounts[Role.NEW_HIRE], "laptop")
    store = app_state.docstore(app)
    submission = capture.submit_faq(db, accounts[Role.AGENT], kb, "faq/orders.md",
                                    "Can I change my address?", "Yes, before it ships.\n")
    return World(app, db, store, kb, kb.parent.parent / "tracks", accounts, target,
                 git(kb, "rev-parse", "HEAD").strip(), submission.id, assignment.id, token.id)


def _clients(app: Flask, people: dict[Role, Person]) -> dict[Role | None, tuple[FlaskClient, str]]:
    """A browser per role, signed in, with its own CSRF token."""
    found: dict[Role | None, tuple[FlaskClient, str]] = {}
    anonymous = app.test_client()
    found[None] = (anonymous, page_csrf(anonymous, "/portal/login"))
    for role, person in people.items():
        client = app.test_client()
        assert login(client, person.email).status_code == 302
        found[role] = (client, page_csrf(client, "/portal/tokens/"))
    return found


def _url(rule: Rule, args: dict[str, Any]) -> str:
    built = rule.build({k: v for k, v in args.items() if k in rule.arguments}, False)
    assert built is not None, (rule.rule, args)
    query = {k: v for k, v in args.items() if k not in rule.arguments}
    path = built[1]
    if query:
        from urllib.parse import urlencode

        path += "?" + urlencode(query)
    return path


def _send(client: FlaskClient, method: str, url: str, call: Call, token: str | None) -> TestResponse:
    headers = {"X-CSRFToken": token} if token and call.json is not None else {}
    form = None
    if call.form is not None or (method in UNSAFE and call.json is None):
        form = dict(call.form or {})
        if token:
            form["csrf_token"] = token
    return client.open(url, method=method, data=form, json=call.json, headers=headers)


# --- the matrix ---------------------------------------------------------------------------


def test_every_route_answers_every_role_as_the_table_says(
    app: Flask, world: World, people: dict[Role, Person]
) -> None:
    routes = [
        (rule, method)
        for rule in app.url_map.iter_rules()
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    ]
    missing = sorted({f"{rule.endpoint} {method} ({rule.rule})" for rule, method in routes
                      if (rule.endpoint, method) not in MATRIX})
    assert not missing, "routes without an entry in the permission matrix: " + ", ".join(missing)
    stale = sorted(set(MATRIX) - {(rule.endpoint, method) for rule, method in routes})
    assert not stale, f"entries for routes that no longer exist: {stale}"

    clients = _clients(app, people)
    routes.sort(key=lambda rm: (rm[0].endpoint, rm[1]) in LAST)
    wrong: list[str] = []
    for rule, method in routes:
        entry = MATRIX[(rule.endpoint, method)]
        tries = (False, True) if method in UNSAFE else (True,)
        for who in ROLES:
            client, token = clients[who]
            for with_csrf in tries:
                call = entry.call(world, who)
                url = _url(rule, call.args)
                response = _send(client, method, url, call, token if with_csrf else None)
                want = expected(entry, who, url, with_csrf, method)
                label = who.value if who else "anonymous"
                csrf = "" if method not in UNSAFE else (" +csrf" if with_csrf else " no-csrf")
                if response.status_code != want:
                    wrong.append(f"{method} {url} as {label}{csrf}: {response.status_code}, "
                                 f"expected {want}: {text(response)[:160]!r}")
                elif want == 302 and who is None and entry.minimum is not None:
                    location = response.headers["Location"]
                    if not location.startswith("/portal/login?next="):
                        wrong.append(f"{method} {url} anonymous: redirected to {location}")
                elif want == 403 and "role" not in text(response):
                    wrong.append(f"{method} {url} as {label}: a 403 without the reason")
    assert not wrong, "\n".join(wrong)


# --- scope, in the words of a user --------------------------------------------------------


def _browser(app: Flask, role: Role, people: dict[Role, Person]) -> FlaskClient:
    client = app.test_client()
    login(client, people[role].email)
    return client


def _token(client: FlaskClient) -> str:
    return page_csrf(client, "/portal/tokens/")


def _count(db: Session, model: Any) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_another_persons_checklist_submission_or_token_is_not_found(
    app: Flask, world: World, people: dict[Role, Person], db: Session
) -> None:
    for role in (Role.AGENT, Role.LEAD, Role.ADMIN):
        client = _browser(app, role, people)
        token = _token(client)
        ack = client.post(f"/portal/onboarding/{world.assignment}/items/refund-window/acknowledge",
                          data={"csrf_token": token})
        done = client.post(f"/portal/onboarding/{world.assignment}/items/enable-2fa/done",
                           data={"csrf_token": token, "done": "1"})
        revoke = client.post(f"/portal/tokens/{world.token}/revoke", data={"csrf_token": token})
        assert (ack.status_code, done.status_code, revoke.status_code) == (404, 404, 404), role
    for role in (Role.NEW_HIRE, Role.LEAD, Role.ADMIN):
        client = _browser(app, role, people)
        shown = client.get(f"/portal/capture/mine/{world.submission}")
        assert shown.status_code == 404 and "Can I change my address" not in text(shown), role
        assert "Can I change my address" not in text(client.get("/portal/capture/mine"))
    # nothing was recorded on the new hire's checklist, and the token still works
    new_hire = _browser(app, Role.NEW_HIRE, people)
    mine = text(new_hire.get("/portal/onboarding/"))
    assert 'data-status="done"' not in mine and 'data-status="read"' not in mine
    db.expire_all()
    assert tokens.list_tokens(db, world.users[Role.NEW_HIRE])[0].revoked_at is None


def test_agents_cannot_approve_edit_or_administer(
    app: Flask, world: World, people: dict[Role, Person], db: Session, kb: Path
) -> None:
    agent = _browser(app, Role.AGENT, people)
    token = _token(agent)
    head = git(kb, "rev-parse", "HEAD")
    refused = [
        agent.get(f"/portal/review/{world.submission}"),
        agent.post(f"/portal/review/{world.submission}/approve", data={"csrf_token": token}),
        agent.post(f"/portal/review/{world.submission}/reject",
                   data={"csrf_token": token, "reason": "no"}),
        agent.post("/portal/editor/edit",
                   data={"csrf_token": token, **world.edit_form("policies/refunds.md")}),
        agent.post("/portal/editor/new", data={"csrf_token": token, "type": "faq",
                                               "title": "Sneaky", "lang": "en"}),
        agent.post("/portal/living/review/mark", data={"csrf_token": token, **PAGE}),
        agent.post("/portal/admin/users", data={"csrf_token": token, "email": "x@example.com",
                                                "role": "admin"}),
        agent.post(f"/portal/admin/users/{world.users[Role.AGENT].id}/role",
                   data={"csrf_token": token, "role": "admin"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert all("Your role does not allow this" in text(r) for r in refused)
    assert git(kb, "rev-parse", "HEAD") == head
    db.expire_all()
    assert db.get(Submission, world.submission).state == "pending"  # type: ignore[union-attr]
    assert users.find_user(db, "x@example.com") is None
    assert world.users[Role.AGENT].role is Role.AGENT


def test_nobody_approves_their_own_submission(
    app: Flask, world: World, people: dict[Role, Person], db: Session, kb: Path
) -> None:
    head = git(kb, "rev-parse", "HEAD")
    for role in (Role.LEAD, Role.ADMIN):
        own = world.fresh_faq(author=role)
        client = _browser(app, role, people)
        response = client.post(f"/portal/review/{own}/approve",
                               data={"csrf_token": _token(client)})
        assert response.status_code == 403, role
        assert "nobody approves their own submission" in text(response)
        db.expire_all()
        assert db.get(Submission, own).state == "pending"  # type: ignore[union-attr]
    assert git(kb, "rev-parse", "HEAD") == head


def test_a_lead_grants_nobody_admin(
    app: Flask, world: World, people: dict[Role, Person], db: Session
) -> None:
    lead = _browser(app, Role.LEAD, people)
    token = _token(lead)
    me = world.users[Role.LEAD]
    attempts = [
        lead.post(f"/portal/admin/users/{me.id}/role", data={"csrf_token": token, "role": "admin"}),
        lead.post(f"/portal/admin/users/{world.target.id}/role",
                  data={"csrf_token": token, "role": "admin"}),
        lead.post("/portal/admin/users", data={"csrf_token": token, "email": "boss@example.com",
                                               "role": "admin"}),
        lead.post(f"/portal/admin/users/{world.users[Role.ADMIN].id}/deactivate",
                  data={"csrf_token": token, "confirm": "1"}),
    ]
    assert [a.status_code for a in attempts] == [403] * 4
    db.expire_all()
    roles = {u.email: (u.role, u.active) for u in users.list_users(db)}
    assert roles[me.email] == (Role.LEAD, True)
    assert roles["target@example.com"] == (Role.AGENT, True)
    assert roles[people[Role.ADMIN].email] == (Role.ADMIN, True)
    assert "boss@example.com" not in roles
    assert "Your role does not allow this" in text(attempts[0])
    assert lead.get("/api/me").get_json()["role"] == "lead"  # still signed in, still a lead
