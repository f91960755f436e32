"""The knowledge base site: built with mkdocs into generations, served behind sign-in.

build.py        — build the site into a new generation and switch to it atomically
build_child.py  — one build in a short-lived child process (long-lived workers keep no memory)
rebuild.py      — background rebuilds after changes, coalesced; the build status leads see
status.py       — whether a page's newest commit is on the site, worked out from facts
files.py        — find the built file for a URL, never anything outside the build
views.py        — the site at `/` for signed-in people, with its Content-Security-Policy

This package root imports nothing, so the build child loads neither Flask nor Whoosh.
"""
