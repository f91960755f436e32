"""`deskbook check` points at each mistake with `path:line: message`."""

from __future__ import annotations

from pathlib import Path

from content.check import check_docs
from tests.helpers import deskbook, write_page


def _docs_full_of_mistakes(docs: Path) -> None:
    write_page(
        docs,
        "policies/refunds.md",
        """
        # Refunds

        ## Return window

        See [shipping](shipping.md) and [the window](#return-window).
        Also [a missing anchor](#nope) and
        [another page's missing section](../howtos/return.md#step-9).
        [Gone](../nowhere.md) and [outside](../../etc/passwd.md) and [web](https://example.com).
        """,
        title="Refunds",
    )
    write_page(docs, "howtos/return.md", "# Return\n\n## Step 1\n", title="Return")
    (docs / "policies/bad.md").write_text("---\ntitle: Bad\nreview_every: soon\n---\n# Bad\n")
    write_page(docs, "policies/refunds.ar.md", "# استرداد\n", translation_of="policies/refund.md")
    write_page(docs, "policies/ghost.id.md", "# Hantu\n")
    write_page(
        docs,
        "templates/refund-ok.md",
        "# Refund ok\n",
        type="template",
        based_on=[
            "policies/refunds.md#return-window",
            "policies/refunds.md#method",
            "policies/missing.md",
        ],
    )


def test_every_problem_is_reported_with_its_line(docs: Path) -> None:
    _docs_full_of_mistakes(docs)
    lines = [p.format() for p in check_docs(docs)]
    assert lines == [
        "policies/bad.md:3: front matter `review_every` must be a whole number of days from 1 to 3650, got 'soon'",
        "policies/ghost.id.md:1: translation's source page policies/ghost.md is missing",
        "policies/refunds.ar.md:2: translation_of: source page policies/refund.md is missing",
        "policies/refunds.md:8: link to missing page 'shipping.md'",
        "policies/refunds.md:9: link to missing anchor #nope",
        "policies/refunds.md:10: link '../howtos/return.md#step-9': howtos/return.md has no heading #step-9",
        "policies/refunds.md:11: link '../../etc/passwd.md' leaves the docs folder",
        "policies/refunds.md:11: link to missing page '../nowhere.md'",
        "templates/refund-ok.md:3: based_on: page policies/missing.md is missing",
        "templates/refund-ok.md:3: based_on: policies/refunds.md has no section #method",
    ]


def test_pages_missing_from_an_explicit_nav_are_reported(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "orphan.md", "# Orphan\n")
    problems = [p.format() for p in check_docs(docs, nav=[{"Home": "index.md"}, "gone.md"])]
    assert problems == [
        "mkdocs.yml:1: nav lists gone.md, which does not exist",
        "orphan.md:1: page is in no navigation (add it to nav in mkdocs.yml)",
    ]


def test_the_command_prints_paths_under_the_docs_folder_and_exits_1(docs: Path) -> None:
    _docs_full_of_mistakes(docs)
    run = deskbook("check", "--docs", str(docs))
    assert run.exit_code == 1
    assert f"{docs}/policies/refunds.md:9: link to missing anchor #nope" in run.stdout.splitlines()
    assert "10 problem(s) found" in run.stderr


def test_a_clean_folder_passes(docs: Path) -> None:
    write_page(docs, "index.md", "# Home\n\n[Refunds](policies/refunds.md#window)\n")
    write_page(docs, "policies/refunds.md", "# Refunds\n\n## Window\n")
    write_page(docs, "policies/refunds.ar.md", "# استرداد\n", translation_of="policies/refunds.md")
    assert check_docs(docs) == []


def test_a_link_straight_to_another_languages_translation_is_reported(docs: Path) -> None:
    write_page(docs, "policies/hours.md", "# Hours\n")
    write_page(docs, "policies/hours.id.md", "# Jam\n", translation_of="policies/hours.md")
    write_page(
        docs,
        "policies/hours.ar.md",
        "# الساعات\n\n[Jam](hours.id.md)\n",
        translation_of="policies/hours.md",
    )
    write_page(docs, "index.md", "# Home\n\n[Jam kerja](policies/hours.id.md)\n")
    assert [(p.path, p.line) for p in check_docs(docs)] == [
        ("index.md", 3),
        ("policies/hours.ar.md", 6),
    ]
    assert "link the English page (policies/hours.md)" in check_docs(docs)[0].message


def test_symbolic_links_and_reserved_names_are_refused(docs: Path, tmp_path: Path) -> None:
    write_page(docs, "index.md", "# Home\n")
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nroot:x:0:0\n", encoding="utf-8")
    (docs / "policies").mkdir()
    (docs / "policies/leak.md").symlink_to(secret)
    (docs / "outside").symlink_to(tmp_path, target_is_directory=True)
    write_page(docs, "portal/help.md", "# Help\n")
    write_page(docs, "api.md", "# API\n")

    lines = [p.format() for p in check_docs(docs)]

    assert (
        "outside:1: is a symbolic link; the site would publish whatever it points at — "
        "put the file itself here" in lines
    )
    assert any(line.startswith("policies/leak.md:1: is a symbolic link") for line in lines)
    assert any(line.startswith("portal:1: the name 'portal' is reserved") for line in lines)
    assert any(line.startswith("api.md:1: the name 'api.md' is reserved") for line in lines)
    assert not any("secret" in line or line.startswith("outside/") for line in lines)


def test_scripts_and_html_files_are_refused(docs: Path) -> None:
    """mkdocs would publish them as they are: a script the site's CSP would run (it allows
    script files from the host), or a page that was never sanitised."""
    write_page(docs, "index.md", "# Home\n")
    for name in ("policies/helper.js", "export/old-wiki.HTML", "module.mjs"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("alert(1)", encoding="utf-8")
    (docs / "diagram.svg").write_text("<svg/>", encoding="utf-8")

    lines = [p.format() for p in check_docs(docs)]

    said = "a script or HTML file would be published as it is, unsanitised"
    assert sorted(line.split(":")[0] for line in lines if said in line) == [
        "export/old-wiki.HTML", "module.mjs", "policies/helper.js"]
    assert not any("diagram.svg" in line for line in lines)
