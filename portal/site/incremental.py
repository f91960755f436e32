"""A full site build kept in memory, so a change to a page renders only that page again.

mkdocs builds whole sites, and mkdocs-static-i18n builds each language as a nested build of the
same config. `WarmSite.attach` adds a plugin that keeps, per language, the files, navigation and
Jinja environment of that build, and the search entries of every language. To render a page
again in a language this does what mkdocs-static-i18n does before each nested build — set its
current language and run the plugins' `on_config` — then mkdocs' own `_populate_page` and
`_build_page` on the kept objects: the page goes through every plugin event (escaping,
sanitising, page state) and the same templates as in a full build. An English page is rendered
again in every language whose build used it: as itself, and as the stand-in under /ar/ and
/id/ where there is no translation. mkdocs' search index (`search/search_index.json`) is
written again with the page's entries replaced where they were.

`NeedsFullBuild` says the change reaches beyond the pages it touches: a file added, removed or
renamed, a file that is not a page, a changed title or front matter the navigation shows, a
page becoming a draft or archived, or a new day (page states and the sitemap are of the day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from content.schema import ARCHIVED_KEY, DRAFT_KEY

# Front matter the navigation, the tabs, the tags page or the previous/next links show, or that
# takes a page out of them: a change to any of these is a full build.
NAV_KEYS = ("title", "tags", "hide", "search", ARCHIVED_KEY, DRAFT_KEY)
SEARCH_PLUGINS = ("search", "material/search")


class NeedsFullBuild(Exception):
    """The change reaches beyond the pages it touches; the message says how."""


@dataclass
class _LanguageBuild:
    files: Any  # this language's mkdocs Files (mkdocs-static-i18n's I18nFiles)
    nav: Any
    env: Any


class _Keep(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps each language's files, navigation and environment as its build makes them."""

    def __init__(self) -> None:
        super().__init__()
        self.languages: dict[str, _LanguageBuild] = {}
        self._nav: Any = None

    @event_priority(-200)  # after every other plugin has shaped the navigation
    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Any) -> Any:
        self._nav = nav
        return nav

    @event_priority(-200)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Any) -> Any:
        self.languages[_current_language(config)] = _LanguageBuild(files, self._nav, env)
        return env


def _current_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return str(getattr(i18n, "current_language", "") or "")


