"""`deskbook build` and `deskbook check`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from content import load_docs
from content.check import check_docs, nav_from_config
from onboarding import check_tracks
from portal.cli.common import ProgressLine, docs_option, fail, index_option, paths, quiet_mkdocs
from portal.docstore.git import head_of
from portal.site.build import SiteBuildError, build_site, site_is_current
from search import check_synonyms, update_index


@click.command("build")
@docs_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the built site goes (default: site/). It becomes a link to the newest build.",
)
@index_option
@click.option("--no-strict", is_flag=True, help="Build even when mkdocs reports warnings.")
@click.option(
    "--if-changed",
    is_flag=True,
    help="Skip the site build when the site served was built from these same docs, mkdocs.yml, "
    "theme and Deskbook version (the search index is still brought up to date).",
)
def build_command(
    docs_dir: Path | None, site_dir: Path | None, index_dir: Path | None, no_strict: bool,
    if_changed: bool,
) -> None:
    """Build the static site and the search index from the same docs.

    Works on any folder of Markdown (for example a handbook exported from another wiki)
    without editing mkdocs.yml: pages need no front matter.
    """
    where = paths(docs_dir, site_dir, index_dir)
    quiet_mkdocs()
    if if_changed and site_is_current(where.docs, where.site, where.config_file):
        report = update_index(where.docs, where.index)
        click.echo(f"The site in {where.site} is up to date (built from these docs, config and "
                   f"theme): not built again. Search index: "
                   f"{len(report.updated) + len(report.deleted)} page(s) updated.", err=True)
        return
    progress = ProgressLine("Rendering pages")
    click.echo(f"Building the site from {where.docs} …", err=True)
    try:
        result = build_site(
            where.docs,
            where.site,
            where.config_file,
            strict=not no_strict,
            progress=progress,
            index_dir=where.index,
            commit=head_of(where.docs),
        )
    except SiteBuildError as error:
        progress.done("")
        fail(str(error), "fix the pages named above, or run `deskbook check` for details")
    progress.done(
        f"Built {result.pages} pages into {where.site} in {result.seconds:.1f} s"
        + (f" with {len(result.warnings)} warnings" if result.warnings else "")
    )
    for warning in result.warnings:
        click.echo(f"  {warning}", err=True)
    click.echo(f"Search index: {where.index}", err=True)


@click.command("check")
@docs_option
def check_command(docs_dir: Path | None) -> None:
    """Report invalid front matter, broken links and anchors, orphaned translations,
    templates whose `based_on` is missing, pages in no navigation and mistakes in the
    synonyms file (docs/.deskbook/synonyms.yml).

    Prints one `path:line: message` line per problem and exits 1 if there is any.
    """
    where = paths(docs_dir)
    if not where.docs.is_dir():
        fail(f"docs folder {where.docs} does not exist", "pass --docs DIR")
    nav = nav_from_config(where.config_file) if docs_dir is None else None
    shown = str(docs_dir) if docs_dir is not None else os.path.relpath(where.docs)
    problems = [problem.format(shown) for problem in check_docs(where.docs, nav)]
    problems += [f"{shown}/{error}" for error in check_synonyms(where.docs)]
    if docs_dir is None and where.onboarding.is_dir():
        # Onboarding tracks point into the project's own docs; a foreign folder has none.
        pages = {page.path: page for page in load_docs(where.docs).pages}
        problems += [problem.format() for problem in check_tracks(where.onboarding, pages)]
    for line in problems:
        click.echo(line)
    if problems:
        click.secho(f"{len(problems)} problem(s) found", fg="red", err=True)
        raise click.exceptions.Exit(1)
    click.secho("No problems found.", fg="green", err=True)
