"""The one error of backup and restore: its message says what is wrong and what to do."""


class BackupError(Exception):
    """A backup could not be written, or an archive cannot be restored."""
