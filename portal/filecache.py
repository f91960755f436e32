"""The portal's name for `content.filecache` (the cache moved there so `search/` can use it)."""

from content.filecache import LatestVersionCache

__all__ = ["LatestVersionCache"]
