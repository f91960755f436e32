"""Build the mkdocs site into a fresh folder and switch the served site to it atomically.

`site` is a symlink to `.site-builds/<build>`: readers follow the link on every request,
so they see the old build or the new one, never a half-written one. A failed build
leaves the link alone and its folder is removed.

`SiteBuilder` keeps its last full build in memory (`incremental.WarmSite`): when only pages
changed, its next build is the served build's files as hard links with those pages rendered
again; anything else, or anything unexpected, is a full build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from content.fs import atomic_write, file_lock, new_generation, prune, swap_symlink
from portal.site.incremental import NeedsFullBuild, WarmSite
from siteplugin.plugin import DeskbookPlugin

Progress = Callable[[int, str], None]
log = logging.getLogger("deskbook.site")
# In each build: the docs commit it was built from. A dotfile, so the site never serves it.
BUILD_RECORD = ".built-from.json"


class SiteBuildError(Exception):
    """The site could not be built; `problems` holds mkdocs' warnings and errors."""

    def __init__(self, message: str, problems: list[str]) -> None:
        details = "".join(f"\n  {p}" for p in problems[:50])
        super().__init__(f"{message}{details}")
        self.problems = problems


@dataclass
class BuildResult:
    site: Path
    build_dir: Path
    pages: int  # pages rendered (in every language)
    seconds: float
    warnings: list[str] = field(default_factory=list)
    full: bool = True  # False: only the changed pages were rendered again
    why_full: str | None = None  # a builder that could have built less: why it did not


