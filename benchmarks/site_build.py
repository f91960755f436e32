"""Site rebuild time as the knowledge base grows, with Deskbook's navigation vs a full one.

mkdocs-material renders the navigation into every page, so a full, expanded navigation makes
each page's HTML grow with the number of pages and the build quadratic. Deskbook uses tabs
plus `navigation.prune` (only the visible part of the tree). This builds the same synthetic
corpus both ways, each in its own process, and reports time, peak memory and site size.

    .venv/bin/python -m benchmarks.site_build --pages 1000

Results go to benchmarks/results/site-build-<pages>.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate, write
from benchmarks.report import save_report

REPO = Path(__file__).resolve().parent.parent

# Each variant: features removed from mkdocs.yml, features added.
VARIANTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "deskbook (tabs + prune)": ((), ()),
    "full navigation (sections + expand)": (
        ("navigation.tabs", "navigation.prune"),
        ("navigation.sections", "navigation.expand"),
    ),
}

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from portal.site.build import build_site
docs, site, config = map(Path, sys.argv[1:4])
started = time.perf_counter()
result = build_site(docs, site, config, strict=False)
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
size_mb = sum(p.stat().st_size for p in site.resolve().rglob("*") if p.is_file()) / 1024 / 1024
print(json.dumps(
    {"seconds": seconds, "pages": result.pages, "peak_mb": peak_mb, "size_mb": size_mb}
))
"""


def variant_config(folder: Path, variant: tuple[tuple[str, ...], tuple[str, ...]]) -> Path:
    """mkdocs.yml with absolute paths (it is written elsewhere) and the variant's features."""
    removed, added = variant
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    text = re.sub(r"^  - (content|search)/", lambda m: f"  - {REPO}/{m.group(1)}/", text,
                  flags=re.MULTILINE)
    for feature in removed:
        text, count = re.subn(rf"^    - {re.escape(feature)}\b.*\n", "", text, flags=re.MULTILINE)
        if not count:
            raise SystemExit(f"mkdocs.yml changed: feature {feature} not found")
    features = "".join(f"    - {feature}\n" for feature in added)
    text = text.replace("  features:\n", "  features:\n" + features, 1)
    path = folder / f"mkdocs-{len(list(folder.glob('mkdocs-*.yml')))}.yml"
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="deskbook-sitebench-") as scratch:
        root = Path(scratch)
        docs = root / "docs"
        write(generate(args.pages, args.seed), docs)
        (docs / "index.md").write_text("# Synthetic knowledge base\n", encoding="utf-8")
        files = sum(1 for _ in docs.rglob("*.md"))
        rows = []
        for name, variant in VARIANTS.items():
            config = variant_config(root, variant)
            print(f"building {files} Markdown files: {name} …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            run = subprocess.run(
                [sys.executable, "-c", _CHILD, str(docs), str(root / f"site-{len(rows)}"),
                 str(config)],
                capture_output=True, text=True, cwd=REPO, check=False,
            )
            if run.returncode != 0:
                raise SystemExit(f"{name}: build failed\n{run.stderr[-3000:]}")
            measured = json.loads(run.stdout.strip().splitlines()[-1])
            measured["wall"] = time.perf_counter() - started
            rows.append((name, measured))
    baseline = rows[0][1]["seconds"]
    lines = [
        f"# Site rebuild, {args.pages} generated pages ({files} Markdown files, en/ar/id)",
        "",
        f"Command: `.venv/bin/python -m benchmarks.site_build --pages {args.pages}`",
        "",
        "| navigation | build s | × deskbook | rendered pages | peak MB | site MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in rows:
        lines.append(
            f"| {name} | {m['seconds']:.1f} | {m['seconds'] / baseline:.2f} | {m['pages']} | "
            f"{m['peak_mb']:.0f} | {m['size_mb']:.0f} |"
        )
    save_report(lines, f"site-build-{args.pages}.md")


if __name__ == "__main__":
    main()
