"""The four roles, ordered: new hire < agent < lead < admin."""

from __future__ import annotations

import enum


class Role(enum.Enum):
    NEW_HIRE = "new_hire"
    AGENT = "agent"
    LEAD = "lead"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def label(self) -> str:
        return _LABELS[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: str) -> Role:
        """Accept `new_hire`, `new-hire`, `New hire`, `LEAD`…; ValueError names the choices."""
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        for role in cls:
            if role.value == key:
                return role
        raise ValueError(f"unknown role {value!r}; choose one of {', '.join(ROLE_NAMES)}")


_RANKS = {Role.NEW_HIRE: 1, Role.AGENT: 2, Role.LEAD: 3, Role.ADMIN: 4}
_LABELS = {Role.NEW_HIRE: "New hire", Role.AGENT: "Agent", Role.LEAD: "Lead", Role.ADMIN: "Admin"}
ROLE_NAMES = tuple(role.value.replace("_", "-") for role in Role)
