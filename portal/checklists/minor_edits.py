"""Minor edits: a change marked typo-level, so acknowledgements of the old version still count."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from content import ContentError, parse_page
from portal.db import write
from portal.models.onboarding import MinorEdit


def minor_edits(session: Session) -> dict[str, str]:
    return {e.old_version: e.new_version for e in session.scalars(select(MinorEdit))}


def record_minor_edit(session: Session, page: str, old_version: str, new_version: str) -> None:
    """Mark a change as typo-level: acknowledgements of `old_version` still count."""
    if old_version == new_version:
        return
    with write(session):
        session.add(MinorEdit(page=page, old_version=old_version, new_version=new_version))


def record_minor_versions(session: Session, page: str, before: str, after: str) -> int:
    """Carry onboarding acknowledgements over a minor edit of `page` from text `before` to
    `after`: the body's version and every section (matched by anchor) whose text changed.
    Returns how many versions were carried over."""
    try:
        old, new = parse_page(page, before), parse_page(page, after)
    except ContentError:
        return 0
    pairs = [(old.version_of(""), new.version_of(""))]
    for section in old.sections:
        if section.anchor:
            pairs.append((old.version_of(section.anchor), new.version_of(section.anchor)))
    count = 0
    for was, now in pairs:
        if was and now and was != now:
            record_minor_edit(session, page, was, now)
            count += 1
    return count
