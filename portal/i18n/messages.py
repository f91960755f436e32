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


def said(text: str, **params: object) -> str:
    """English marked with `N_`, its holes filled from `params`, in the language of the request
    being answered (English outside one, as in the CLI)."""
    return translated(Message(text, **params))


class TranslatedError(Exception):
    """An error whose first argument may be a `Message`: `str(error)` says it in the language
    of the request being answered (English outside one)."""

    def __str__(self) -> str:
        if self.args and isinstance(self.args[0], str):
            return translated(self.args[0])
        return super().__str__()


def in_english(error: BaseException) -> str:
    """What `error` says, in English whatever the request's language: for the server log."""
    if isinstance(error, TranslatedError) and error.args and isinstance(error.args[0], str):
        return str.__str__(error.args[0])
    return str(error)
