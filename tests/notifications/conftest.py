"""A real SMTP server on loopback, an English test catalogue, follower helpers."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller

from app.extensions import babel

# Fake English translations: the real catalogue is made at the end of the project, but
# the tests must prove the text is rendered in the reader's language.
ENGLISH = {
    "À l'étude": "Under review",
    "Retenu": "Accepted",
    "Livré": "Shipped",
    "Le souhait « %(wish)s » est passé de « %(old)s » à « %(new)s ».": (
        "Wish “%(wish)s” moved from “%(old)s” to “%(new)s”."
    ),
    "Souhait « %(wish)s » : %(new)s": "Wish “%(wish)s”: %(new)s",
    "Bonjour %(name)s,": "Hello %(name)s,",
    "Notifications": "Notifications",
    "Marquer comme lu": "Mark as read",
    "Aucune notification pour l'instant.": "No notifications yet.",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def subjects(self) -> list[str]:
        return [m["Subject"] for _, m in self.messages]


class SmtpServer:
    """Start and stop a real SMTP server on 127.0.0.1 at a fixed free port."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp_port(app) -> int:
    """A loopback port the app sends to; nothing listens until a server is started."""
    port = free_port()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_TIMEOUT=5)
    return port


@pytest.fixture
def smtp(smtp_port):
    """A running SMTP server; ``smtp.inbox.messages`` holds what it received."""
    server = SmtpServer(smtp_port).start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(smtp_port):
    """An SMTP server that is not running yet (``.start()`` it later)."""
    server = SmtpServer(smtp_port)
    yield server
    server.stop()


@pytest.fixture
def english_catalog(tmp_path):
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="en")
    for source, translation in ENGLISH.items():
        catalog.add(source, translation)
    directory = tmp_path / "translations" / "en" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    with open(directory / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    babel.domain_instance.cache.clear()
    yield str(tmp_path / "translations")
    babel.domain_instance.cache.clear()


@pytest.fixture
def follower(make):
    """``follower(wish, preference=…, locale=…)``: a user who follows the wish."""
    from app.models import Follow

    def _follower(wish, preference="immediate", **kw):
        user = make.user(role="club_member", notification_preference=preference, **kw)
        make.db.session.add(Follow(user_id=user.id, wish_id=wish.id))
        make.db.session.commit()
        return user

    return _follower
