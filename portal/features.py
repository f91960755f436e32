"""A feature = a blueprint plus the entries it adds to the person's menu (shown by role),
each with what waits there (`badge`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint
from sqlalchemy.orm import Session

from portal.accounts.roles import Role
from portal.models import User
from portal.paths import Paths


@dataclass(frozen=True)
class MenuContext:
    """What a badge may look at."""

    session: Session
    user: User
    paths: Paths
    today: dt.date


@dataclass(frozen=True)
class Badge:
    count: int | None = None  # things waiting there (a review queue's submissions…)
    progress: float | None = None  # a share done, 0…1 (one's onboarding)
    waiting: bool = True  # the count asks for the person's attention (the menu button's total)
    counted_elsewhere: int = 0  # of `count`, what another entry adds to the total already


@dataclass(frozen=True)
class NavItem:
    label: str  # English, marked with N_ (portal.i18n) and shown translated
    endpoint: str
    role: Role  # shown to this role and above (the route itself checks again)
    group: str = "work"  # the menu's group (portal.shell.GROUPS)
    badge: Callable[[MenuContext], Badge | None] | None = None


@dataclass(frozen=True)
class Feature:
    blueprint: Blueprint
    nav: tuple[NavItem, ...] = ()
