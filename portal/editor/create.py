"""New pages from a per-type template, in the type's folder, owned by the lead who made it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from content.model import DEFAULT_LANGUAGE, LANGUAGES, PAGE_TYPES
from portal.docstore import Applied, Change, DocStore, DocStoreError, PageConflict
from portal.editor.fields import MAX_LINE, MAX_TITLE, compose
from portal.editor.pages import identity_of
from portal.errors import InvalidInput
from portal.models import User

TEMPLATES = Path(__file__).parent / "page_templates"
FOLDER_BY_TYPE = {
    "policy": "policies",
    "howto": "howtos",
    "faq": "faq",
    "case-study": "case-studies",
    "template": "templates",
    "guide": "guides",
    "reference": "reference",
}
REVIEW_EVERY = {"policy": 180, "howto": 180, "faq": 60, "case-study": 365, "template": 90,
                "guide": 180, "reference": 365}
MAX_SLUG = 80
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class NewPageForm:
    type: str
    title: str = ""
    slug: str = ""
    lang: str = DEFAULT_LANGUAGE
    summary: str = ""

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> NewPageForm:
        return cls(
            type=str(form.get("type", "") or ""),
            title=str(form.get("title", "") or ""),
            slug=str(form.get("slug", "") or ""),
            lang=str(form.get("lang", "") or DEFAULT_LANGUAGE),
            summary=str(form.get("summary", "") or ""),
        )


@dataclass(frozen=True)
class NewPage:
    """The form to show again (with errors), or nothing wrong yet."""

    form: NewPageForm
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200


def check_type(kind: str) -> str:
    if kind not in PAGE_TYPES:
        raise InvalidInput(f"unknown page type {kind!r}; choose one of {', '.join(PAGE_TYPES)}")
    return kind


def slugify(title: str) -> str:
    """`Refunds & returns (EU)` → `refunds-returns-eu`; letters outside ASCII are dropped."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].strip("-")


def path_for(kind: str, slug: str, lang: str) -> str:
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    return f"{FOLDER_BY_TYPE[kind]}/{slug}{suffix}.md"


def template_body(kind: str, title: str) -> str:
    skeleton = (TEMPLATES / f"{check_type(kind)}.md").read_text(encoding="utf-8")
    return skeleton.replace("{{ title }}", title)


def create_page(store: DocStore, user: User, form: NewPageForm,
                today: dt.date) -> Applied | NewPage:
    """Write the type's skeleton as a new page. An existing path is refused (409)."""
    check_type(form.type)
    errors: dict[str, str] = {}
    title = " ".join(form.title.split())
    if not title:
        errors["title"] = "Give the page a title."
    elif len(title) > MAX_TITLE:
        errors["title"] = f"Keep the title under {MAX_TITLE} characters."
    slug = form.slug.strip().lower() or slugify(title)
    if not slug and title:
        errors["slug"] = "Type a file name in Latin letters, digits and hyphens."
    elif slug and (not _SLUG.match(slug) or len(slug) > MAX_SLUG):
        errors["slug"] = (f"Lowercase Latin letters, digits and single hyphens, at most "
                          f"{MAX_SLUG} characters.")
    if form.lang not in LANGUAGES:
        errors["lang"] = f"Choose one of: {', '.join(LANGUAGES)}."
    summary = " ".join(form.summary.split())
    if len(summary) > MAX_LINE:
        errors["summary"] = f"Keep the summary under {MAX_LINE} characters."
    if errors:
        return NewPage(form, errors, 400)
    page = path_for(form.type, slug, form.lang)
    if store.path_of(page, must_exist=False).exists():
        return NewPage(form, {"slug": f"{page} already exists: open it in the editor, or "
                                      "choose another file name."}, 409)
    values: dict[str, object] = {
        "title": title,
        "type": form.type,
        "owner": user.email,
        "lang": form.lang,
        "review_every": REVIEW_EVERY[form.type],
        "last_reviewed": today,
    }
    if summary:
        values["summary"] = summary
    text = compose(values, {}, template_body(form.type, title))
    message = f"Create {page} from the {form.type} template"
    try:
        return store.apply(Change(page, text, None, identity_of(user), message))
    except PageConflict:
        return NewPage(form, {"slug": f"{page} was just created by someone else: choose "
                                      "another file name."}, 409)
    except DocStoreError as error:
        return NewPage(form, {"title": str(error)}, 400)
