"""The audit log: every security and content action, with who, when, from where and what.

- `actions.py`: the actions recorded, each with its label
- `record.py`: adding an entry (inside the caller's write, or in one of its own)
- `browse.py`: filtering entries, one page at a time, and pruning past the retention period
- `export.py`: entries as CSV (cells a spreadsheet would run as a formula are quoted)
"""

from portal.audit.actions import AuditAction
from portal.audit.browse import AuditFilter, AuditPage, browse, prune
from portal.audit.export import csv_lines
from portal.audit.record import add_event, record, request_address

__all__ = [
    "AuditAction", "AuditFilter", "AuditPage", "add_event", "browse", "csv_lines", "prune",
    "record", "request_address",
]
