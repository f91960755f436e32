"""The hostile-content corpus (tests/hostile.py), end to end: written as pages, sent as
submissions by an agent and approved by a lead, saved by a lead in the editor; the real site
built from it and served through the portal; every page opened in Chromium as a lead and as
an admin. Nothing may open a dialog, navigate away or send a request the page does not send
itself, and no page's CSP may trust a script by hash."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import APIResponse, Browser, BrowserContext, Page, Playwright

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    ConsoleWatch,
    Person,
    Portal,
    require_chromium,
    serve_knowledge_base,
    sign_in,
    stop_portal,
)
from tests.helpers import write_page
from tests.hostile import (
    BAD_HEADING_IDS,
    HOSTILE_FRONT_MATTER,
    HOSTILE_H1S,
    HOSTILE_HTML,
    HOSTILE_LINKS,
    trailer_note,
)

pytestmark = pytest.mark.browser

PEOPLE = {
    "agent": Person("agent@hostile.example", "agent"),
    "lead": Person("lead@hostile.example", "lead"),
    "admin": Person("admin@hostile.example", "admin"),
}
ALL_HTML = "\n\n".join(HOSTILE_HTML)
# The site build itself refuses three forms (mkdocs' strict mode: "unrecognized relative link"),
# so a page carrying them never reaches the site; the capture forms refuse all of them.
BUILD_REFUSES = ("entity", "hex entity", "tab")
ALL_LINKS = "\n\n".join(v for k, v in HOSTILE_LINKS.items() if k not in BUILD_REFUSES)
# What pages of the portal send by themselves (the live previews).
OWN_REQUESTS = {("POST", "/portal/editor/preview"), ("POST", "/portal/capture/preview")}
# What a site page asks the portal for: the shared header (its words, styles and script).
SITE_ASKS_PORTAL = ("/portal/shell", "/portal/static/")
# Anything in a page that could run or leave: handlers and script-like URLs, in any element.
_DANGER_IN_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (/^(javascript|vbscript|data:text|data:image\\/svg)/.test(value)
          && /^(href|src|action|formaction|data|xlink:href|srcdoc)$/.test(attr.name)) {
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      }
    }
    if (["IFRAME", "OBJECT", "EMBED", "BASE"].includes(el.tagName)) found.push(el.tagName);
    if (el.tagName === "META" && el.httpEquiv) found.push(`META ${el.httpEquiv}`);
  }
  return found;
}"""


def _git(docs: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(docs), *args], capture_output=True, text=True,
                          check=True).stdout


def _hostile_docs(docs: Path) -> None:
    """Pages as an attacker with access to the docs, or an imported handbook, writes them."""
    write_page(docs, "index.md", "# Home\n\nThe hostile corpus.\n")
    write_page(docs, "faq/orders.md", "# Orders\n\n## Where is my order?\n\nTracking.\n",
               title="Orders", type="faq")
    write_page(docs, "policies/refunds.md",
               "# Refunds\n\n## Window\n\nCustomers have 30 days.\n\n## Method\n\nCard.\n",
               title="Refunds", type="policy")
    for name, (heading, _) in HOSTILE_H1S.items():  # no front matter: the H1 is the title
        write_page(docs, f"notes/{name}.md", f"# {heading}\n\nText.\n")
    write_page(docs, "notes/links.md", f"# Links\n\n{ALL_LINKS}\n")
    write_page(docs, "notes/markup.md", f"# Markup\n\n{ALL_HTML}\n")
    write_page(docs, "policies/front-matter.md", f"# Front matter\n\n{ALL_HTML}\n",
               last_reviewed=dt.date(2026, 1, 5), review_every=30, **HOSTILE_FRONT_MATTER)
    _git(docs, "init", "--quiet")
    _git(docs, "add", "--all")
    _git(docs, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "--quiet",
         "-m", "The hostile corpus")


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    require_chromium()
    folder = tmp_path_factory.mktemp("hostile")
    docs, onboarding = folder / "docs", folder / "onboarding"
    onboarding.mkdir()
    _hostile_docs(docs)
    running = serve_knowledge_base(folder, docs, onboarding, PEOPLE.values())
    try:
        yield running
    finally:
        stop_portal(running)


@pytest.fixture(scope="module")
def browser(playwright: Playwright, portal: Portal) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@dataclass
class Watched:
    """One signed-in browser profile and everything its pages did."""

    context: BrowserContext
    page: Page
    console: ConsoleWatch
    dialogs: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, str]] = field(default_factory=list)  # method, url, on page
    navigations: list[str] = field(default_factory=list)


