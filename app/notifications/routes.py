"""Pages of the notifications feature: the list, mark as read."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.decorators import roles_required
from app.extensions import db
from app.http_input import clamp_page
from app.i18n import ngettext
from app.models import Role
from app.notifications import bp
from app.redirects import safe_local_path
from app.selectors import notifications as selectors
from app.selectors.pagination import paginate
from app.services import notifications as services
from app.services.notification_text import render
from app.writes import run_write

PER_PAGE = 20


def _back() -> str:
    return safe_local_path(request.form.get("next")) or url_for("notifications.index")


@bp.get("/notifications")
@roles_required(*Role.MEMBERS)
def index():
    page_number, per_page = clamp_page(
        request.args.get("page"), request.args.get("per_page"), default_per_page=PER_PAGE
    )
    page = paginate(
        selectors.user_notifications(current_user.id),
        page=page_number,
        per_page=per_page,
        count_query=selectors.user_notifications_count(current_user.id),
    )
    entries = [(notification, render(notification)) for notification in page.items]
    return render_template("notifications/index.html", page=page, entries=entries)


@bp.post("/notifications/<int:notification_id>/read")
@roles_required(*Role.MEMBERS)
def mark_read(notification_id: int):
    run_write(
        lambda: services.mark_read(user=current_user, notification_id=notification_id),
        success=_("Notification marquée comme lue."),
    )
    return redirect(_back())


@bp.post("/notifications/read-all")
@roles_required(*Role.MEMBERS)
def mark_all_read():
    count = services.mark_all_read(user=current_user)
    db.session.commit()
    if count:
        flash(
            ngettext(
                "%(num)d notification marquée comme lue.",
                "%(num)d notifications marquées comme lues.",
                count,
            ),
            "success",
        )
    else:
        flash(_("Aucune notification non lue."), "info")
    return redirect(_back())
