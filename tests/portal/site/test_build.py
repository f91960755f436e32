"""`deskbook build`: any folder of Markdown becomes a site, switched in atomically."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import search
from portal.site.build import SiteBuildError, build_site, builds_folder, served_commit
from tests.helpers import REPO, deskbook, write_page


@pytest.mark.slow
def test_a_foreign_handbook_without_front_matter_builds(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Team handbook\n\nWelcome.\n\n# Also an H1\n")
    write_page(
        docs,
        "Support/Returns process.md",
        """
        <div class="confluence-macro"><p>Exported from the old wiki</p></div>

        # **Returns** 📦

        | Channel | Target |
        |---------|--------|
        | Email   | 24 h   |

        ```
        # this is a comment, not a heading
        ```

        # Returns (again)
        """,
    )
    (docs / "empty.md").write_text("", encoding="utf-8")
    site = tmp_path / "site"

    run = deskbook(
        "build", "--docs", str(docs), "--site", str(site), "--index", str(tmp_path / "index")
    )

    assert run.exit_code == 0, run.stderr
    assert "Built" in run.stderr
    page = (site / "Support" / "Returns process" / "index.html").read_text(encoding="utf-8")
    assert 'id="returns-"' in page and 'id="returns-again"' in page
    assert "Exported from the old wiki" in page
    assert site.is_symlink()
    assert search.index_page_count(tmp_path / "index") == 3  # the site's pages, searchable too


@pytest.mark.slow
def test_a_failed_build_keeps_serving_the_previous_site(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    site = tmp_path / "site"
    first = build_site(docs, site, REPO / "mkdocs.yml")
    write_page(docs, "broken.md", "# Broken\n\n[dead link](missing.md)\n")

    with pytest.raises(SiteBuildError) as caught:
        build_site(docs, site, REPO / "mkdocs.yml")

    assert any("missing.md" in problem for problem in caught.value.problems)
    assert site.resolve() == first.build_dir.resolve()
    assert (site / "index.html").is_file()
    assert sorted(builds_folder(site).iterdir()) == sorted(
        [first.build_dir, builds_folder(site) / ".lock"]
    )


@pytest.mark.slow
def test_a_symbolic_link_in_the_docs_stops_the_build(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    site = tmp_path / "site"
    first = build_site(docs, site, REPO / "mkdocs.yml")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nroot:x:0:0\n", encoding="utf-8")
    (docs / "leak.md").symlink_to(secret)

    with pytest.raises(SiteBuildError) as caught:
        build_site(docs, site, REPO / "mkdocs.yml")

    assert "docs/leak.md:1: is a symbolic link" in str(caught.value)
    assert site.resolve() == first.build_dir.resolve()
    assert not any(
        "root:x:0:0" in page.read_text(encoding="utf-8")
        for page in builds_folder(site).rglob("*.html")
    )


@pytest.mark.slow
def test_rebuilding_switches_to_the_new_build_and_prunes_old_ones(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n\nversion one\n")
    site = tmp_path / "site"
    first = build_site(docs, site, REPO / "mkdocs.yml")
    write_page(docs, "index.md", "# Home\n\nversion two\n")
    second = build_site(docs, site, REPO / "mkdocs.yml")
    write_page(docs, "index.md", "# Home\n\nversion three\n")
    third = build_site(docs, site, REPO / "mkdocs.yml")

    assert "version three" in (site / "index.html").read_text(encoding="utf-8")
    assert not first.build_dir.exists()
    assert second.build_dir.exists() and third.build_dir.exists()


def test_a_missing_docs_folder_is_a_clear_error(tmp_path: Path) -> None:
    run = deskbook(
        "build",
        "--docs",
        str(tmp_path / "nope"),
        "--site",
        str(tmp_path / "s"),
        "--index",
        str(tmp_path / "i"),
    )
    assert run.exit_code == 1
    assert "docs folder" in run.stderr and "does not exist" in run.stderr


def test_every_subcommand_has_help() -> None:
    from portal.cli import main

    for name in main.commands:
        run = deskbook(name, "--help")
        assert run.exit_code == 0 and "Usage:" in run.stdout, name


HOSTILE = """
# Hostile

<script>alert("stored xss")</script>

<img src="x" onerror="alert(1)">

[click](javascript:alert(1)) [click2](JaVaScRiPt:alert(1)) [c3](javascript&#58;alert(1))
[data](data:text/html,<script>alert(1)</script>)

<a href="javascript:alert(1)">raw link</a> <div onclick="alert(1)">raw div</div>

```
</code></pre><script>alert("breakout")</script>
```

[fine](https://example.com) and [mail](mailto:help@lumen.example) and [local](index.md)
"""


@pytest.mark.slow
def test_no_script_from_page_content_reaches_the_built_site(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "hostile.md", HOSTILE)
    site = tmp_path / "site"
    build_site(docs, site, REPO / "mkdocs.yml", strict=False)
    html = (site / "hostile" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "<script" not in article
    assert "onerror" not in article and "onclick" not in article
    assert "javascript:" not in article.lower() and "data:text/html" not in article
    assert (
        '&lt;script&gt;alert("breakout")' in article
        or "&lt;script&gt;alert(&quot;breakout" in article
    )
    assert 'href="https://example.com"' in article and 'href="mailto:help@lumen.example"' in article


@pytest.mark.slow
def test_the_synonyms_file_is_never_part_of_the_site_or_the_index(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    (docs / ".deskbook").mkdir()
    (docs / ".deskbook/synonyms.yml").write_text("groups:\n  - [zzsecretword, b]\n", encoding="utf-8")
    site, index = tmp_path / "site", tmp_path / "index"
    run = deskbook("build", "--docs", str(docs), "--site", str(site), "--index", str(index))
    assert run.exit_code == 0, run.stderr
    built = [p.relative_to(site.resolve()).as_posix() for p in site.resolve().rglob("*")]
    assert not [p for p in built if ".deskbook" in p or "synonyms" in p]
    assert search.search(index, "zzsecretword").hits == []


@pytest.mark.slow
def test_if_changed_builds_only_when_the_docs_differ_from_the_site_served(
    docs: Path, tmp_path: Path
) -> None:
    write_page(docs, "index.md", "# Home\n\nWelcome.\n")
    subprocess.run(["git", "init", "--quiet", str(docs)], check=True)
    subprocess.run(["git", "-C", str(docs), "add", "--all"], check=True)
    subprocess.run(["git", "-C", str(docs), "-c", "user.name=S", "-c", "user.email=s@x",
                    "commit", "--quiet", "-m", "seed"], check=True)
    head = subprocess.run(["git", "-C", str(docs), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    site, index = tmp_path / "site", tmp_path / "index"
    where = ("--docs", str(docs), "--site", str(site), "--index", str(index))
    assert deskbook("build", *where).exit_code == 0
    first = site.resolve()
    assert served_commit(site) == head  # the build says which commit it shows

    again = deskbook("build", "--if-changed", *where)

    assert again.exit_code == 0 and "up to date" in again.stderr
    assert site.resolve() == first  # nothing built
    write_page(docs, "index.md", "# Home\n\nWelcome back.\n")
    changed = deskbook("build", "--if-changed", *where)
    assert changed.exit_code == 0 and "up to date" not in changed.stderr
    assert site.resolve() != first
    assert "Welcome back." in (site / "index.html").read_text("utf-8")
    assert [hit.path for hit in search.search(index, "welcome back").hits] == ["index.md"]
