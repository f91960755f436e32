"""The four roles, ordered: new hire < agent < lead < admin."""

from __future__ import annotations

import enum

from portal.i18n import N_


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

    @property
    def name_for_people(self) -> str:
        """The one spelling the CLI shows and asks for: `new-hire`, `agent`, `lead`, `admin`."""
        return self.value.replace("_", "-")

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
_LABELS = {  # English, shown translated (`_(role.label)`)
    Role.NEW_HIRE: N_("New hire"), Role.AGENT: N_("Agent"), Role.LEAD: N_("Lead"),
    Role.ADMIN: N_("Admin"),
}
ROLE_NAMES = tuple(role.name_for_people for role in Role)
