"""The built mkdocs site, at `/`, for signed-in people only."""

from __future__ import annotations

from flask import Blueprint, redirect, send_file
from flask.typing import ResponseReturnValue

from portal.access import requires
from portal.features import Feature
from portal.roles import Role
from portal.security import file_script_hashes, site_csp
from portal.sitefiles import AddSlash, cache_control, find_site_file
from portal.storage import current_paths

bp = Blueprint("site", __name__)


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
@requires(Role.NEW_HIRE)
def page(path: str) -> ResponseReturnValue:
    found = find_site_file(current_paths().site, path)
    if isinstance(found, AddSlash):
        return redirect(found.location, code=308)
    response = send_file(found.path, mimetype=found.content_type, conditional=True, etag=True)
    response.headers["Cache-Control"] = cache_control(path, found.is_html)
    response.headers["Vary"] = "Cookie"
    if found.is_html:
        response.headers["Content-Security-Policy"] = site_csp(file_script_hashes(found.path))
    return response


feature = Feature(bp)
