"""Reading what the test SMTP server received."""

from __future__ import annotations

import re
from email.message import EmailMessage, Message

from portal.notifications.smtp import SmtpSettings
from tests.servers.fixtures import MailServer

BASE_URL = "https://support.example.com/kb"
SENDER = "Deskbook <deskbook@example.com>"


def smtp_for(server: MailServer) -> SmtpSettings:
    return SmtpSettings.from_url(server.url(), SENDER, timeout=5)


def parts(message: Message) -> tuple[str, str]:
    """The plain-text and HTML bodies of a received mail."""
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


def links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)
