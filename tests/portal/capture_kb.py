"""A small knowledge base in a git repository, for the capture and review tests."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import search
from tests.helpers import write_page
from tests.portal.helpers import page_csrf

WINDOW = """\
# Refunds

Our refund rules.

## Window

Customers have 30 days to return an item.

Keep the receipt.

Refunds go back to the original card.

## Exceptions

Damaged goods are always refunded.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def make_kb(base: Path) -> Path:
    """docs/ with an FAQ page, a policy with a multi-paragraph section, committed; an index."""
    docs = base / "docs"
    write_page(docs, "index.md", "# Home\n\nStart here.\n", title="Home")
    write_page(docs, "policies/refunds.md", WINDOW, title="Refunds", type="policy",
               owner="owner@example.com")
    write_page(
        docs, "faq/orders.md",
        "# FAQ: Orders\n\n## Where is my order?\n\nCheck the tracking link.\n",
        title="FAQ: Orders", type="faq", owner="owner@example.com", lang="en",
    )
    git(docs, "init", "--quiet")
    git(docs, "add", "--all")
    git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "--quiet",
        "-m", "seed")
    search.build_index(docs, base / "index")
    return docs


def send(client: FlaskClient, form_url: str, **fields: str) -> TestResponse:
    """Open a capture form like a browser and submit it to the same address."""
    token = page_csrf(client, form_url)
    return client.post(form_url, data={"csrf_token": token, **fields})


def submission_id(response: TestResponse) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    found = re.search(r"/portal/capture/mine/(\d+)$", response.headers["Location"])
    assert found, response.headers["Location"]
    return int(found.group(1))


def review_post(client: FlaskClient, submission: int, action: str, **fields: str) -> TestResponse:
    token = page_csrf(client, f"/portal/review/{submission}")
    return client.post(
        f"/portal/review/{submission}/{action}", data={"csrf_token": token, **fields}
    )
