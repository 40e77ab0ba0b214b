"""``notifications send`` against a real SMTP server on loopback."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app import create_app
from app.extensions import db as _db
from app.models import OutboxEmail
from app.outbox import claim_batch, deliver_pending, retry_delay
from app.services.notifications import enqueue_email
from tests.conftest import make_config
from tests.notifications.conftest import SmtpServer, free_port
from tests.notifications.helpers import quiet_wish, status_change
from tests.threads import run_together

# Keep the SMTP server's event loop on real time while the test moves the clock.
REAL_TIME_FOR = ["asyncio", "aiosmtpd"]


def rows(db):
    db.session.expire_all()
    return list(db.session.execute(select(OutboxEmail).order_by(OutboxEmail.id)).scalars())


def queue(db, count=1, **kw):
    for n in range(count):
        enqueue_email(
            to_address=f"referent{n}@example.org",
            subject=f"Sujet {n}",
            body_text=f"Corps du message {n}.",
            **kw,
        )
    db.session.commit()


def test_send_delivers_the_notification_email_in_the_readers_language(
    db, make, follower, runner, smtp
):
    wish = quiet_wish(make, title="Tarification par saison")
    user = follower(wish, preference="immediate")
    status_change(wish)
    db.session.commit()

    result = runner.invoke(args=["notifications", "send"])

    assert result.exit_code == 0, result.output
    assert "sent: 1" in result.output
    [(recipients, message)] = smtp.inbox.messages
    assert recipients == [user.email]
    assert message["To"] == user.email
    assert message["From"] == "souhaits@localhost"
    assert message["Subject"] == "[Souhaits] Souhait « Tarification par saison » : Retenu"
    body = message.get_content()
    assert body.startswith(f"Bonjour {user.display_name},")
    assert f"http://localhost/wishes/{wish.id}" in body
    [row] = rows(db)
    assert row.status == "sent" and row.sent_at is not None


def test_a_second_run_sends_nothing_again(db, runner, smtp):
    queue(db, 2)
    assert runner.invoke(args=["notifications", "send"]).exit_code == 0
    result = runner.invoke(args=["notifications", "send"])
    assert "sent: 0" in result.output
    assert len(smtp.inbox.messages) == 2


def test_smtp_down_keeps_the_email_and_retries_it_later_exactly_once(db, runner, smtp_down):
    with freeze_time("2027-05-10 09:00", ignore=REAL_TIME_FOR):
        queue(db)
        result = runner.invoke(args=["notifications", "send"])
        assert result.exit_code == 1
        assert "retried later: 1" in result.output
        [row] = rows(db)
        assert (row.status, row.attempts) == ("pending", 1)
        assert row.next_attempt_at == datetime(2027, 5, 10, 9, 1, tzinfo=UTC)
        assert "127.0.0.1" in row.last_error

    smtp_down.start()
    with freeze_time("2027-05-10 09:00:30", ignore=REAL_TIME_FOR):
        result = runner.invoke(args=["notifications", "send"])
        assert "sent: 0" in result.output  # not due yet: back-off
    with freeze_time("2027-05-10 09:01", ignore=REAL_TIME_FOR):
        assert runner.invoke(args=["notifications", "send"]).exit_code == 0
        assert runner.invoke(args=["notifications", "send"]).exit_code == 0

    assert smtp_down.inbox.subjects == ["Sujet 0"]
    [row] = rows(db)
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)


def test_retries_back_off_exponentially_then_give_up(app, db, runner, smtp_port):
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    queue(db)
    start = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)
    moments = [start, start + timedelta(minutes=1), start + timedelta(minutes=3)]
    for moment in moments:
        with freeze_time(moment, ignore=REAL_TIME_FOR):
            runner.invoke(args=["notifications", "send"])
    [row] = rows(db)
    assert (row.status, row.attempts) == ("failed", 3)
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(30) == timedelta(hours=6)


def test_a_stale_claim_from_a_crashed_run_is_sent_again(db, runner, smtp):
    with freeze_time("2027-05-10 09:00"):
        queue(db)
        row = rows(db)[0]
        row.status, row.claim_token, row.claimed_at = "sending", "crashed-run", datetime.now(UTC)
        db.session.commit()
    with freeze_time("2027-05-10 09:10", ignore=REAL_TIME_FOR):
        runner.invoke(args=["notifications", "send"])
        assert smtp.inbox.messages == []  # maybe still being sent by that run
    with freeze_time("2027-05-10 09:16", ignore=REAL_TIME_FOR):
        result = runner.invoke(args=["notifications", "send"])
    assert "stale claims released: 1" in result.output
    assert smtp.inbox.subjects == ["Sujet 0"]


def test_send_builds_the_due_daily_digests_and_delivers_them(db, make, follower, runner, smtp):
    wish = quiet_wish(make, title="Passerelle Apidae")
    user = follower(wish, preference="daily")
    status_change(wish)
    status_change(wish, **{"from": "accepted", "to": "declined"})
    db.session.commit()
    result = runner.invoke(args=["notifications", "send"])
    assert "Digests built: 1; sent: 1" in result.output
    [(recipients, message)] = smtp.inbox.messages
    assert recipients == [user.email]
    assert message["Subject"] == "[Souhaits] 2 nouveautés sur les sujets que vous suivez"


def test_a_claim_takes_at_most_one_batch_and_skips_claimed_rows(db):
    queue(db, 5)
    first, second = claim_batch(limit=2), claim_batch(limit=2)
    assert [len(first), len(second)] == [2, 2]
    assert {e.id for e in first}.isdisjoint(e.id for e in second)
    assert {r.status for r in rows(db)} == {"sending", "pending"}


def _run_concurrently(app, runs=2, batch_size=2):
    barrier = threading.Barrier(runs)
    reports, errors = [], []

    def run():
        try:
            with app.app_context():
                barrier.wait()
                reports.append(deliver_pending(batch_size=batch_size))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(runs)]
    run_together(threads, timeout=60)
    assert errors == []
    return reports


def _assert_each_delivered_once(server: SmtpServer, count: int, reports) -> None:
    ids = [m["Message-ID"] for _, m in server.inbox.messages]
    assert len(ids) == count
    assert len(set(ids)) == count
    assert sum(r.sent for r in reports) == count


def test_two_runs_at_once_send_each_email_once_on_postgresql(app, db, smtp, is_postgres):
    if not is_postgres:
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL); the SQLite case is below")
    smtp.inbox.delay = 0.02
    queue(db, 12)
    reports = _run_concurrently(app)
    _assert_each_delivered_once(smtp, 12, reports)
    assert {r.status for r in rows(db)} == {"sent"}


@pytest.fixture
def sqlite_file_app(tmp_path):
    """SQLite on a file (the in-memory test database is one shared connection)."""
    app = create_app(make_config(f"sqlite:///{tmp_path / 'outbox.db'}", MAIL_PORT=free_port()))
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.engine.dispose()


def test_two_runs_at_once_send_each_email_once_on_sqlite(sqlite_file_app):
    server = SmtpServer(sqlite_file_app.config["MAIL_PORT"]).start()
    try:
        server.inbox.delay = 0.02
        queue(_db, 12)
        reports = _run_concurrently(sqlite_file_app)
        _assert_each_delivered_once(server, 12, reports)
    finally:
        server.stop()
