"""Build the mkdocs site into a fresh folder and switch the served site to it atomically.

`site` is a symlink to `.site-builds/<build>`: readers follow the link on every request,
so they see the old build or the new one, never a half-written one. A failed build
leaves the link alone and its folder is removed.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin

from content.fs import file_lock, new_generation, prune, swap_symlink
from siteplugin.plugin import DeskbookPlugin

Progress = Callable[[int, str], None]


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
    pages: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


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
) -> BuildResult:
    """Build `docs_dir` with `config_file` and make `site` point at the new build.

    The `deskbook` plugin in mkdocs.yml indexes the same docs into `index_dir` when given;
    without one the caller keeps the index fresh itself (a plain `mkdocs build` always indexes).
    """
    if not docs_dir.is_dir():
        raise SiteBuildError(f"docs folder {docs_dir} does not exist", [])
    if not config_file.is_file():
        raise SiteBuildError(f"mkdocs config {config_file} does not exist", [])
    started = time.monotonic()
    builds = builds_folder(site)
    builds.mkdir(parents=True, exist_ok=True)
    with file_lock(builds / ".lock"):  # one build per site at a time; others wait their turn
        return _build_locked(
            docs_dir, site, config_file, builds, started, strict, progress, extra_config, index_dir
        )


def _build_locked(
    docs_dir: Path,
    site: Path,
    config_file: Path,
    builds: Path,
    started: float,
    strict: bool,
    progress: Progress | None,
    extra_config: dict[str, Any] | None,
    index_dir: Path | None = None,
) -> BuildResult:
    target = new_generation(builds, "build-")
    target.chmod(0o755)
    plugin = _ProgressPlugin(progress or (lambda count, path: None))
    try:
        with _collect_mkdocs_warnings() as collected:
            try:
                config = load_config(
                    config_file=str(config_file),
                    docs_dir=str(docs_dir.resolve()),
                    site_dir=str(target),
                    strict=strict,
                    **(extra_config or {}),
                )
                config.plugins["deskbook-progress"] = plugin
                _choose_index(config, index_dir)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    mkdocs_build(config)
                finally:
                    config.plugins.on_shutdown()
            except MkDocsException as error:
                raise SiteBuildError(f"site build failed: {error}", collected.messages) from error
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    previous = switch_site(site, target)
    prune(builds, keep={target, previous})  # the previous build serves requests in flight
    return BuildResult(site, target, plugin.count, time.monotonic() - started, collected.messages)


def _choose_index(config: MkDocsConfig, index_dir: Path | None) -> None:
    """Tell the `deskbook` plugin (when the config lists it) where to index, or not to."""
    deskbook = config.plugins.get("deskbook")
    if isinstance(deskbook, DeskbookPlugin):
        deskbook.config.index_dir = str(index_dir) if index_dir is not None else None
        deskbook.config.skip_index = index_dir is None


def switch_site(site: Path, build_dir: Path) -> Path | None:
    """Point `site` at `build_dir` with one rename (atomic for readers); return the old build."""
    return swap_symlink(site, build_dir, generations=builds_folder(site))
