"""The built mkdocs site, at `/`, for signed-in people only."""

from __future__ import annotations

import datetime as dt
from typing import NoReturn

from flask import Blueprint, current_app, redirect, request, send_file
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from content.check import RESERVED_FOLDERS
from portal.access import requires, signed_in_user
from portal.analytics import docs_path_for_url, try_record_page_view
from portal.features import Feature
from portal.roles import Role
from portal.security import SITE_CSP
from portal.sitefiles import AddSlash, cache_control, find_site_file
from portal.storage import current_paths, db_session

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
                db_session(), signed_in_user().id, page_path, today, current_app.logger
            )
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
