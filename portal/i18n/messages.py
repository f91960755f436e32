"""Text made outside a template, shown in the reader's language."""

from __future__ import annotations

from flask_babel import gettext

from content.messages import Message


def translated(text: str) -> str:
    """A `Message` (and the messages among its values) in the language of the request being
    answered; other text as it is. English outside a request, as in the CLI."""
    if not isinstance(text, Message):
        return text
    params = {name: translated(value) if isinstance(value, Message) else value
              for name, value in text.params.items()}
    return str(gettext(text.text, **params))