def _signed_in(browser: Browser, portal: Portal, person: Person) -> Watched:
    context = browser.new_context(viewport=VIEWPORT, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    console = ConsoleWatch()
    console.allow("status of 404")  # the corpus's images `x`, which are not there
    console.attach(page)
    sign_in(page, portal, person)
    watched = Watched(context, page, console)
    page.on("dialog", lambda dialog: (watched.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: watched.requests.append(
        (request.method, request.url, page.url)))
    page.on("framenavigated", lambda frame: watched.navigations.append(frame.url)
            if frame == page.main_frame else None)
    return watched


def _send(who: Watched, portal: Portal, form_url: str, action: str,
          **fields: str) -> APIResponse:
    """Open a form as the browser would and post it to `action` (no redirect followed)."""
    html = who.context.request.get(portal.url(form_url)).text()
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token, form_url
    return who.context.request.post(portal.url(action), form={"csrf_token": token.group(1),
                                                              **fields}, max_redirects=0)


def _submission(response: APIResponse) -> int:
    assert response.status == 303, re.findall(r'role="alert"[^>]*>(.*?)<', response.text())
    found = re.search(r"/portal/capture/mine/(\d+)$", response.headers["location"])
    assert found
    return int(found.group(1))


def _wait_for_the_site(portal: Portal, timeout: float = 60) -> None:
    """Until the site the portal rebuilt in the background is of the docs' last commit."""
    head = _git(portal.docs, "rev-parse", "HEAD").strip()
    status = Path(portal.env["DESKBOOK_INSTANCE_PATH"]) / "site-build.json"
    deadline = time.monotonic() + timeout
    while True:
        state = json.loads(status.read_text()) if status.exists() else {}
        if state.get("state") == "ok" and state.get("commit") == head:
            return
        assert state.get("state") != "failed", state
        assert time.monotonic() < deadline, f"the site was not rebuilt: {state}"
        time.sleep(0.3)


def _site_pages(site: Path) -> list[str]:
    """The address of every page of the built site, every language."""
    folders = sorted(page.parent.relative_to(site).as_posix() for page in site.rglob("index.html"))
    return ["/" if folder == "." else f"/{folder}/" for folder in folders]


def _visit(who: Watched, portal: Portal, path: str) -> str:
    """Open `path`; fail on a dialog, a navigation or a request the page did not mean."""
    who.dialogs.clear()
    who.requests.clear()
    who.navigations.clear()
    url = portal.url(path)
    response = who.page.goto(url, wait_until="load")
    assert response is not None and response.ok, (path, response and response.status)
    who.page.wait_for_load_state("networkidle")
    who.page.wait_for_timeout(150)  # a refresh or a late handler would show by now
    assert who.dialogs == [], (path, who.dialogs)
    assert who.page.url == url and who.navigations == [url], (path, who.navigations)
    for method, requested, _ in who.requests:
        own = requested.startswith(portal.base_url)
        where = requested[len(portal.base_url):].split("?")[0]
        if not own:
            raise AssertionError(f"{path} sent a request off the host: {method} {requested}")
        if method != "GET" and (method, where) not in OWN_REQUESTS:
            raise AssertionError(f"{path} sent {method} {where}")
        if (not path.startswith("/portal/") and where.startswith(("/portal/", "/api/"))
                and not where.startswith(SITE_ASKS_PORTAL)):
            raise AssertionError(f"site page {path} asked the portal for {where}")
    policy = response.headers["content-security-policy"]
    assert "sha256-" not in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "script-src 'self';" in policy, (path, policy)
    return who.page.content()


def test_the_hostile_corpus_never_runs_for_a_lead_or_an_admin(
    browser: Browser, portal: Portal
) -> None:
    agent = _signed_in(browser, portal, PEOPLE["agent"])
    lead = _signed_in(browser, portal, PEOPLE["lead"])
    admin = _signed_in(browser, portal, PEOPLE["admin"])
    faq = "/portal/capture/faq?page=faq/orders.md"

    # Submissions that must be refused: every link form, every hostile heading id.
    for name, link in HOSTILE_LINKS.items():
        refused = _send(agent, portal, faq, "/portal/capture/faq", page="faq/orders.md",
                        question="A link?", answer=f"See:\n\n{link}\n")
        assert refused.status == 400, name
    for heading in BAD_HEADING_IDS:
        refused = _send(agent, portal, faq, "/portal/capture/faq", page="faq/orders.md",
                        question="An id?", answer=f"Intro.\n\n{heading}\n\nText.\n")
        assert refused.status == 400 and "sets the id" in refused.text(), heading

    # Submissions that are accepted, hostile as they are, and approved by the lead.
    victim = _submission(_send(agent, portal, faq, "/portal/capture/faq", page="faq/orders.md",
                               question="Do you ship to Oman?", answer="Yes, in 5 days.\n"))
    decoy = _submission(_send(
        agent, portal, faq, "/portal/capture/faq", page="faq/orders.md",
        question="Refunds <img src=x onerror=alert('q')> &lt;/title&gt;&lt;script&gt;?",
        answer=ALL_HTML + "\n", comment=trailer_note(victim, PEOPLE["admin"].email)))
    answer = _submission(_send(
        agent, portal, "/portal/capture/answer?q=gift+cards", "/portal/capture/answer",
        q="gift cards", target="new:faq", title=str(HOSTILE_FRONT_MATTER["title"]),
        body=ALL_HTML + "\n"))
    edit_url = "/portal/capture/edit?page=policies/refunds.md&anchor=window"
    edit = _submission(_send(agent, portal, edit_url, edit_url,
                             markdown=f"## Window\n\n{ALL_HTML}\n"))
    for ident in (decoy, victim, answer, edit):
        approved = _send(lead, portal, f"/portal/review/{ident}",
                         f"/portal/review/{ident}/approve")
        assert approved.status == 303, ident
        detail = lead.context.request.get(portal.url(f"/portal/review/{ident}")).text()
        assert "Published in commit" in detail, (ident, detail[:2000])
    orders = (portal.docs / "faq/orders.md").read_text()
    assert "## Do you ship to Oman?\n\nYes, in 5 days." in orders  # not passed off as the decoy's
    log = _git(portal.docs, "log", "--format=%B").splitlines()
    assert f"Approved-by: {PEOPLE['admin'].email}" not in log
    assert log.count(f"Submission: #{victim}") == 1

    # Editor saves by the lead: hostile fields and text go in; a hostile heading id does not.
    editor_url = "/portal/editor/edit?page=policies/refunds.md"
    form = lead.context.request.get(portal.url(editor_url)).text()
    base = re.search(r'name="base_hash" value="([^"]+)"', form)
    assert base
    fields = {"page": "policies/refunds.md", "base_hash": base.group(1), "type": "policy",
              "title": str(HOSTILE_FRONT_MATTER["title"]), "owner": "<img src=x onerror=alert(1)>",
              "tags": "<script>alert('tag')</script>, </a><svg onload=alert(2)>",
              "summary": "\"><script>alert('summary')</script>", "message": trailer_note(1, "x")}
    refused = _send(lead, portal, editor_url, "/portal/editor/edit", **fields,
                    body=f"# Refunds\n\n{BAD_HEADING_IDS[0]}\n\nText.\n")
    assert refused.status == 400 and "sets the id" in refused.text()
    saved = _send(lead, portal, editor_url, "/portal/editor/edit", **fields,
                  body=f"# Refunds\n\n## Links\n\n{ALL_LINKS}\n\n## Markup\n\n{ALL_HTML}\n")
    assert saved.status == 303, saved.text()[:1000]
    front = yaml.safe_load((portal.docs / "policies/refunds.md").read_text().split("---")[1])
    assert front["owner"] == "<img src=x onerror=alert(1)>"  # kept as typed: shown as text

    _wait_for_the_site(portal)
    pages = _site_pages(portal.site.resolve())
    assert "/policies/front-matter/" in pages and "/ar/notes/markup/" in pages
    portal_pages = ["/portal/review/", *(f"/portal/review/{i}" for i in (decoy, answer, edit)),
                    "/portal/editor/", "/portal/editor/edit?page=policies/front-matter.md",
                    "/portal/editor/edit?page=notes/markup.md", "/portal/living/review"]
    for who in (lead, admin):
        for path in pages:
            _visit(who, portal, path)
            danger = who.page.evaluate(_DANGER_IN_DOM)
            assert danger == [], (path, danger)
        for path in portal_pages:
            _visit(who, portal, path)
        assert who.console.problems == [], who.console.problems

    # Were the sanitiser to miss a script, the page's CSP would still not run it.
    built = portal.site.resolve() / "notes" / "markup" / "index.html"
    original = built.read_text(encoding="utf-8")
    built.write_text(original.replace("</article>", "<script>alert('missed')</script></article>"),
                     encoding="utf-8")
    try:
        admin.console.allow("Content Security Policy")
        content = _visit(admin, portal, "/notes/markup/")
        assert "alert('missed')" in content  # it is in the page, and it did not run
        assert admin.page.evaluate("() => document.readyState") == "complete"
    finally:
        built.write_text(original, encoding="utf-8")
    for who in (agent, lead, admin):
        who.context.close()
