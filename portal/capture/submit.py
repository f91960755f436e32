"""Agents and new hires send knowledge back: FAQ entries, section edits, flags and answers.

Every submission is validated, then stored and committed to the database before anything
else happens; nothing here touches docs/ (that is approving's job, in review.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content import ContentError, Page, Section, load_page
from content.loader import iter_markdown_files, read_text, relative_posix, resolve_page_path
from content.messages import Message
from content.parse import content_hash, parse_page
from content.schema import PAGE_TYPES, file_slug, page_path, type_of_section
from portal.capture.validate import (
    MAX_SECTION_BYTES,
    NOTE,
    QUESTION,
    SECTION,
    SubmissionRejected,
    clean_body,
    clean_comment,
    clean_query,
    clean_title,
)
from portal.db import write
from portal.docstore import SectionMovedOn
from portal.errors import NotFound
from portal.i18n import N_
from portal.models import User
from portal.models.capture import FlagReason, Submission, SubmissionKind, SubmissionState

NEW_PAGE = "new:"  # answer targets: "new:faq" / "new:howtos", or an FAQ page's path
ANSWER_PAGE_TYPES = ("faq", "howto")  # the types of page an answer may start


@dataclass(frozen=True)
class FaqPage:
    path: str
    title: str


@dataclass(frozen=True)
class SectionDraft:
    """What the edit form starts from: the section's Markdown and its version."""

    page: Page
    section: Section
    text: str
    hash: str


def faq_pages(docs: Path) -> list[FaqPage]:
    """FAQ pages people can add a question to (pages of type faq under faq/)."""
    folder = docs / "faq"
    if not folder.is_dir():
        return []
    found = []
    for path in iter_markdown_files(folder):
        relative = relative_posix(docs, path)
        try:
            page = parse_page(relative, read_text(path, relative))
        except ContentError:
            continue
        if page.type == "faq":
            found.append(FaqPage(relative, page.title))
    return sorted(found, key=lambda p: p.title.lower())


def _faq_page(docs: Path, page: str) -> Page:
    loaded = load_page(docs, page)
    if loaded.type != "faq":
        raise SubmissionRejected(N_("%(page)s is not an FAQ page; choose one of the FAQ pages"),
                                 page=page)
    return loaded


def section_draft(docs: Path, page: str, anchor: str) -> SectionDraft:
    """The section as it is now (NotFound when the page has no such section)."""
    full = resolve_page_path(docs, page)
    relative = relative_posix(docs.resolve(), full)
    text = read_text(full, relative)
    parsed = parse_page(relative, text)
    section = parsed.section(anchor)
    if section is None:
        raise NotFound(N_("%(page)s has no section “%(anchor)s” any more; open the page again"),
                       page=relative, anchor=anchor)
    source = section.source(text)
    return SectionDraft(parsed, section, source, content_hash(source))


def _store(session: Session, submission: Submission) -> Submission:
    with write(session):
        session.add(submission)
    return submission


def submit_faq(
    session: Session, author: User, docs: Path, page: str, question: str, answer: str,
    comment: str = "",
) -> Submission:
    """A new question and answer for an FAQ page."""
    target = _faq_page(docs, page)
    return _store(session, Submission(
        kind=SubmissionKind.FAQ, state=SubmissionState.PENDING, author_id=author.id,
        page=target.path, anchor="", base_hash=target.content_hash, base_text=None,
        title=clean_title(question, QUESTION), body=clean_body(answer),
        comment=clean_comment(comment, NOTE),
    ))


def submit_edit(
    session: Session, author: User, docs: Path, page: str, anchor: str, new_markdown: str,
    comment: str = "", seen_hash: str | None = None,
) -> Submission:
    """A suggested edit of one section, recording the section's version and text it replaces.

    `seen_hash` is the version the person started from (the form carries it): if the section
    changed since, `SectionMovedOn` is raised so they can redo their edit on the new text."""
    draft = section_draft(docs, page, anchor)
    if seen_hash is not None and seen_hash != draft.hash:
        raise SectionMovedOn(
            draft.page.path, anchor, draft.text, draft.hash,
            Message(N_("the section “%(anchor)s” of %(page)s changed while you were editing it; "
                       "your text is kept below next to the current version — redo your change "
                       "on top of it"),
                    anchor=anchor or Message(N_("introduction")), page=draft.page.path),
        )
    body = clean_body(new_markdown, limit=MAX_SECTION_BYTES, what=SECTION)
    if body == draft.text.rstrip() + "\n":
        raise SubmissionRejected(N_("the section is unchanged; edit the text before sending it"))
    return _store(session, Submission(
        kind=SubmissionKind.EDIT, state=SubmissionState.PENDING, author_id=author.id,
        page=draft.page.path, anchor=anchor, base_hash=draft.hash, base_text=draft.text,
        title=draft.section.heading[:300], body=body, comment=clean_comment(comment, NOTE),
    ))