class _ProgressPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Reports each rendered page to the caller."""

    def __init__(self, report: Progress) -> None:
        super().__init__()
        self.report = report
        self.count = 0

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        self.count += 1
        self.report(self.count, str(page.file.src_uri))
        return markdown


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def _collect_mkdocs_warnings() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def builds_folder(site: Path) -> Path:
    return site.parent / f".{site.name}-builds"


def build_site(
    docs_dir: Path,
    site: Path,
    config_file: Path,
    *,
    strict: bool = True,
    progress: Progress | None = None,
    extra_config: dict[str, Any] | None = None,
    index_dir: Path | None = None,
    commit: str | None = None,
) -> BuildResult:
    """Build `docs_dir` with `config_file` in full and make `site` point at the new build.

    The `deskbook` plugin in mkdocs.yml indexes the same docs into `index_dir` when given;
    without one the caller keeps the index fresh itself (a plain `mkdocs build` always indexes).
    `commit` is the docs commit read before the build started: the build has every change up
    to it, and says so (`served_commit`).
    """
    builder = SiteBuilder(docs_dir, site, config_file, strict=strict, extra_config=extra_config,
                          index_dir=index_dir, keep_warm=False)
    return builder.build(commit, progress=progress)


class SiteBuilder:
    """Builds one site again and again. With `keep_warm` it keeps each full build's state in
    memory and renders only the changed pages when nothing else changed (`incremental`);
    the index is then the caller's business (`index_dir` must be None)."""

    def __init__(self, docs_dir: Path, site: Path, config_file: Path, *, strict: bool = True,
                 extra_config: dict[str, Any] | None = None, index_dir: Path | None = None,
                 keep_warm: bool = True) -> None:
        if keep_warm and index_dir is not None:
            raise ValueError("an incremental build does not index: keep the index elsewhere")
        self.docs_dir, self.site, self.config_file = docs_dir, site, config_file
        self.strict, self.extra_config, self.index_dir = strict, extra_config, index_dir
        self.warm = WarmSite() if keep_warm else None

    def build(self, commit: str | None = None, *, full: bool = False,
              progress: Progress | None = None) -> BuildResult:
        """Build the site (in full when asked, or when only pages did not change) and switch
        to it; SiteBuildError when it cannot be built, and the served site stays as it was."""
        if not self.docs_dir.is_dir():
            raise SiteBuildError(f"docs folder {self.docs_dir} does not exist", [])
        if not self.config_file.is_file():
            raise SiteBuildError(f"mkdocs config {self.config_file} does not exist", [])
        started = time.monotonic()
        builds = builds_folder(self.site)
        builds.mkdir(parents=True, exist_ok=True)
        with file_lock(builds / ".lock"):  # one build per site at a time; others wait their turn
            why_full = "asked for" if full else None
            if self.warm is not None and not full:
                try:
                    return self._build_changed_pages(self.warm, builds, started, commit)
                except NeedsFullBuild as reason:
                    why_full = str(reason)
                except Exception as error:  # never a half-updated site: build it all instead
                    log.warning("the incremental site build failed, building in full: %s", error,
                                exc_info=True)
                    why_full = f"the incremental build failed: {error}"
            result = self._build_full(builds, started, commit, progress)
            result.why_full = why_full
            return result

    def _build_changed_pages(self, warm: WarmSite, builds: Path, started: float,
                             commit: str | None) -> BuildResult:
        served = self.site.resolve() if self.site.is_symlink() and self.site.exists() else None
        sources = source_hashes(self.docs_dir)
        inputs = build_inputs(self.config_file, warm.config) if warm.config is not None else ""
        pages = warm.pages_changed(sources, inputs, served, _today())
        assert served is not None
        target = new_generation(builds, "build-")
        try:
            target.chmod(0o755)
            shutil.copytree(served, target, copy_function=os.link, dirs_exist_ok=True)
            with _collect_mkdocs_warnings() as collected:
                written = warm.render(pages, target, sources)
            if self.strict and collected.messages:
                warm.forget()
                raise NeedsFullBuild(f"warnings: {collected.messages[0]}")
            record = BuildRecord(commit, _fold(sources), inputs)
            atomic_write(target / BUILD_RECORD, json.dumps(asdict(record)))
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self._switch(builds, target)
        log.info("site: %d page(s) rendered again in %.2f s: %s", len(written),
                 time.monotonic() - started, ", ".join(written[:6]))
        return BuildResult(self.site, target, len(written), time.monotonic() - started,
                           collected.messages, full=False)

    def _build_full(self, builds: Path, started: float, commit: str | None,
                    progress: Progress | None) -> BuildResult:
        target = new_generation(builds, "build-")
        target.chmod(0o755)
        day = _today()
        sources = source_hashes(self.docs_dir)  # before the build reads them: it has these
        plugin = _ProgressPlugin(progress or (lambda count, path: None))
        try:
            with _collect_mkdocs_warnings() as collected:
                try:
                    config = load_config(
                        config_file=str(self.config_file),
                        docs_dir=str(self.docs_dir.resolve()),
                        site_dir=str(target),
                        strict=self.strict,
                        **(self.extra_config or {}),
                    )
                    config.plugins["deskbook-progress"] = plugin
                    _choose_index(config, self.index_dir)
                    if self.warm is not None:
                        self.warm.attach(config)
                    config.plugins.on_startup(command="build", dirty=False)
                    try:
                        mkdocs_build(config)
                    finally:
                        config.plugins.on_shutdown()
                except MkDocsException as error:
                    raise SiteBuildError(f"site build failed: {error}",
                                         collected.messages) from error
            inputs = build_inputs(self.config_file, config)
            record = BuildRecord(commit, _fold(sources), inputs)
            atomic_write(target / BUILD_RECORD, json.dumps(asdict(record)))
        except BaseException:
            if self.warm is not None:
                self.warm.forget()
            shutil.rmtree(target, ignore_errors=True)
            raise
        if self.warm is not None:
            self.warm.built(config, sources, inputs, target, day)
        self._switch(builds, target)
        return BuildResult(self.site, target, plugin.count, time.monotonic() - started,
                           collected.messages)

    def _switch(self, builds: Path, target: Path) -> None:
        previous = switch_site(self.site, target)
        prune(builds, keep={target, previous})  # the previous build serves requests in flight


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def _choose_index(config: MkDocsConfig, index_dir: Path | None) -> None:
    """Tell the `deskbook` plugin (when the config lists it) where to index, or not to."""
    deskbook = config.plugins.get("deskbook")
    if isinstance(deskbook, DeskbookPlugin):
        deskbook.config.index_dir = str(index_dir) if index_dir is not None else None
        deskbook.config.skip_index = index_dir is None


