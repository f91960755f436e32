"""The built mkdocs site, at `/`, for signed-in people only."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from flask import Blueprint, current_app, redirect, request, send_file
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from content.check import RESERVED_FOLDERS
from portal.accounts.access import requires, signed_in_user
from portal.accounts.roles import Role
from portal.insights.page_urls import docs_path_for_url
from portal.insights.usage import try_record_page_view
from portal.app_state import current_paths, db_session
from portal.features import Feature
from portal.site.files import AddSlash, cache_control, find_site_file

# A page of the built mkdocs-material site: scripts only from files on this host — the
# theme's, whose inline scripts overrides/ moved into files, and overrides/' own. No inline
# script and no hash: whatever a page's Markdown smuggles into its HTML never runs.
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

bp = Blueprint("site", __name__)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@requires(Role.NEW_HIRE)
def page(path: str) -> ResponseReturnValue:
    if path.split("/", 1)[0] in RESERVED_FOLDERS:
        _not_a_site_page(path)
    found = find_site_file(current_paths().site, path)
    if isinstance(found, AddSlash):
        return redirect(found.location, code=308)
    response = send_file(found.path, mimetype=found.content_type, conditional=True, etag=True)
    response.headers["Cache-Control"] = cache_control(path, found.is_html)
    response.headers["Vary"] = "Cookie"
    if found.is_html:
        response.headers["Content-Security-Policy"] = SITE_CSP
        if request.method == "GET":  # a page read (usage for "due for review"); never fails it
            page_path = docs_path_for_url(current_paths().docs, path)
            today = dt.datetime.now(dt.UTC).date()
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
