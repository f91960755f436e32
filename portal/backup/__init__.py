"""Backup and restore: one archive holds the database (a logical dump of every table), the docs
repository with its history, the onboarding tracks and the instance settings."""

from portal.backup.create import Backup, create_backup
from portal.backup.errors import BackupError
from portal.backup.restore import Restored, restore_backup

__all__ = ["Backup", "BackupError", "Restored", "create_backup", "restore_backup"]