@dataclass
class WarmSite:
    """The state of the last full build (and the incremental ones since), with what it was made
    from; `generation` is the folder it last wrote. Not thread-safe: one builder uses it."""

    keep: _Keep = field(default_factory=_Keep)
    config: MkDocsConfig | None = None
    sources: dict[str, bytes] = field(default_factory=dict)  # docs path -> sha256
    inputs: str = ""  # build_inputs of the kept build
    generation: Path | None = None
    day: dt.date | None = None
    language_after_build: str = ""  # mkdocs-static-i18n's language when the build ended
    search_entries: list[dict[str, Any]] = field(default_factory=list)  # every language's

    def attach(self, config: MkDocsConfig) -> None:
        """Before a full build of `config`: keep its state this time."""
        self.forget()
        config.plugins["deskbook-warm"] = self.keep

    def built(self, config: MkDocsConfig, sources: dict[str, bytes], inputs: str,
              generation: Path, day: dt.date) -> None:
        """After that full build succeeded, from `sources` and `inputs`, into `generation`."""
        i18n = config.plugins.get("i18n")
        self.search_entries = list(getattr(i18n, "search_entries", None) or [])
        self.language_after_build = _current_language(config)
        self.config, self.sources, self.inputs = config, sources, inputs
        self.generation, self.day = generation, day

    def forget(self) -> None:
        self.keep.languages.clear()
        self.config, self.sources, self.inputs, self.generation, self.day = None, {}, "", None, None
        self.search_entries = []

    def pages_changed(self, sources: dict[str, bytes], inputs: str, served: Path | None,
                      day: dt.date) -> list[str]:
        """The pages whose text differs between the kept state and `sources`, when rendering
        only them again into a copy of `served` makes the site a full build would."""
        if self.config is None or self.generation is None:
            raise NeedsFullBuild("no full build is kept in memory")
        if served is None or served != self.generation:
            raise NeedsFullBuild("the site served is not the one kept in memory")
        if inputs != self.inputs:
            raise NeedsFullBuild("mkdocs.yml, the theme or the site's code changed")
        if day != self.day:
            raise NeedsFullBuild("a new day: page states and the sitemap are of the day")
        if sources.keys() != self.sources.keys():
            came = sorted(sources.keys() - self.sources.keys())
            went = sorted(self.sources.keys() - sources.keys())
            raise NeedsFullBuild(f"files added {came[:3]} or removed {went[:3]}")
        changed = [path for path, digest in sources.items() if self.sources[path] != digest]
        others = [path for path in changed if not path.endswith(".md")]
        if others:
            raise NeedsFullBuild(f"{others[0]} is not a page")
        return changed

    def render(self, pages: list[str], target: Path, sources: dict[str, bytes]) -> list[str]:
        """Render `pages` again in every language whose build used them, into `target` (a copy
        of the kept generation made of hard links), and write the search index again. Returns
        the site paths written; the kept state then stands for `sources` and `target`.
        NeedsFullBuild (or any error) forgets the kept state: its pages are half updated."""
        config = self.config
        assert config is not None
        i18n = config.plugins.get("i18n")
        written: list[str] = []
        fresh: dict[str, list[dict[str, Any]]] = {}  # page url -> its new search entries
        try:
            shown = {language: _pages_built(build, pages)
                     for language, build in self.keep.languages.items()}
            hidden = [page for page in pages if not any(page in built for built in shown.values())]
            if hidden:  # a draft being published, or a page no build used
                raise NeedsFullBuild(f"{hidden[0]} is on no page of the kept build")
            for language, build in self.keep.languages.items():
                files = list(shown[language].values())
                if not files:
                    continue
                config = self._as_language(config, i18n, language, target)
                for file in files:
                    written.append(self._render_one(file, build, config, target))
                    search = _search_plugin(config)
                    if search is not None:
                        fresh[str(file.page.url)] = list(_entries_of(search.search_index))
            if pages:
                config = self._as_language(config, i18n, self.language_after_build, target)
                written += self._write_search_index(config, fresh, target)
        except BaseException:
            self.forget()
            raise
        self.config, self.sources, self.generation = config, sources, target
        return written

    @staticmethod
    def _as_language(config: MkDocsConfig, i18n: Any, language: str,
                     target: Path) -> MkDocsConfig:
        if i18n is not None:
            i18n.current_language = language
        config = config.plugins.on_config(config)  # as mkdocs-static-i18n's nested builds do
        config.site_dir = str(target)
        return config

    def _render_one(self, file: Any, build: _LanguageBuild, config: MkDocsConfig,
                    target: Path) -> str:
        page = file.page
        before = (str(page.title), {key: page.meta.get(key) for key in NAV_KEYS})
        mkdocs_build._populate_page(page, config, build.files)
        after = (str(page.title), {key: page.meta.get(key) for key in NAV_KEYS})
        if before != after:
            raise NeedsFullBuild(f"{file.src_uri}: its title or navigation changed")
        destination = target / str(file.dest_uri)
        destination.unlink(missing_ok=True)  # a hard link into the served site: never write it
        kept = file.abs_dest_path
        file.abs_dest_path = str(destination)
        try:
            search = _search_plugin(config)
            if search is not None:
                _entries_of(search.search_index).clear()  # only this page's entries, below
            mkdocs_build._build_page(
                page, config, build.files.documentation_pages(), build.nav, build.env
            )
        finally:
            file.abs_dest_path = kept
        return str(file.dest_uri)

    def _write_search_index(self, config: MkDocsConfig, fresh: dict[str, list[dict[str, Any]]],
                            target: Path) -> list[str]:
        """Replace each page's entries where they were (the order of a full build), remove
        stand-in entries that repeat the English ones as mkdocs-static-i18n does, and write."""
        search = _search_plugin(config)
        if search is None:
            return []
        entries: list[dict[str, Any]] = []
        placed: set[str] = set()
        for entry in self.search_entries:
            url = _page_of(entry, fresh)
            if url is None:
                entries.append(entry)
            elif url not in placed:
                entries += fresh[url]
                placed.add(url)
        for url in fresh.keys() - placed:  # a page that had no entries before
            entries += fresh[url]
        self.search_entries = entries
        served = list(entries)
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n.config, "reconfigure_search", False):
            prefixes = tuple(f"{language}/" for language in i18n.build_languages)
            fast = without_repeated_stand_ins(served, prefixes)
            if fast is None:
                i18n.reconfigure_search_duplicates(served)
            else:
                served = fast
        index = _entries_of(search.search_index)
        index.clear()
        index.extend(served)
        relative = "search/search_index.json"
        (target / relative).unlink(missing_ok=True)
        search.on_post_build(config=config)
        return [relative]


