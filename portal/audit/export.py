"""The audit log as CSV, written as it is read (an export of years of entries stays small in
memory). A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
so a spreadsheet shows what was typed instead of running it as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from sqlalchemy.orm import Session

from portal.audit.actions import label_of
from portal.audit.browse import AuditFilter, matching
from portal.models.audit import AuditEvent

HEADER = ("id", "when (UTC)", "who", "address", "action", "what", "details", "commit")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _row(event: AuditEvent) -> list[str]:
    return [str(event.id), event.at.strftime("%Y-%m-%d %H:%M:%S"), event.actor, event.address,
            label_of(event.action), event.target, event.details, event.commit or ""]


def csv_lines(session: Session, where: AuditFilter) -> Iterator[str]:
    """The header, then one line per matching entry, newest first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield line(list(HEADER))
    for event in session.scalars(matching(where).execution_options(yield_per=500)):
        yield line(_row(event))
