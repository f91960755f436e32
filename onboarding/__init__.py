"""Onboarding tracks (the YAML files in this folder) and the rules for a person's progress."""

from onboarding.progress import ItemState, ItemStatus, Progress, track_progress
from onboarding.tracks import Track, TrackError, TrackItem, check_tracks, load_track, load_tracks

__all__ = [
    "ItemState",
    "ItemStatus",
    "Progress",
    "Track",
    "TrackError",
    "TrackItem",
    "check_tracks",
    "load_track",
    "load_tracks",
    "track_progress",
]
