"""The `new-agent` onboarding track, put together from its usual items, and a docs folder for
it, for the onboarding, checklist and editor tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers import write_page
from tests.portal.mail_support import BASE_URL

READ_REFUND_WINDOW = """\
  - id: refund-window
    read: policies/refunds.md#window
    due_day: 0
"""
READ_HOME = """\
  - id: whole-home
    read: index.md
    due_day: 1
"""
TASK_ENABLE_2FA = """\
  - id: enable-2fa
    task: Turn on two-factor sign-in
    due_day: 0
"""


def new_agent_track(*items: str, summary: str | None = None) -> str:
    """The YAML of the `new-agent` track, the default for new hires, with these items."""
    summary_line = f"summary: {summary}\n" if summary else ""
    return (
        f"id: new-agent\ntitle: New agent\n{summary_line}default_for_roles: [new_hire]\nitems:\n"
        + "".join(items)
    )


def write_tracks(folder: Path, track: str) -> Path:
    """A new tracks folder holding `track` as new-agent.yml."""
    folder.mkdir()
    (folder / "new-agent.yml").write_text(track, encoding="utf-8")
    return folder


def make_onboarding_kb(base: Path, track: str) -> Path:
    """base/kb-docs with a home page, and base/tracks with `track`; the docs folder."""
    docs = base / "kb-docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n", title="Home")
    write_tracks(base / "tracks", track)
    return docs


def onboarding_settings(settings: dict[str, Any], docs: Path) -> dict[str, Any]:
    """`settings` with the docs of make_onboarding_kb and its tracks."""
    return {**settings, "DOCS_DIR": str(docs), "ONBOARDING_DIR": str(docs.parent / "tracks")}


def onboarding_mail_settings(settings: dict[str, Any], folder: Path,
                             smtp_url: str) -> dict[str, Any]:
    """An onboarding knowledge base (the new-agent track reading the home page) in `folder`,
    mailing through `smtp_url` with links under tests.portal.mail_support.BASE_URL."""
    docs = make_onboarding_kb(folder, new_agent_track(READ_HOME))
    return {**onboarding_settings(settings, docs), "BASE_URL": BASE_URL, "SMTP_URL": smtp_url}
