"""A small knowledge base for the suggest API, the sidebar and reuse: a policy only in
English, a canned reply relying on it, an order-number shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search import build_index
from tests.helpers import write_page

MESSAGE = "My lamp arrived broken, order SHOP-1234. What now?\n\nThanks,\nAmira"


def suggest_settings(settings: dict[str, Any], folder: Path) -> dict[str, Any]:
    """`settings` pointed at the knowledge base, written and indexed in `folder`."""
    docs = folder / "kb"
    write_page(docs, "index.md", "# Home\n")
    write_page(docs, "policies/returns.md",
               "# Returns\n\n## Damaged items\n\nBroken or damaged items are replaced free.\n",
               type="policy")
    write_page(docs, "templates/damaged-item.md",
               "# Damaged item\n\nFor an item that arrived broken.\n\n"
               "## Reply\n\n```text\nHi {customer_name}, sorry order {order_number} broke.\n```\n",
               type="template", based_on=["policies/returns.md#damaged-items"])
    write_page(docs, "glossary.md", "# Glossary\n",
               order_numbers=[{"name": "Shop", "shape": "SHOP-####"}])
    build_index(docs, folder / "kb-index")
    return {**settings, "DOCS_DIR": str(docs), "INDEX_DIR": str(folder / "kb-index")}
