"""Where Deskbook finds its files: one place for defaults, overridable by DESKBOOK_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def project_root() -> Path:
    """The folder holding mkdocs.yml: $DESKBOOK_ROOT, else the source checkout, else the cwd."""
    configured = os.environ.get("DESKBOOK_ROOT")
    if configured:
        return Path(configured).resolve()
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "mkdocs.yml").is_file():
        return checkout
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Paths:
    root: Path
    docs: Path
    site: Path
    index: Path
    config_file: Path
    onboarding: Path

    @classmethod
    def defaults(cls, root: Path | None = None) -> Paths:
        base = root or project_root()

        def pick(variable: str, default: Path) -> Path:
            value = os.environ.get(variable)
            return Path(value).resolve() if value else default

        return cls(
            root=base,
            docs=pick("DESKBOOK_DOCS_DIR", base / "docs"),
            site=pick("DESKBOOK_SITE_DIR", base / "site"),
            index=pick("DESKBOOK_INDEX_DIR", base / "instance" / "index"),
            config_file=pick("DESKBOOK_MKDOCS_CONFIG", base / "mkdocs.yml"),
            onboarding=pick("DESKBOOK_ONBOARDING_DIR", base / "onboarding"),
        )
