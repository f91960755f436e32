"""What names a page: the texts that say what a whole page is about, with their weights.

Our own pages have a title, a type (a policy, a how-to: the words search.intent gives each
type name it too, as written: `type_part`) and a summary; pages imported from other handbooks
name themselves in other ways: front-matter `description`, `subtitle`, `keywords`, `aliases`,
`redirect_from` and `tags`, several H1s, or only their file and folder names
(`benefits/parental-leave.md`, `post_mortem_template.md`). All of them go into the page's
name field, so a page without our front matter is as findable by what it is about as one
with it. They are indexed once, in the page's own document: its sections hold only their
heading and text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from content.model import Page
from search.intent import type_terms

# Weight of one occurrence of a word per kind of name.
NAME_BOOSTS = {
    "title": 3.0,  # the title, subtitle, other H1s, the file name, the page type's words
    "alias": 2.0,  # aliases, keywords, old addresses
    # Tags (topics a page touches, often more than it is about), the folder, and the summary
    # or description (it mentions what the page covers in passing: it names it weakly).
    "topic": 0.7,
}
_FOLDER_PAGES = frozenset({"index", "readme", "_index", "home"})
_ALIAS_KEYS = ("aliases", "keywords", "redirect_from")
_ABOUT_KEYS = ("description",)
_MAX_VALUE_CHARS = 1_000  # a front-matter value longer than this is not a name


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value[:_MAX_VALUE_CHARS]
    elif isinstance(value, list | tuple):
        for item in value[:50]:
            if isinstance(item, str):
                yield item[:_MAX_VALUE_CHARS]


def _address_words(value: str) -> str:
    """An old address (`/travel-and-leave/leave/`) as words: its last two parts."""
    parts = [part for part in value.strip("/").split("/") if part]
    return " ".join(parts[-2:])


def file_names(path: str) -> tuple[str, str]:
    """(the file's own name, its folder's name) as words; a folder's landing page
    (`index.md`, `README.md`) is named by its folder, and its folder's folder is the context."""
    pure = PurePosixPath(path)
    stem = pure.name.split(".")[0]
    folders = list(pure.parent.parts)
    if stem.lower() in _FOLDER_PAGES:
        stem = folders.pop() if folders else ""
    folder = folders[-1] if folders else ""
    return stem, folder  # "post_mortem_template": its words, and each two joined (postmortem)


def page_names(page: Page) -> list[tuple[str, float]]:
    """The page's naming texts, each with the weight of its words (its type words are
    `type_part`)."""
    front = page.front_matter
    stem, folder = file_names(page.path)
    extra_h1s = [s.heading for s in page.sections if s.level == 1 and s.heading != page.title]
    names: list[tuple[str, float]] = [
        (page.title, NAME_BOOSTS["title"]),
        (stem, NAME_BOOSTS["title"]),
    ]
    names += [(heading, NAME_BOOSTS["title"]) for heading in extra_h1s[:5]]
    names += [(text, NAME_BOOSTS["title"]) for text in _strings(front.extra.get("subtitle"))]
    for key in _ALIAS_KEYS:
        for value in _strings(front.extra.get(key)):
            text = _address_words(value) if key == "redirect_from" else value
            names.append((text, NAME_BOOSTS["alias"]))
    names += [(text, NAME_BOOSTS["topic"]) for text in (folder, *front.tags, description(page))]
    return [(text, boost) for text, boost in names if text]


def type_part(page: Page) -> tuple[list[tuple[str, ...]], float]:
    """What kind of page it is names it too ("refund policy" names the policy on refunds):
    its type words' index terms, and their weight."""
    return type_terms(page.type, page.lang), NAME_BOOSTS["title"]


def description(page: Page) -> str:
    """One sentence saying what the page is about, if the page has one."""
    front = page.front_matter
    if front.summary:
        return front.summary
    for key in _ABOUT_KEYS:
        for value in _strings(front.extra.get(key)):
            return value
    return ""
