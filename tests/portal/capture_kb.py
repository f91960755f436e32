"""A small knowledge base in a git repository, for the capture and review tests.

tests/portal/fixtures.py makes it the `kb` fixture; a module runs the app on it with

    @pytest.fixture
    def settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
        return kb_settings(settings, kb)
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

import search
from portal import app_state
from portal.docstore import DocStore
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


FAQ_QUESTION = "Do you ship to Oman?"  # what submit_faq asks unless told otherwise


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


def kb_settings(settings: dict[str, Any], kb: Path) -> dict[str, Any]:
    """`settings` with the docs in `kb`, and the index and site beside it."""
    return {**settings, "DOCS_DIR": str(kb), "INDEX_DIR": str(kb.parent / "index"),
            "SITE_DIR": str(kb.parent / "site")}


def found_in_search(kb: Path, words: str) -> list[str]:
    """The pages a search of `kb`'s index (beside it, as make_kb puts it) finds for `words`."""
    return sorted({hit.path for hit in search.search(kb.parent / "index", words).hits})


def without_site_rebuilds(app: Flask) -> DocStore:
    """The app's docstore, without the background site rebuild (the site is not under test)."""
    store = app_state.docstore(app)
    assert isinstance(store, DocStore)
    store.rebuilder = None
    return store


def send(client: FlaskClient, form_url: str, **fields: str) -> TestResponse:
    """Open a capture form like a browser and submit it to the same address."""
    token = page_csrf(client, form_url)
    return client.post(form_url, data={"csrf_token": token, **fields})


def send_faq(client: FlaskClient, question: str, answer: str, **fields: str) -> TestResponse:
    """Submit a new entry for the orders FAQ through its capture form."""
    return send(client, "/portal/capture/faq?page=faq/orders.md", page="faq/orders.md",
                question=question, answer=answer, **fields)


def submit_faq(
    client: FlaskClient, question: str = FAQ_QUESTION, answer: str = "Yes, in 5 to 7 days.\n"
) -> int:
    """The id of a new orders-FAQ entry, submitted as a browser would."""
    return submission_id(send_faq(client, question, answer))


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
