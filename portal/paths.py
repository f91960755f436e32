"""Where an installation keeps its files, as `content.settings.load_settings` resolves them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Paths:
    root: Path
    docs: Path
    site: Path
    index: Path
    config_file: Path  # the site's mkdocs.yml
    onboarding: Path

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Paths:
        """The paths of resolved settings (`load_settings`, or the app's config)."""
        return cls(
            root=Path(settings["ROOT"]),
            docs=Path(settings["DOCS_DIR"]),
            site=Path(settings["SITE_DIR"]),
            index=Path(settings["INDEX_DIR"]),
            config_file=Path(settings["MKDOCS_CONFIG"]),
            onboarding=Path(settings["ONBOARDING_DIR"]),
        )
