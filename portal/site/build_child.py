"""Run one site build in its own process and report the outcome as one JSON line.

The portal's workers live for days; mkdocs keeps memory after each build (caches, theme
state), so workers build the site in a short-lived child instead (`SiteRebuilder(isolated=True)`).

    python -m portal.site.build_child DOCS SITE MKDOCS_YML [COMMIT]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from portal.site.build import SiteBuildError, build_site


def main(argv: list[str]) -> int:
    docs, site, config = (Path(argument) for argument in argv[:3])
    commit = argv[3] if len(argv) > 3 and argv[3] else None
    outcome: dict[str, Any]
    try:
        result = build_site(docs, site, config, strict=True, commit=commit)
    except SiteBuildError as error:
        outcome = {"state": "failed", "error": str(error), "problems": error.problems}
    except OSError as error:
        outcome = {"state": "failed", "error": f"{type(error).__name__}: {error}", "problems": []}
    else:
        outcome = {"state": "ok", "seconds": result.seconds}
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
