"""Pages of the notifications feature: the list grouped by subject, mark as read.

The mark-as-read buttons work in place with htmx (the group, or the list, is swapped;
the header's badge and the page's counts follow out of band) and, without JavaScript,
post and come back to the page with a flash message."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from app.decorators import roles_required
from app.htmx import fragment, is_htmx
from app.http_input import clamp_page
from app.i18n import ngettext
from app.models import Role
from app.notifications import bp
from app.redirects import safe_local_path
from app.selectors import notifications as selectors
from app.services import notifications as services
from app.services.notification_text import render, subject_heading
from app.writes import check_button, run_write

PER_PAGE = 20


def _back() -> str:
    return safe_local_path(request.form.get("next")) or url_for("notifications.index")


def _page_context(args) -> dict:
    page_number, per_page = clamp_page(
        args.get("page"), args.get("per_page"), default_per_page=PER_PAGE
    )
    page = selectors.notification_groups(current_user.id, page=page_number, per_page=per_page)
    return {"page": page, **_words(page.items)}


def _words(groups) -> dict:
    """Each group's heading (title, path) by key, each shown notification's text by id."""
    return {
        "headings": {group.key: subject_heading(group.latest) for group in groups},
        "texts": {event.id: render(event) for group in groups for event in group.events},
    }


@bp.get("/notifications")
@roles_required(*Role.MEMBERS)
def index():
    return render_template(
        "notifications/index.html",
        back=request.full_path.rstrip("?"),
        **_page_context(request.args),
    )


def _read_message(count: int) -> str:
    if not count:
        return _("Aucune notification non lue.")
    return ngettext(
        "%(num)d notification marquée comme lue.",
        "%(num)d notifications marquées comme lues.",
        count,
    )


def _mark_group(kind: selectors.GroupKind, ref: int):
    check_button()
    outcome = run_write(
        lambda: services.mark_group_read(user=current_user, kind=kind, ref=ref),
        success=_read_message,
        quiet=True,
    )
    return _group_answer(kind, ref, outcome.message, "success" if outcome.value else "info")


def _group_answer(kind: selectors.GroupKind, ref: int, message: str, category: str):
    """The group swapped in place for htmx; back to the group on the page otherwise."""
    if is_htmx():
        group = selectors.notification_group(current_user.id, kind, ref)
        return fragment(
            "notifications/_group_response.html",
            message=message,
            group=group,
            key=f"{kind}-{ref}",
            back=_back(),
            **_words([group] if group else []),
        )
    flash(message, category)
    return redirect(f"{_back()}#group-{kind}-{ref}")


@bp.post("/notifications/wishes/<int:wish_id>/read")
@roles_required(*Role.MEMBERS)
def mark_wish_read(wish_id: int):
    return _mark_group("wish", wish_id)


@bp.post("/notifications/roadmap/<int:item_id>/read")
@roles_required(*Role.MEMBERS)
def mark_item_read(item_id: int):
    return _mark_group("item", item_id)


@bp.post("/notifications/<int:notification_id>/read")
@roles_required(*Role.MEMBERS)
def mark_read(notification_id: int):
    """One notification; the page shows it as a group of its own when it is about
    neither a wish nor a roadmap item."""
    check_button()
    outcome = run_write(
        lambda: services.mark_read(user=current_user, notification_id=notification_id),
        success=_("Notification marquée comme lue."),
        quiet=True,
    )
    return _group_answer("single", notification_id, outcome.message, outcome.category)


@bp.post("/notifications/read-all")
@roles_required(*Role.MEMBERS)
def mark_all_read():
    check_button()
    outcome = run_write(
        lambda: services.mark_all_read(user=current_user), success=_read_message, quiet=True
    )
    if is_htmx():
        return fragment(
            "notifications/_list_response.html",
            message=outcome.message,
            back=_back(),
            # The page the list came from, to swap it with the same groups.
            **_page_context(MultiDict(parse_qsl(urlsplit(_back()).query))),
        )
    flash(outcome.message, "success" if outcome.value else "info")
    return redirect(_back())