def switch_site(site: Path, build_dir: Path) -> Path | None:
    """Point `site` at `build_dir` with one rename (atomic for readers); return the old build."""
    return swap_symlink(site, build_dir, generations=builds_folder(site))


@dataclass(frozen=True)
class BuildRecord:
    """What a build was made from (kept in it as BUILD_RECORD)."""

    commit: str | None  # the docs commit read before the build started
    sources: str  # docs_digest of the docs folder
    inputs: str  # build_inputs: mkdocs.yml, the theme, Deskbook's site code, the builders

    @classmethod
    def of_served(cls, site: Path) -> BuildRecord | None:
        """The record of the site being served; None when there is none."""
        try:
            data = json.loads((site / BUILD_RECORD).read_text(encoding="utf-8"))
            return cls(**{key: data.get(key) for key in ("commit", "sources", "inputs")})
        except (OSError, ValueError, TypeError, AttributeError):
            return None


def served_commit(site: Path) -> str | None:
    """The docs commit the site being served was built from; None when it is not known (no
    site yet, or one built without a commit, e.g. from a folder outside git)."""
    record = BuildRecord.of_served(site)
    return record.commit if record is not None and isinstance(record.commit, str) else None


def docs_digest(docs_dir: Path) -> str:
    """One hash of every file a build reads from `docs_dir` (dot files and folders are never
    built): names and contents."""
    return _fold(source_hashes(docs_dir))


def source_hashes(docs_dir: Path) -> dict[str, bytes]:
    """Every file a build reads from `docs_dir` with the sha256 of its contents, in the order
    `docs_digest` folds them."""
    found: dict[str, bytes] = {}
    for path in _tree(docs_dir, skip_hidden=True):
        found[path.relative_to(docs_dir).as_posix()] = hashlib.sha256(path.read_bytes()).digest()
    return found


def _fold(hashes: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name, contents in hashes.items():
        digest.update(name.encode() + b"\0")
        digest.update(contents)
    return digest.hexdigest()


# Besides the docs, what goes into every page: the packages that build it, at these versions.
BUILDER_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions",
                    "Markdown", "nh3", "Jinja2", "deskbook")
# Deskbook's own packages that are not part of the site build (everything else at the top of
# the project is: the content model, search's hook, the theme overrides…).
_NOT_SITE_CODE = {"portal", "tests", "benchmarks", "onboarding"}


def build_inputs(config_file: Path, config: Any) -> str:
    """A fingerprint of everything but the docs that shapes the built site: the mkdocs.yml,
    the theme's custom folder, Deskbook's site code and the builders' versions."""
    digest = hashlib.sha256(config_file.read_bytes())
    custom = config["theme"].custom_dir if config is not None else None
    if custom:
        _hash_tree(digest, Path(custom), skip_hidden=False)
    for package in sorted(_PROJECT.iterdir()):
        if package.name not in _NOT_SITE_CODE and (package / "__init__.py").is_file():
            _hash_tree(digest, package, skip_hidden=True, suffix=".py")
    for name in BUILDER_PACKAGES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


_PROJECT = Path(__file__).resolve().parents[2]  # the folder holding content/, search/, portal/


def _hash_tree(digest: Any, folder: Path, *, skip_hidden: bool, suffix: str = "") -> None:
    for path in _tree(folder, skip_hidden=skip_hidden, suffix=suffix):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def _tree(folder: Path, *, skip_hidden: bool, suffix: str = "") -> Iterator[Path]:
    for root, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__"
                               and not (skip_hidden and d.startswith(".")))
        for name in sorted(names):
            if (skip_hidden and name.startswith(".")) or not name.endswith(suffix):
                continue
            yield Path(root) / name


def site_is_current(docs_dir: Path, site: Path, config_file: Path) -> bool:
    """Whether the site served was built from these very docs, config, theme and code (so a
    build would make the same site)."""
    record = BuildRecord.of_served(site)
    if record is None or not (site / "index.html").is_file():
        return False
    if record.sources != docs_digest(docs_dir):
        return False
    try:
        config = load_config(config_file=str(config_file), docs_dir=str(docs_dir.resolve()))
    except MkDocsException:
        return False
    return record.inputs == build_inputs(config_file, config)
