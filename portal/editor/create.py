"""New pages from a per-type template, in the type's folder, owned by the lead who made it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask_babel import gettext

from content import ContentError, DocNotFound, load_docs, load_page
from content.newpage import new_page_text, template_body
from content.schema import (
    DEFAULT_LANGUAGE,
    MAX_SLUG,
    PAGE_TYPES,
    file_slug,
    is_file_slug,
    language_of_path,
    page_path,
)
from portal.docstore import Change, DocStore, DocStoreError, PageConflict, Published, WriteFailed
from portal.editor.fields import field_errors
from portal.editor.pages import identity_of
from portal.errors import InvalidInput
from portal.i18n import N_
from portal.i18n.messages import translated
from portal.models import User


@dataclass(frozen=True)
class NewPageForm:
    type: str
    title: str = ""
    slug: str = ""
    lang: str = DEFAULT_LANGUAGE
    summary: str = ""
    translation_of: str = ""  # the English page a translation is of (docs-relative path)
    publish: bool = False  # on the site at once; else the page starts as a draft

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> NewPageForm:
        return cls(
            type=str(form.get("type", "") or ""),
            title=str(form.get("title", "") or ""),
            slug=str(form.get("slug", "") or ""),
            lang=str(form.get("lang", "") or DEFAULT_LANGUAGE),
            summary=str(form.get("summary", "") or ""),
            translation_of=str(form.get("translation_of", "") or ""),
            publish=form.get("publish", "") in ("1", "on", "true", "yes"),
        )


@dataclass(frozen=True)
class NewPage:
    """The form to show again (with errors), or nothing wrong yet."""

    form: NewPageForm
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200
    problem: str | None = None  # what went wrong that no field can fix


def check_type(kind: str) -> str:
    if kind not in PAGE_TYPES:
        raise InvalidInput(N_("unknown page type “%(type)s”; choose one of %(choices)s"),
                           type=kind, choices=", ".join(PAGE_TYPES))
    return kind


def translation_sources(docs: Path, kind: str) -> list[tuple[str, str]]:
    """(path, title) of every English page of this type: what a new page can translate."""
    return [
        (page.path, page.title)
        for page in load_docs(docs).pages
        if page.type == kind and page.lang == DEFAULT_LANGUAGE
        and language_of_path(page.path) is None and not page.front_matter.translation_of
    ]


def _translated_page(docs: Path, form: NewPageForm) -> tuple[str | None, str | None]:
    """(the English page's canonical path, None) or (None, why it cannot be translated)."""
    wanted = form.translation_of.strip()
    if form.lang == DEFAULT_LANGUAGE:
        return None, gettext("An English page is not a translation: choose Arabic or Indonesian "
                             "as its language, or leave this empty.")
    try:
        source = load_page(docs, wanted)
    except DocNotFound:
        return None, gettext("There is no page %(page)s: choose the English page this "
                             "translates from the list.", page=wanted)
    except ContentError as error:
        return None, gettext("%(page)s cannot be read (%(error)s); fix it first.", page=wanted,
                             error=translated(error.message))
    if (source.lang != DEFAULT_LANGUAGE or language_of_path(source.path) is not None
            or source.front_matter.translation_of):
        return None, gettext("%(page)s is not an English page: choose the English original.",
                             page=source.path)
    if source.type != form.type:
        return None, gettext("%(page)s is a %(type)s page: start a new %(type)s page to "
                             "translate it.", page=source.path, type=source.type)
    return source.path, None


def create_page(store: DocStore, user: User, form: NewPageForm,
                today: dt.date) -> Published | NewPage:
    """Write the type's skeleton as a new page: a draft, unless the form says to publish it
    at once. An existing path is refused (409).

    A translation (`translation_of`: an English page of the same type) goes next to its
    source, named after it with the language suffix (`policies/x.md` → `policies/x.ar.md`)."""
    check_type(form.type)
    title = " ".join(form.title.split())
    summary = " ".join(form.summary.split())
    _, errors = field_errors({"title": title, "lang": form.lang, "summary": summary or None},
                             None)
    source: str | None = None
    if form.translation_of.strip() and "lang" not in errors:
        source, problem = _translated_page(store.docs, form)
        if problem:
            errors["translation_of"] = problem
    slug = form.slug.strip()
    if source is not None:
        stem = PurePosixPath(source).name.removesuffix(".md")
        if slug and slug != stem:
            errors["slug"] = gettext("A translation takes the file name of its source "
                                     "(%(name)s): leave this empty.", name=stem)
        slug = stem
    elif not form.translation_of.strip():
        slug = slug or file_slug(title)
        if not slug and title:
            errors["slug"] = gettext("Type a file name: letters, digits and hyphens.")
        elif slug and not is_file_slug(slug):
            errors["slug"] = gettext(
                "Lowercase letters (of any alphabet), digits and single hyphens, at most "
                "%(most)s characters; for example %(example)s.", most=MAX_SLUG,
                example=file_slug(slug) or "refund-window")
    if errors:
        return NewPage(form, errors, 400)
    if source is not None:
        page = str(PurePosixPath(source).with_name(f"{slug}.{form.lang}.md"))
    else:
        page = page_path(form.type, slug, form.lang)
    if store.path_of(page, must_exist=False).exists():
        if source is not None:
            return NewPage(form, {"translation_of": gettext(
                "%(page)s, its %(lang)s translation, already exists: open it in the editor.",
                page=page, lang=form.lang)}, 409)
        return NewPage(form, {"slug": gettext("%(page)s already exists: open it in the editor, "
                                              "or choose another file name.", page=page)}, 409)
    text = new_page_text(form.type, title, user.email, today, template_body(form.type),
                         lang=form.lang, summary=summary or None, translation_of=source,
                         draft=not form.publish)
    what = "" if form.publish else " as a draft"
    message = f"Create {page}{what} from the {form.type} template"
    if source is not None:
        message = f"Create {page}{what}, the {form.lang} translation of {source}"
    try:
        return store.publish(Change(page, text, None, identity_of(user), message))
    except PageConflict:
        return NewPage(form, {"slug": gettext("%(page)s was just created by someone else: "
                                              "choose another file name.", page=page)}, 409)
    except WriteFailed as error:
        return NewPage(form, status=503, problem=gettext("Nothing was created: %(error)s.",
                                                                error=str(error)))
    except DocStoreError as error:
        return NewPage(form, {"title": str(error)}, 400)
