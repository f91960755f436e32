"""An SMTP server for the tests (aiosmtpd): every message it accepts lands in a Maildir.

Run as `python -m tests.servers.mail_server MAILDIR [--login USER:PASSWORD] [--refuse-while
FILE]`: it listens on 127.0.0.1 at a free port and prints `listening on PORT` once it serves.
With `--login` it offers AUTH PLAIN/LOGIN (without TLS, on loopback only) and refuses mail from
a client that did not authenticate; with `--refuse-while FILE` it answers every message with a
temporary failure (451) for as long as FILE exists, as a mail server does when it is overloaded.
"""

from __future__ import annotations

import argparse
import asyncio
import mailbox
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session


class Handler:
    def __init__(self, maildir: Path, refuse_while: Path | None) -> None:
        self.box = mailbox.Maildir(maildir, create=True)
        self.refuse_while = refuse_while

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.refuse_while is not None and self.refuse_while.exists():
            return "451 4.3.0 Try again later"
        content = envelope.original_content or b""
        message = mailbox.MaildirMessage(content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.box.add(message)
        return "250 OK"


def authenticator(user: str, password: str) -> Any:
    def check(server: SMTP, session: Session, envelope: Envelope, mechanism: str,
              auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
              and auth_data.password.decode() == password)
        return AuthResult(success=ok, handled=False)
    return check


async def serve(arguments: argparse.Namespace) -> None:
    handler = Handler(Path(arguments.maildir), arguments.refuse_while)
    options: dict[str, Any] = {}
    if arguments.login:
        user, _, password = arguments.login.partition(":")
        options = {"authenticator": authenticator(user, password), "auth_required": True,
                   "auth_require_tls": False}
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **options), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"listening on {port}", flush=True)
    await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("maildir")
    parser.add_argument("--login")
    parser.add_argument("--refuse-while", type=Path)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
