"""Sending one mail over SMTP (`SMTP_URL`): `smtp://host:25` plain, `smtp+starttls://…:587`
upgraded with STARTTLS, `smtps://…:465` over TLS from the start; `user:password@` in the URL
signs in (percent-encode special characters)."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

from portal.notifications.mails import Mail

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


class SendFailed(Exception):
    """The mail was not accepted; `permanent` when retrying cannot help (a 5xx answer)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpSettings:
    scheme: str
    host: str
    port: int
    username: str
    password: str
    sender: str  # the From address
    timeout: float = 20.0

    @classmethod
    def from_url(cls, url: str, sender: str, *, timeout: float = 20.0) -> SmtpSettings:
        """ValueError says what is wrong with the URL."""
        parts = urlsplit(url)
        if parts.scheme not in DEFAULT_PORTS:
            raise ValueError(f"SMTP_URL must start with {', '.join(DEFAULT_PORTS)}:// "
                             f"(got {parts.scheme or 'nothing'})")
        if not parts.hostname:
            raise ValueError("SMTP_URL names no host")
        return cls(parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme],
                   unquote(parts.username or ""), unquote(parts.password or ""), sender,
                   timeout)


def message_of(mail: Mail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    return message


def send(settings: SmtpSettings, mail: Mail) -> None:
    """Hand `mail` to the SMTP server, or raise SendFailed."""
    message = message_of(mail, settings.sender)
    try:
        if settings.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout,
                context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password)
            client.send_message(message)
    except smtplib.SMTPResponseException as error:
        text = error.smtp_error.decode("utf-8", "replace") if isinstance(
            error.smtp_error, bytes) else str(error.smtp_error)
        raise SendFailed(f"the mail server answered {error.smtp_code} {text}",
                         permanent=500 <= error.smtp_code < 600
                         and not isinstance(error, smtplib.SMTPAuthenticationError)) from error
    except smtplib.SMTPRecipientsRefused as error:
        raise SendFailed(f"the mail server refused the recipient {mail.recipient}",
                         permanent=True) from error
    except (TimeoutError, smtplib.SMTPException, OSError) as error:
        raise SendFailed(f"could not reach the mail server at {settings.host}:"
                         f"{settings.port}: {error}") from error