def submit_flag(
    session: Session, author: User, docs: Path, page: str, anchor: str, reason: str,
    comment: str,
) -> Submission:
    """"Outdated", "wrong" or "unclear" on a section, with a comment."""
    try:
        flag = FlagReason(reason)
    except ValueError as error:
        choices = ", ".join(r.value for r in FlagReason)
        raise SubmissionRejected(N_("choose a reason: %(choices)s"), choices=choices) from error
    draft = section_draft(docs, page, anchor)
    note = clean_comment(comment)
    if not note:
        raise SubmissionRejected(N_("say in a few words what is outdated, wrong or unclear"))
    return _store(session, Submission(
        kind=SubmissionKind.FLAG, state=SubmissionState.PENDING, author_id=author.id,
        page=draft.page.path, anchor=anchor, base_hash=draft.hash, base_text=draft.text,
        title=draft.section.heading[:300], body="", comment=note, flag_reason=flag.value,
    ))


def new_page_path(docs: Path, kind: str, title: str) -> str:
    """A free path for a new page of this type, named after its title (a number is added
    when the name is taken)."""
    return _free(docs, lambda base: page_path(kind, base), file_slug(title) or "answer")


def free_page_name(docs: Path, page: str) -> str:
    """`page` if nothing has that name yet, else the first free `<name>-2.md`, `-3.md`…: two
    answers with the same title (or titles with the same slug) each get their own page."""
    folder, _, name = page.rpartition("/")
    return _free(docs, lambda base: f"{folder}/{base}.md", name.removesuffix(".md"))


def _free(docs: Path, path_for: Callable[[str], str], base: str) -> str:
    candidate = path_for(base)
    number = 2
    while (docs / candidate).exists():
        candidate = path_for(f"{base}-{number}")
        number += 1
    return candidate


def submit_answer(
    session: Session, author: User, docs: Path, query: str | None, title: str, body: str,
    target: str, comment: str = "",
) -> Submission:
    """The answer nobody had written: a new entry on an FAQ page (target = its path) or a new
    page under faq/ or howtos/ (target = "new:faq" / "new:howtos"). The query is kept."""
    clean = clean_title(title)
    text = clean_body(body)
    if target.startswith(NEW_PAGE):
        folder = target[len(NEW_PAGE):]
        kind = type_of_section(folder)
        if kind not in ANSWER_PAGE_TYPES or PAGE_TYPES[kind].folder != folder:
            raise SubmissionRejected(N_("a new page goes under faq/ or howtos/"))
        page, base_hash = new_page_path(docs, kind, clean), None
    else:
        faq = _faq_page(docs, target)
        page, base_hash = faq.path, faq.content_hash
    return _store(session, Submission(
        kind=SubmissionKind.ANSWER, state=SubmissionState.PENDING, author_id=author.id,
        page=page, anchor="", base_hash=base_hash, base_text=None, title=clean, body=text,
        comment=clean_comment(comment, NOTE), query=clean_query(query),
    ))


def is_new_page(submission: Submission) -> bool:
    """An answer with nothing to base it on creates a page; with a base it joins an FAQ page."""
    return submission.kind == SubmissionKind.ANSWER and submission.base_hash is None


def list_mine(session: Session, author: User) -> list[Submission]:
    query = (
        select(Submission)
        .where(Submission.author_id == author.id)
        .order_by(Submission.created_at.desc(), Submission.id.desc())
    )
    return list(session.scalars(query))


def get_mine(session: Session, author: User, submission_id: int) -> Submission:
    """One of the person's own submissions; anyone else's is NotFound (not even its existence)."""
    found = session.get(Submission, submission_id)
    if found is None or found.author_id != author.id:
        raise NotFound(N_("there is no such submission of yours"))
    return found



def open_count_of(session: Session, author: User) -> int:
    """How many of the person's submissions still wait for a lead."""
    query = select(func.count(Submission.id)).where(
        Submission.author_id == author.id,
        Submission.state.in_((SubmissionState.PENDING, SubmissionState.FAILED)),
        Submission.kind != SubmissionKind.FLAG,
    )
    return int(session.scalar(query) or 0)
