"""Text a person reads that is made below the portal (a date out of range, a heading's id).

`Message` is the English text — marked with `N_` so the portal's catalogues gather it
(`babel.cfg`) — together with the values of its `%(name)s` holes. As a `str` it is the English,
for the CLI and `deskbook check`; the portal shows it in the reader's language
(`portal.i18n.messages.translated`) because it still knows the text and the values apart.
"""

from __future__ import annotations


def N_(text: str) -> str:
    """Marks English text for the catalogues; it is translated where it is shown."""
    return text


class Message(str):
    """English with its holes filled (the `str`), keeping `text` and `params` to translate."""

    text: str
    params: dict[str, object]

    def __new__(cls, text: str, **params: object) -> Message:
        message = super().__new__(cls, text % params if params else text)
        message.text = text
        message.params = params
        return message
