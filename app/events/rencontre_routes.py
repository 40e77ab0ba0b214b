"""Pages of the Rencontre cycle: the workshop board for the projector, dot voting from a
phone, opening the vote, the frozen restitution with its answers, and the review."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import labels
from app.decorators import roles_required
from app.errors import or_404
from app.events import bp
from app.http_input import int_or_none
from app.i18n import ngettext
from app.models import Event, Role, Workshop
from app.selectors import catalog
from app.selectors import events as event_selectors
from app.selectors import rencontre as selectors
from app.services import permissions
from app.services import rencontre as services
from app.spreadsheet import csv_download
from app.writes import check_button, run_write


def event_or_404(slug: str) -> Event:
    return or_404(event_selectors.event_by_slug(slug))


def workshop_or_404(slug: str, workshop_slug: str) -> tuple[Event, Workshop]:
    event = event_or_404(slug)
    return event, or_404(event_selectors.workshop_by_slug(event, workshop_slug))


def _int_form(name: str) -> int | None:
    return int_or_none(request.form.get(name))


@bp.get("/events/<slug>/workshops/<workshop_slug>/board")
@roles_required(*Role.MEMBERS)
def board(slug: str, workshop_slug: str):
    event, workshop = workshop_or_404(slug, workshop_slug)
    return render_template(
        "events/board.html",
        event=event,
        workshop=workshop,
        board=selectors.board(workshop),
        territory_names={t.slug: t.name for t in catalog.active_territories()},
        can_facilitate=permissions.is_staff(current_user),
    )


@bp.post("/events/<slug>/workshops/<workshop_slug>/open")
@roles_required(*Role.STAFF)
def workshop_open(slug: str, workshop_slug: str):
    check_button()
    _event, workshop = workshop_or_404(slug, workshop_slug)
    wanted = request.form.get("open") == "1"
    run_write(
        lambda: services.workshop_update(
            actor=current_user, workshop_id=workshop.id, is_open=wanted
        ),
        success=_("Vote ouvert.") if wanted else _("Vote fermé."),
        abort_on=(),
    )
    target = request.form.get("next")
    if target == "show":
        return redirect(url_for("events.show", slug=slug))
    return redirect(url_for("events.board", slug=slug, workshop_slug=workshop_slug))


def _vote_territory(event: Event):
    """The territory the page votes for: the referent's own; staff pick one (on behalf)."""
    if current_user.role == Role.REFERENT:
        return current_user.territory
    wanted = (request.values.get("territory") or "").strip()
    if not wanted:
        return None
    return next((t for t in catalog.active_territories() if t.slug == wanted), None)


@bp.route("/events/<slug>/workshops/<workshop_slug>/vote", methods=["GET", "POST"])
@roles_required(Role.REFERENT, *Role.STAFF)
def vote(slug: str, workshop_slug: str):
    event, workshop = workshop_or_404(slug, workshop_slug)
    territory = _vote_territory(event)
    if request.method == "POST":
        check_button()
        wish_id, count = _int_form("wish_id"), _int_form("count")
        if territory is None or wish_id is None or count is None:
            abort(400)
        run_write(
            lambda: services.dots_set(
                actor=current_user,
                workshop_id=workshop.id,
                wish_id=wish_id,
                count=max(count, 0),
                territory_id=territory.id,
            ),
            abort_on=(404,),
        )
        return redirect(
            url_for(
                "events.vote",
                slug=slug,
                workshop_slug=workshop_slug,
                territory=territory.slug if current_user.role != Role.REFERENT else None,
                _anchor=f"wish-{wish_id}",
            )
        )
    rows = selectors.board_rows(workshop.id)
    mine = selectors.territory_dots(workshop.id, territory.id) if territory else {}
    used = sum(v.count for v in mine.values())
    return render_template(
        "events/vote.html",
        event=event,
        workshop=workshop,
        rows=rows,
        mine={wish_id: v.count for wish_id, v in mine.items()},
        used=used,
        budget=event.dots_per_territory,
        territory=territory,
        territories=catalog.active_territories() if current_user.role != Role.REFERENT else [],
        on_behalf=current_user.role != Role.REFERENT,
    )


# --- restitution ----------------------------------------------------------------------


def _restitution_action(
    slug: str,
    write: Callable[[Event], object],
    success: str | Callable[[Any], str],
    abort_on: tuple[int, ...] = (),
    anchor: str | None = None,
):
    """A staff button on the restitution: CSRF-checked, one write, back to the page."""
    check_button()
    event = event_or_404(slug)
    run_write(lambda: write(event), success=success, abort_on=abort_on)
    return redirect(url_for("events.restitution", slug=slug, _anchor=anchor))


