"""Delivery of the e-mail outbox over SMTP (run by ``flask --app wsgi notifications send``).

Unlike services, this worker commits: each step must be durable before the next.

1. Claims older than ``MAIL_CLAIM_TIMEOUT`` (a run that crashed mid-send) go back to
   ``pending`` (counted as an attempt).
2. A batch of due ``pending`` rows is claimed with one UPDATE that sets
   ``status='sending'`` and a fresh ``claim_token``, committed before anything is sent.
   On PostgreSQL the candidate rows are locked ``FOR UPDATE SKIP LOCKED``; everywhere the
   UPDATE re-checks ``status='pending'`` (SQLite serialises writers), so two concurrent
   runs never claim the same row.
3. Each claimed message is sent, then marked ``sent`` (committed one by one). A failure
   puts it back to ``pending`` with ``attempts + 1`` and an exponential back-off, or
   ``failed`` after ``MAIL_MAX_ATTEMPTS``. When the server cannot be reached, the rest of
   the batch is rescheduled the same way and the run stops.

A crash between the SMTP acceptance and the ``sent`` commit can send one message twice
(at-least-once); the stable ``Message-ID`` lets mail clients drop the duplicate.
"""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import case, func, select, update

from app.database import affected_rows
from app.extensions import db
from app.models import OutboxEmail, utcnow

BATCH_SIZE = 100
DEFAULT_MAX_ATTEMPTS = 8
DEFAULT_RETRY_BASE = timedelta(minutes=1)
DEFAULT_RETRY_MAX = timedelta(hours=6)
DEFAULT_CLAIM_TIMEOUT = timedelta(minutes=15)


class SmtpUnavailable(Exception):
    """The SMTP server could not be reached or refused the session."""


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    released: int = 0
    digests: int = 0
    smtp_unreachable: bool = False
    last_error: str | None = None


