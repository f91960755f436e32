"""Each person's choice of delivery per kind (the kind's default until they choose)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.messages import Message
from portal.db import write
from portal.errors import InvalidInput
from portal.i18n import N_
from portal.models import User
from portal.models.notifications import NotificationPreference
from portal.notifications.kinds import Delivery, Kind, kinds_for


def preferences(session: Session, user: User) -> dict[Kind, Delivery]:
    """Every kind offered to `user`, with the delivery in force."""
    chosen = {row.kind: row.delivery for row in session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {kind: Delivery(chosen.get(kind.value, kind.about.default))
            for kind in kinds_for(user.role)}


def delivery_for(session: Session, user: User, kind: Kind) -> Delivery:
    row = session.scalar(select(NotificationPreference).where(
        NotificationPreference.user_id == user.id, NotificationPreference.kind == kind.value))
    return Delivery(row.delivery) if row is not None else kind.about.default


def parse_choices(form: dict[str, str], user: User) -> dict[Kind, Delivery]:
    """The preferences form (`kind` → `email`/`digest`/`portal`), checked."""
    choices: dict[Kind, Delivery] = {}
    for kind in kinds_for(user.role):
        value = form.get(kind.value)
        if value is None:
            continue
        try:
            choices[kind] = Delivery(value)
        except ValueError as error:
            raise InvalidInput(N_("“%(value)s” is not a way to deliver %(kind)s"), value=value,
                               kind=Message(kind.about.label)) from error
    return choices


def set_preferences(session: Session, user: User, choices: dict[Kind, Delivery]) -> None:
    with write(session):
        rows = {row.kind: row for row in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
        for kind, delivery in choices.items():
            row = rows.get(kind.value)
            if row is None:
                session.add(NotificationPreference(user_id=user.id, kind=kind.value,
                                                   delivery=delivery.value))
            else:
                row.delivery = delivery.value
