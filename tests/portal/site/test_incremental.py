"""A builder that keeps its last build warm renders only the changed pages again, and the site
it serves is the one a full build of the same docs would make; anything beyond a page is a
full build, and nothing half-updated is ever served."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest

from portal.site import build_child, incremental
from portal.site.build import BUILD_RECORD, SiteBuildError, SiteBuilder, build_site, builds_folder
from portal.site.rebuild import BuilderProcess
from tests.helpers import REPO, write_page

pytestmark = pytest.mark.slow  # real mkdocs builds

_BUILD_ID = re.compile(rb'<meta name="deskbook-build" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    """Every file the site serves (not its build record), the build id left out."""
    root = site.resolve()
    return {path.relative_to(root).as_posix(): _BUILD_ID.sub(b"", path.read_bytes())
            for path in sorted(root.rglob("*")) if path.is_file() and path.name != BUILD_RECORD}


def _append(page: Path, text: str) -> None:
    page.write_text(page.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


def _assert_same_as_a_full_build(docs: Path, site: Path, tmp_path: Path, name: str) -> None:
    reference = tmp_path / name
    build_site(docs, reference, REPO / "mkdocs.yml")
    served, full = _files(site), _files(reference)
    assert served.keys() == full.keys()
    assert [path for path in served if served[path] != full[path]] == []


def test_a_changed_page_is_rendered_again_in_every_language_as_a_full_build_would(
    tmp_path: Path,
) -> None:
    docs, site = tmp_path / "docs", tmp_path / "site"
    shutil.copytree(REPO / "docs", docs)  # the starter knowledge base
    builder = SiteBuilder(docs, site, REPO / "mkdocs.yml")
    assert builder.build("first").full
    first, first_files = site.resolve(), _files(site)

    # An English page without translations: itself, and its stand-ins under /ar/ and /id/.
    _append(docs / "policies/escalation.md", "Escalate after zqwarm1 minutes.")
    result = builder.build("second")

    assert not result.full and result.build_dir != first
    assert _files(first) == first_files  # hard links to it were replaced, never written through
    for language in ("", "ar/", "id/"):
        assert "zqwarm1" in (site / f"{language}policies/escalation/index.html").read_text()
    assert "zqwarm1" in (site / "search/search_index.json").read_text()
    assert json.loads((site / BUILD_RECORD).read_text())["commit"] == "second"
    _assert_same_as_a_full_build(docs, site, tmp_path, "full-1")

    # A translation: only the Arabic page changes; English and Indonesian have their own.
    _append(docs / "policies/remote-work.ar.md", "zqwarm2 مرة في الأسبوع.")
    result = builder.build("third")

    assert not result.full
    assert "zqwarm2" in (site / "ar/policies/remote-work/index.html").read_text()
    assert "zqwarm2" not in (site / "policies/remote-work/index.html").read_text()
    assert "zqwarm2" not in (site / "id/policies/remote-work/index.html").read_text()
    _assert_same_as_a_full_build(docs, site, tmp_path, "full-2")


@pytest.fixture
def small(docs: Path) -> Path:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Within 30 days\n\nYes.\n",
               title="Refunds", owner="Lead")
    write_page(docs, "faq/orders.md", "# Orders\n\n## Where is my order?\n\nTracking.\n")
    return docs


def test_what_reaches_beyond_a_page_is_a_full_build(small: Path, tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    shutil.copy(REPO / "mkdocs.yml", config)
    shutil.copytree(REPO / "overrides", tmp_path / "overrides")
    site = tmp_path / "site"
    builder = SiteBuilder(small, site, config)
    assert builder.build().why_full == "no full build is kept in memory"

    write_page(small, "policies/refunds.md", "# Refunds\n\nYes.\n", title="Money back")
    result = builder.build()
    assert result.full and "title or navigation" in str(result.why_full)
    assert "Money back" in (site / "faq/orders/index.html").read_text()  # in every page's nav

    write_page(small, "faq/returns.md", "# Returns\n\nFree.\n")
    assert "files added ['faq/returns.md']" in str(builder.build().why_full)

    (small / "faq/label.png").write_bytes(b"\x89PNG")
    assert builder.build().why_full == "files added ['faq/label.png'] or removed []"
    (small / "faq/label.png").write_bytes(b"\x89PNG again")
    assert builder.build().why_full == "faq/label.png is not a page"

    config.write_text(config.read_text().replace("site_name: Deskbook", "site_name: Desk"))
    result = builder.build()
    assert result.full and "mkdocs.yml" in str(result.why_full)
    assert "Desk</title>" in (site / "index.html").read_text()

    build_site(small, site, config)  # `deskbook build`: another build is served now
    _append(small / "faq/orders.md", "zqother")
    assert builder.build().why_full == "the site served is not the one kept in memory"

    _append(small / "faq/orders.md", "zqasked")
    assert builder.build(full=True).why_full == "asked for"

    _append(small / "faq/orders.md", "zqonly")
    result = builder.build()
    assert not result.full and "zqonly" in (site / "faq/orders/index.html").read_text()


def test_a_page_made_a_draft_or_published_is_a_full_build(small: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    builder = SiteBuilder(small, site, REPO / "mkdocs.yml")
    builder.build()

    write_page(small, "faq/orders.md", "# Orders\n\nGone.\n", draft=True)
    result = builder.build()

    assert result.full and "navigation" in str(result.why_full)
    assert not (site / "faq/orders/index.html").exists()

    write_page(small, "faq/orders.md", "# Orders\n\nBack again.\n")  # the draft published
    result = builder.build()

    assert result.full and "faq/orders.md is on no page" in str(result.why_full)
    assert "Back again" in (site / "faq/orders/index.html").read_text()


def test_a_failed_render_falls_back_to_a_full_build_and_never_serves_half_a_change(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = tmp_path / "site"
    builder = SiteBuilder(small, site, REPO / "mkdocs.yml")
    builder.build()
    served = site.resolve()
    real_build_page = incremental.mkdocs_build._build_page
    calls = []

    def second_page_fails(*args: object, **kwargs: object) -> None:
        calls.append(args)
        if len(calls) == 2:  # the English page is written into the new build by now
            raise RuntimeError("the disk went away")
        real_build_page(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(incremental.mkdocs_build, "_build_page", second_page_fails)
    _append(small / "faq/orders.md", "zqhalf")
    result = builder.build()

    assert result.full and "the incremental build failed: the disk went away" in str(
        result.why_full)
    for language in ("", "ar/", "id/"):
        assert "zqhalf" in (site / f"{language}faq/orders/index.html").read_text()
    assert {p for p in builds_folder(site).iterdir() if p.is_dir()} == {site.resolve(), served}


def test_a_change_that_breaks_the_strict_build_leaves_the_served_site_alone(
    small: Path, tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    builder = SiteBuilder(small, site, REPO / "mkdocs.yml")
    builder.build()
    served = _files(site), site.resolve()

    _append(small / "faq/orders.md", "See [labels](labels.md).")
    with pytest.raises(SiteBuildError, match="labels.md"):
        builder.build()

    assert (_files(site), site.resolve()) == served
    _append(small / "faq/orders.md", "zqfixed")
    (small / "faq/orders.md").write_text(
        (small / "faq/orders.md").read_text().replace("(labels.md)", "(../index.md)"))
    assert builder.build().full  # the failed build's state is not kept
    assert "zqfixed" in (site / "faq/orders/index.html").read_text()


def test_the_builder_child_keeps_its_build_warm_and_makes_way_after_its_builds(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = tmp_path / "site"
    child = BuilderProcess(small, site, REPO / "mkdocs.yml")
    try:
        assert child.build("one")["full"] is True
        process = child._process
        _append(small / "faq/orders.md", "zqchild")
        second = child.build("two")
        assert second["state"] == "ok" and second["full"] is False and child._process is process
        assert "zqchild" in (site / "faq/orders/index.html").read_text()
    finally:
        child.stop()

    monkeypatch.setattr(build_child, "BUILDS_PER_PROCESS", 2)
    requests = io.StringIO('{"commit": "a"}\nnot json\n{"commit": "b"}\n{"commit": "c"}\n')
    answers = io.StringIO()
    builds = build_child.serve(SiteBuilder(small, site, REPO / "mkdocs.yml"), requests, answers)
    said = [json.loads(line) for line in answers.getvalue().splitlines()]
    assert builds == 2 and [answer["state"] for answer in said] == ["ok", "failed", "ok"]
    assert said[1]["error"] == "not a build request" and said[-1]["last"] is True


def test_a_builder_child_that_gives_no_answer_in_time_is_stopped_and_the_next_build_works(
    small: Path, tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    child = BuilderProcess(small, site, REPO / "mkdocs.yml")
    try:
        stalled = child.build("one", timeout=0.01)
        assert stalled["state"] == "failed"
        assert "did not finish within 0 s" in stalled["error"] and child._process is None
        assert not site.exists()  # nothing half made is served

        done = child.build("two")
        assert done["state"] == "ok" and done["full"] is True
        assert json.loads((site / BUILD_RECORD).read_text())["commit"] == "two"
    finally:
        child.stop()
