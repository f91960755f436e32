"""The knowledge base site: built with mkdocs into generations, served behind sign-in.

build.py        — build the site into a new generation and switch to it atomically
incremental.py  — a full build kept in memory, to render only the changed pages again
build_child.py  — a worker's builds in a long-lived child process that keeps its build warm
rebuild.py      — background rebuilds after changes, coalesced; the build status leads see
status.py       — whether a page's newest commit is on the site, worked out from facts
files.py        — find the built file for a URL, never anything outside the build
views.py        — the site at `/` for signed-in people, with its Content-Security-Policy

This package root imports nothing, so the build child loads neither Flask nor Whoosh.
"""
