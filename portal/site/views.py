"""The built mkdocs site, at `/`, for signed-in people only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NoReturn

from flask import Blueprint, Response, current_app, jsonify, redirect, request, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from content.check import RESERVED_FOLDERS
from content.drafts import is_draft
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.i18n import N_
from portal.insights.page_urls import docs_path_for_url
from portal.insights.usage import try_record_page_view
from portal.app_state import current_paths, db_session, docstore
from portal.errors import InvalidInput
from portal.features import Feature
from portal.site.files import AddSlash, cache_control, find_site_file
from portal.site.rebuild import BUILD_STATUS_FILE
from portal.site.review_states import with_current_states
from portal.site.status import SiteStatus, changed_pages_status, page_status

# A page of the built mkdocs-material site: scripts only from files on this host — the
# theme's, whose inline scripts overrides/ moved into files, and overrides/' own. No inline
# script and no hash: whatever a page's Markdown smuggles into its HTML never runs.
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

bp = Blueprint("site", __name__)


def build_status_file() -> Path:
    return Path(current_app.instance_path) / BUILD_STATUS_FILE


def site_status_of(page: str) -> SiteStatus | None:
    """Whether `page`'s newest version is on the site (see portal.site.status); None for a
    draft, which is on no site page until it is published."""
    store = docstore()
    if is_draft(store.read(page)[0]):
        return None
    return page_status(store, current_paths().site, build_status_file(), page)


def pages_not_on_site() -> dict[str, SiteStatus] | None:
    """The pages whose newest version is not served yet (None: the served build is unknown)."""
    return changed_pages_status(docstore(), current_paths().site, build_status_file())


@bp.get("/portal/site/status")
@requires(Role.LEAD)
def status() -> ResponseReturnValue:
    """A page's site status as JSON, for the pages that update it while it is publishing."""
    page_path = request.args.get("page", "")
    if not page_path:
        raise InvalidInput(N_("say which page: ?page=policies/refunds.md"))
    found = site_status_of(page_path)
    response = jsonify(found.as_json() if found else {"state": "draft", "label": gettext("a draft")})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@requires(Role.NEW_HIRE)
def page(path: str) -> ResponseReturnValue:
    if path.split("/", 1)[0] in RESERVED_FOLDERS:
        _not_a_site_page(path)
    found = find_site_file(current_paths().site, path)
    if isinstance(found, AddSlash):
        return redirect(found.location, code=308)
    today = dt.datetime.now(dt.UTC).date()
    if found.is_html:  # its review state as of today (the ETag follows the bytes sent)
        response = Response(with_current_states(found.path.read_bytes(), today),
                            mimetype=found.content_type)
        response.add_etag()
        response.make_conditional(request)
    else:
        response = send_file(found.path, mimetype=found.content_type, conditional=True,
                             etag=True)
    response.headers["Cache-Control"] = cache_control(path, found.is_html)
    response.headers["Vary"] = "Cookie"
    if found.is_html:
        response.headers["Content-Security-Policy"] = SITE_CSP
        if request.method == "GET":  # a page read (usage for "due for review"); never fails it
            page_path = docs_path_for_url(current_paths().docs, path)
            try_record_page_view(
                db_session(), signed_in_user().id, page_path, today)
    return response


def _not_a_site_page(path: str) -> NoReturn:
    """/portal/… and /api/… belong to the portal: a GET that only reached this catch-all is
    either the wrong method for a portal route (405) or nothing at all (404)."""
    adapter = current_app.create_url_adapter(request)
    assert adapter is not None
    allowed = set()
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        try:
            endpoint, _ = adapter.match(f"/{path}", method=method)
        except HTTPException:
            continue
        if endpoint != request.endpoint:
            allowed.add(method)
    if allowed:
        raise MethodNotAllowed(valid_methods=sorted(allowed))
    raise NotFound()


feature = Feature(bp)
