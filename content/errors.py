"""Domain errors of the content model; each names the file (and line) it is about."""

from __future__ import annotations

from content.messages import N_, Message


class ContentError(Exception):
    """A problem with one docs file, reported as `path:line: message`."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    @property
    def said(self) -> Message:
        """`path:line: message` keeping the message's own holes, for the portal to translate."""
        return Message("%(path)s:%(line)s: %(problem)s", path=self.path, line=self.line,
                       problem=self.message)


class InvalidFrontMatter(ContentError):
    """The YAML front matter cannot be parsed or breaks the schema."""


class InvalidHeading(ContentError):
    """A heading sets an id outside the allowed characters (it could break out of the page's
    HTML wherever the theme prints it)."""


class DocNotFound(ContentError):
    """A page that was asked for does not exist in the docs folder."""

    def __init__(self, path: str) -> None:
        super().__init__(path, 0, Message(N_("no such page in the docs folder")))
