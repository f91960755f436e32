"""The one mkdocs plugin (`deskbook` in mkdocs.yml): how the knowledge base becomes the site.

It composes `content/` (what a page is, what may be published, how it is escaped) and
`search/` (the index of the same docs), and is loaded by a plain `mkdocs build` as much as by
the portal's builds, so it lives below `portal/`: portal → siteplugin → search → content.

plugin.py    — `DeskbookPlugin` and its options (`index_dir`, `skip_index`): the build events,
               each handing its work to one of the modules below
layout.py    — which files are built and listed (refusals, drafts, archived pages) and the
               order and titles of the top-level sections
escaping.py  — nothing a page's Markdown or front matter holds runs as script in the site
states.py    — a page's state (due, overdue, archived…) as overrides/main.html shows it
indexing.py  — where the search index of the built docs goes, and building it

This package root imports nothing.
"""
