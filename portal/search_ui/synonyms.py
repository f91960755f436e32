"""The synonyms file for leads: read it, preview how a query expands with a draft, save it.

The file is docs/.deskbook/synonyms.yml (search.synonyms documents its format); saving goes
through the docstore like every docs write: validated, locked, checked against the version
the lead started from, written atomically and committed with the lead as author.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from content.parse import content_hash
from portal.docstore import Change, DocStore, DocStoreError, GitError, PageConflict, Published
from portal.editor.pages import identity_of
from portal.errors import Conflict, InvalidInput, Unavailable
from portal.i18n import N_
from portal.i18n.messages import translated
from portal.models import User
from search import SYNONYMS_FILE, search
from search.synonyms import BUILTIN_LABEL, SynonymsError, for_searching, parse_synonyms

MAX_SYNONYMS_BYTES = 256 * 1024
PREVIEW_HITS = 5

# What a new file starts with: the format, by example.
EXAMPLE = """\
# Equivalent terms: any of them finds the others. Any language, and across languages.
groups:
  - [refund, reimbursement, money back]
# One-way expansions: the term on the left also searches for the terms on the right.
expand:
  WISMO: [where is my order, order status]
"""


@dataclass(frozen=True)
class SynonymsText:
    text: str
    base_hash: str | None  # None: there is no file yet


@dataclass(frozen=True)
class Preview:
    query: str
    expansions: tuple[tuple[str, bool], ...] = ()  # "term → synonym", from the built-in lexicon
    hits: tuple[tuple[str, str, str], ...] = ()  # title, heading, url
    error: str | None = None  # the draft's first mistake, as path:line: message


def current(docs: Path) -> SynonymsText:
    path = docs / SYNONYMS_FILE
    if not path.is_file():
        return SynonymsText(EXAMPLE, None)
    text = path.read_text(encoding="utf-8")
    return SynonymsText(text, content_hash(text))


def preview(docs: Path, index: Path, draft: str, query: str) -> Preview:
    """How `query` expands, and what it finds, with the draft, the glossary and (unless the
    draft switches it off) the built-in lexicon applied."""
    try:
        drafted = parse_synonyms(SYNONYMS_FILE, _normalised(draft))
    except SynonymsError as error:
        return Preview(query, error=translated(error.said))
    if not query.strip():
        return Preview(query)
    result = search(index, query, limit=PREVIEW_HITS, synonyms=for_searching(docs, drafted))
    hits = tuple((hit.title, hit.heading, hit.url) for hit in result.hits)
    expansions = tuple(
        (line.removesuffix(f" {BUILTIN_LABEL}"), line.endswith(BUILTIN_LABEL))
        for line in result.expansions
    )
    return Preview(query, expansions, hits)


def save(store: DocStore, lead: User, text: str, base_hash: str | None) -> Published:
    """Validate and commit the synonyms file (InvalidInput, Conflict, Unavailable)."""
    text = _normalised(text)
    if len(text.encode("utf-8")) > MAX_SYNONYMS_BYTES:
        raise InvalidInput(N_("the synonyms file is limited to %(limit)s KB"),
                           limit=MAX_SYNONYMS_BYTES // 1024)
    try:
        parse_synonyms(SYNONYMS_FILE, text)
    except SynonymsError as error:
        raise InvalidInput(error.said) from error
    change = Change(SYNONYMS_FILE, text, base_hash, identity_of(lead), "Update the search synonyms")
    try:
        return store.publish(change)
    except PageConflict as error:
        raise Conflict(
            N_("the synonyms file changed since you opened it; reload and redo")) from error
    except (DocStoreError, GitError) as error:
        raise Unavailable(str(error)) from error


def _normalised(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return text if text.endswith("\n") or not text else text + "\n"