def _setting_delta(name: str, default: timedelta) -> timedelta:
    value = current_app.config.get(name)
    if value is None:
        return default
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def max_attempts() -> int:
    return int(current_app.config.get("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: base, 2×base, 4×base… capped."""
    base = _setting_delta("MAIL_RETRY_BASE", DEFAULT_RETRY_BASE)
    cap = _setting_delta("MAIL_RETRY_MAX", DEFAULT_RETRY_MAX)
    return min(base * (2 ** max(0, attempts - 1)), cap)


def due_count(now: datetime | None = None) -> int:
    now = now or utcnow()
    return db.session.execute(
        select(func.count(OutboxEmail.id)).where(
            OutboxEmail.status == "pending", OutboxEmail.next_attempt_at <= now
        )
    ).scalar_one()


def release_stale_claims(now: datetime | None = None) -> int:
    """Give back rows left ``sending`` by a run that died; returns how many."""
    now = now or utcnow()
    cutoff = now - _setting_delta("MAIL_CLAIM_TIMEOUT", DEFAULT_CLAIM_TIMEOUT)
    result = db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.status == "sending", OutboxEmail.claimed_at < cutoff)
        .values(
            status=case((OutboxEmail.attempts + 1 >= max_attempts(), "failed"), else_="pending"),
            attempts=OutboxEmail.attempts + 1,
            claim_token=None,
            claimed_at=None,
            next_attempt_at=now,
            last_error="Claim expired: the sending run did not finish.",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return affected_rows(result)


def claim_batch(*, limit: int = BATCH_SIZE, now: datetime | None = None) -> list[OutboxEmail]:
    """Claim up to ``limit`` due rows for this run (committed) and return them."""
    now = now or utcnow()
    token = uuid.uuid4().hex
    candidates = (
        select(OutboxEmail.id)
        .where(OutboxEmail.status == "pending", OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.next_attempt_at, OutboxEmail.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    # Two statements on purpose: inside ``UPDATE … WHERE id IN (SELECT … LIMIT n FOR UPDATE
    # SKIP LOCKED)`` PostgreSQL may rescan the subquery and claim far more than n rows.
    ids = list(db.session.execute(candidates).scalars())
    if not ids:
        db.session.commit()
        return []
    db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id.in_(ids), OutboxEmail.status == "pending")
        .values(status="sending", claim_token=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.execute(
            select(OutboxEmail).where(OutboxEmail.claim_token == token).order_by(OutboxEmail.id)
        ).scalars()
    )


def build_message(email: OutboxEmail) -> EmailMessage:
    config = current_app.config
    sender = config["MAIL_DEFAULT_SENDER"]
    domain = sender.rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = email.to_address
    message["Subject"] = email.subject
    message["Date"] = format_datetime(email.created_at)
    message["Message-ID"] = f"<outbox-{email.id}.{int(email.created_at.timestamp())}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(email.body_text)
    return message


def open_smtp() -> smtplib.SMTP:
    """A logged-in SMTP session from the MAIL_* settings; raises SmtpUnavailable."""
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
    timeout = float(config.get("MAIL_TIMEOUT", 10))
    try:
        if config.get("MAIL_USE_SSL"):
            connection: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout)
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            connection.starttls()
        if config.get("MAIL_USERNAME"):
            connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    except (OSError, smtplib.SMTPException) as error:
        raise SmtpUnavailable(f"{host}:{port}: {error}") from error
    return connection


def _mark_sent(email: OutboxEmail, now: datetime) -> None:
    db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email.id, OutboxEmail.claim_token == email.claim_token)
        .values(status="sent", sent_at=now, last_error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _mark_failed_attempt(email: OutboxEmail, error: str, now: datetime) -> str:
    """Back to ``pending`` later, or ``failed`` for good; returns the new status."""
    attempts = email.attempts + 1
    status = "failed" if attempts >= max_attempts() else "pending"
    db.session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == email.id, OutboxEmail.claim_token == email.claim_token)
        .values(
            status=status,
            attempts=attempts,
            next_attempt_at=now + retry_delay(attempts),
            last_error=error[:2000],
            claim_token=None,
            claimed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return status


def deliver_pending(
    *,
    on_message: Callable[[], None] | None = None,
    connect: Callable[[], smtplib.SMTP] = open_smtp,
    report: DeliveryReport | None = None,
    batch_size: int | None = None,
) -> DeliveryReport:
    """Send every due outbox row once; see the module docstring."""
    report = report or DeliveryReport()
    report.released += release_stale_claims()
    connection: smtplib.SMTP | None = None
    try:
        while not report.smtp_unreachable:
            batch = claim_batch(limit=batch_size or BATCH_SIZE)
            if not batch:
                break
            for email in batch:
                now = utcnow()
                if report.smtp_unreachable:
                    status = _mark_failed_attempt(email, report.last_error or "", now)
                else:
                    try:
                        if connection is None:
                            connection = connect()
                        connection.send_message(build_message(email))
                    except SmtpUnavailable as error:
                        report.smtp_unreachable = True
                        report.last_error = str(error)
                        status = _mark_failed_attempt(email, str(error), now)
                    except smtplib.SMTPServerDisconnected as error:
                        connection = None  # reconnect for the next message
                        report.last_error = f"{type(error).__name__}: {error}"
                        status = _mark_failed_attempt(email, report.last_error, now)
                    except (OSError, smtplib.SMTPException) as error:
                        report.last_error = f"{type(error).__name__}: {error}"
                        status = _mark_failed_attempt(email, report.last_error, now)
                    else:
                        _mark_sent(email, utcnow())
                        status = "sent"
                if status == "sent":
                    report.sent += 1
                elif status == "failed":
                    report.failed += 1
                else:
                    report.retried += 1
                if on_message is not None:
                    on_message()
    finally:
        if connection is not None:
            try:
                connection.quit()
            except (OSError, smtplib.SMTPException):
                connection.close()
    return report