def without_repeated_stand_ins(entries: list[dict[str, Any]], prefixes: tuple[str, ...]
                                ) -> list[dict[str, Any]] | None:
    """What mkdocs-static-i18n's `reconfigure_search_duplicates` leaves of `entries`, without
    its quadratic cost (28 s at 1,000 pages): an entry under a language prefix (`ar/…`) goes
    when an unprefixed entry has its title and text and ends its location. Exactly as there,
    an entry right after one just removed for the same unprefixed entry is not looked at (it
    removes from the list it is walking). None when its outcome hangs on more than that
    (unprefixed entries after prefixed ones, or two equal entries): use the original."""
    prefixed = [str(entry["location"]).startswith(prefixes) for entry in entries]
    first = prefixed.index(True) if True in prefixed else len(entries)
    if not all(prefixed[first:]):
        return None
    targets = entries[first:]
    groups: dict[tuple[Any, Any], list[int]] = {}
    seen: set[tuple[Any, Any, Any]] = set()
    for position, entry in enumerate(targets):
        key = (entry["title"], entry["text"])
        if (*key, entry["location"]) in seen:
            return None
        seen.add((*key, entry["location"]))
        groups.setdefault(key, []).append(position)
    alive = _Counts(len(targets))
    for default in entries[:first]:
        just_removed: int | None = None
        location = str(default["location"])
        for position in groups.get((default["title"], default["text"]), ()):
            if not alive.has(position):
                continue  # removed for an earlier entry: not in the list any more
            if just_removed is not None and alive.between(just_removed, position) == 0:
                just_removed = None  # the original's walk steps over it
                continue
            just_removed = None
            if str(targets[position]["location"]).endswith(location):
                alive.remove(position)
                just_removed = position
    return entries[:first] + [entry for position, entry in enumerate(targets)
                              if alive.has(position)]


class _Counts:
    """Which of n positions are still there, and how many between two (a Fenwick tree)."""

    def __init__(self, size: int) -> None:
        self.present = [True] * size
        self.tree = [0] * (size + 1)
        for position in range(size):
            self._add(position, 1)

    def has(self, position: int) -> bool:
        return self.present[position]

    def remove(self, position: int) -> None:
        self.present[position] = False
        self._add(position, -1)

    def between(self, low: int, high: int) -> int:
        """How many are there strictly between `low` and `high`."""
        return self._before(high) - self._before(low + 1)

    def _add(self, position: int, amount: int) -> None:
        index = position + 1
        while index < len(self.tree):
            self.tree[index] += amount
            index += index & -index

    def _before(self, position: int) -> int:
        total, index = 0, position
        while index > 0:
            total += self.tree[index]
            index -= index & -index
        return total


def _pages_built(build: _LanguageBuild, pages: list[str]) -> dict[str, Any]:
    """{page: its file} for the `pages` this language's build rendered (a stand-in too)."""
    found = {page: build.files.get_file_from_path(page) for page in pages}
    return {page: file for page, file in found.items()
            if file is not None and file.page is not None}


def _search_plugin(config: MkDocsConfig) -> Any:
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is not None and hasattr(plugin, "search_index"):
            return plugin
    return None


def _entries_of(index: Any) -> list[dict[str, Any]]:
    entries = getattr(index, "entries", None)
    if entries is None:
        entries = index._entries  # mkdocs' own search plugin
    return entries  # type: ignore[no-any-return]


def _page_of(entry: dict[str, Any], pages: dict[str, Any]) -> str | None:
    """Which of `pages` (urls) the search entry is of: its location is the url or url#…"""
    location = str(entry.get("location", ""))
    url = location.split("#", 1)[0]
    return url if url in pages else None
