"""A feature = a blueprint plus the navigation entries it adds (shown by role)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint

from portal.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    role: Role  # shown to this role and above (the route itself checks again)
    account: bool = False  # about the person (password, tokens): shown beside their name


@dataclass(frozen=True)
class Feature:
    blueprint: Blueprint
    nav: tuple[NavItem, ...] = ()
