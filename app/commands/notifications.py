from __future__ import annotations

import click
from flask.cli import with_appcontext

from app.extensions import db
from app.outbox import DeliveryReport, deliver_pending, due_count
from app.progress import progress, track
from app.services.notifications import digest_build, users_due_for_digest


@click.group("notifications", help="Notification e-mails.")
def notifications_group() -> None:
    pass


@notifications_group.command("send")
@with_appcontext
def send_command() -> None:
    """Build the daily digests that are due, then deliver pending e-mails over SMTP.

    Safe to run from cron as often as you like, even twice at once: each e-mail is
    claimed before it is sent, so it goes out once. Failed e-mails are retried by later
    runs with an exponential back-off (MAIL_MAX_ATTEMPTS attempts, then "failed").

    Exit status: 0 when every due e-mail was sent or rescheduled after a per-message
    error; 1 when the SMTP server could not be reached (the e-mails stay in the outbox
    and are retried later, nothing is lost).
    """
    report = DeliveryReport()
    user_ids = users_due_for_digest()
    for user_id in track(user_ids, len(user_ids), "Résumés"):
        try:
            if digest_build(user_id=user_id) is not None:
                report.digests += 1
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
    with progress(due_count(), "E-mails") as bar:
        deliver_pending(on_message=lambda: bar.update(1), report=report)
    click.echo(
        f"Digests built: {report.digests}; sent: {report.sent}; retried later: "
        f"{report.retried}; failed for good: {report.failed}"
        + (f"; stale claims released: {report.released}" if report.released else "")
    )
    if report.smtp_unreachable:
        click.echo(f"SMTP server unreachable: {report.last_error}", err=True)
        raise SystemExit(1)