@bp.post("/events/<slug>/restitution/freeze")
@roles_required(*Role.STAFF)
def restitution_freeze(slug: str):
    return _restitution_action(
        slug,
        lambda event: services.restitution_freeze(actor=current_user, event_id=event.id),
        _("Restitution figée : la liste remise à l'éditeur ne changera plus."),
    )


@bp.post("/events/<slug>/restitution/<int:wish_id>/answer")
@roles_required(*Role.STAFF)
def restitution_answer(slug: str, wish_id: int):
    return _restitution_action(
        slug,
        lambda event: services.answer_set(
            actor=current_user,
            event_id=event.id,
            wish_id=wish_id,
            decision=request.form.get("decision", ""),
            target=request.form.get("target") or None,
            text=request.form.get("text", ""),
        ),
        _("Réponse enregistrée (brouillon jusqu'à la publication)."),
        abort_on=(404,),
        anchor=f"entry-{wish_id}",
    )


@bp.post("/events/<slug>/restitution/publish")
@roles_required(*Role.STAFF)
def restitution_publish(slug: str):
    return _restitution_action(
        slug,
        lambda event: services.restitution_publish(actor=current_user, event_id=event.id),
        lambda published: ngettext(
            "%(num)d réponse publiée ; les personnes concernées sont prévenues.",
            "%(num)d réponses publiées ; les personnes concernées sont prévenues.",
            published,
        ),
    )


FROZEN_COLUMNS = (
    "workshop",
    "rank",
    "id",
    "title",
    "territory",
    "dots",
    "territories_count",
    "status_at_freeze",
    "decision",
    "target",
    "answer",
    "delivery",
    "delivered_on",
    "late",
)


def frozen_restitution_csv(event: Event) -> Response:
    """The frozen list, the answers and today's delivery side by side."""
    frozen = selectors.restitution(event, staff=permissions.is_staff(current_user))
    today = date.today()
    rows = []
    for view in frozen.entries:
        answer = view.answer
        rows.append(
            {
                "workshop": view.workshop.title if view.workshop else "",
                "rank": view.entry.rank,
                "id": view.wish.id,
                "title": view.wish.title,
                "territory": view.wish.territory.name,
                "dots": view.entry.dots,
                "territories_count": view.entry.territories_count,
                "status_at_freeze": labels.label(
                    labels.WISH_STATUS_LABELS, view.entry.status_at_freeze
                ),
                "decision": labels.label(labels.ANSWER_DECISION_LABELS, answer.decision)
                if answer
                else "",
                "target": (answer.target or "") if answer else "",
                "answer": answer.answer_text if answer else "",
                "delivery": labels.label(labels.DELIVERY_LABELS, view.delivery),
                "delivered_on": view.delivered_on.isoformat() if view.delivered_on else "",
                "late": _("oui") if view.late(today) else "",
            }
        )
    headers = [
        _("Atelier"),
        _("Rang"),
        _("N°"),
        _("Souhait"),
        _("Territoire déposant"),
        _("Gommettes"),
        _("Nombre de territoires"),
        _("Statut à la restitution"),
        _("Réponse de l'éditeur"),
        _("Échéance"),
        _("Texte de la réponse"),
        _("Avancement aujourd'hui"),
        _("Livré le"),
        _("En retard"),
    ]
    return csv_download(FROZEN_COLUMNS, rows, f"restitution-{event.slug}.csv", headers)


# --- review ---------------------------------------------------------------------------


@bp.get("/events/<slug>/review")
@roles_required(*Role.MEMBERS)
def review(slug: str):
    event = event_or_404(slug)
    return render_template("events/review.html", event=event, review=selectors.review(event))


# --- preparing the next meeting -------------------------------------------------------


@bp.post("/events/<slug>/agenda")
@roles_required(Role.REFERENT, *Role.STAFF)
def agenda(slug: str):
    check_button()
    event = event_or_404(slug)
    workshop = next((w for w in event.workshops if w.id == _int_form("workshop")), None)
    wish_ids = []
    for raw in request.form.getlist("wish"):
        try:
            wish_id = int(raw)
        except ValueError:
            abort(400)
        if not 0 < wish_id <= 2_147_483_647:
            abort(400)
        wish_ids.append(wish_id)
    if workshop is None or not wish_ids:
        flash(_("Choisissez un atelier et au moins un souhait."), "error")
        return redirect(url_for("events.show", slug=slug, _anchor="agenda"))
    title = workshop.title
    run_write(
        lambda: services.agenda_add(actor=current_user, workshop=workshop, wish_ids=wish_ids),
        success=lambda added: ngettext(
            "%(num)d souhait ajouté à l'ordre du jour de « %(title)s ».",
            "%(num)d souhaits ajoutés à l'ordre du jour de « %(title)s ».",
            added,
            title=title,
        ),
        abort_on=(403,),
    )
    return redirect(url_for("events.show", slug=slug, _anchor="agenda"))
