"""The Rencontre cycle (DESIGN §8): events and workshops, dot votes, the live board, the
frozen restitution with the vendor's answers, and the review a year later."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp, schemas
from app.api.auth import members, roles
from app.api.errors import invalid
from app.api.params import body_of, is_missing, query_of, valid_body
from app.api.queries import PageQuery
from app.extensions import db
from app.models import Event, RestitutionEntry, Role, Territory, Wish, Workshop
from app.selectors import events as event_selectors
from app.selectors import rencontre as selectors
from app.services import permissions
from app.services import rencontre as services
from app.services.errors import found


def _event(slug: str) -> Event:
    return found(event_selectors.event_by_slug(slug), _("Cette rencontre n'existe pas."))


def _workshop(workshop_id: int) -> Workshop:
    return found(selectors.workshop_with_event(workshop_id), _("Cet atelier n'existe pas."))


def workshop_json(workshop: Workshop) -> dict[str, Any]:
    return {
        "id": workshop.id,
        "slug": workshop.slug,
        "title": workshop.title,
        "open": workshop.is_open,
    }


def event_json(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "slug": event.slug,
        "name": event.name,
        "location": event.location or "",
        "starts_on": schemas.iso(event.starts_on),
        "ends_on": schemas.iso(event.ends_on),
        "dots_per_territory": event.dots_per_territory,
        "restitution_frozen_at": schemas.iso(event.restitution_frozen_at),
        "restitution_published": event.restitution_published_at is not None,
        "workshops": [workshop_json(w) for w in event.workshops],
        "url": schemas.url_for_api("events.show", slug=event.slug),
    }


@bp.get("/events")
@members
def events_index() -> Response:
    return schemas.respond_page(
        schemas.EventPage,
        selectors.events_query(),
        query_of(PageQuery),
        lambda events: [event_json(e) for e in events],
    )


@bp.get("/events/<slug>")
@members
def events_show(slug: str) -> Response:
    return schemas.respond(schemas.Event, event_json(_event(slug)))


# --- workshops and dots ---------------------------------------------------------------


@bp.patch("/workshops/<int:workshop_id>")
@roles(*Role.STAFF)
def workshop_update(workshop_id: int) -> Response:
    data, errors = body_of(schemas.WorkshopUpdate)
    is_open, topic = data["open"], data["topic"]
    if not data and not errors:
        raise invalid({}, _("Rien à modifier."))
    if errors:
        raise invalid(errors, _("L'atelier n'a pas été modifié."))
    services.workshop_update(
        actor=current_user,
        workshop_id=workshop_id,
        is_open=None if is_missing(is_open) else is_open,
        topic=None if is_missing(topic) else topic,
    )
    db.session.commit()
    return schemas.respond(schemas.WorkshopSummary, workshop_json(_workshop(workshop_id)))


@bp.put("/workshops/<int:workshop_id>/dots/<int:wish_id>")
@roles(Role.REFERENT, *Role.STAFF)
def dots_put(workshop_id: int, wish_id: int) -> Response:
    data = valid_body(schemas.DotsRequest, _("Les gommettes n'ont pas été posées."))
    count, territory_id = data["count"], data["territory"]
    services.dots_set(
        actor=current_user,
        workshop_id=workshop_id,
        wish_id=wish_id,
        count=count,
        territory_id=None if is_missing(territory_id) else territory_id,
    )
    db.session.commit()
    workshop = _workshop(workshop_id)
    voter = current_user.territory_id if current_user.role == Role.REFERENT else territory_id
    slug = db.session.get_one(Territory, voter).slug
    mine = selectors.territory_dots(workshop_id, voter)
    row = mine.get(wish_id)
    used = sum(v.count for v in mine.values())
    return schemas.respond(
        schemas.DotsState,
        {
            "workshop": workshop.id,
            "wish_id": wish_id,
            "territory": slug,
            "count": row.count if row else 0,
            "on_behalf": bool(row and row.on_behalf),
            "used": used,
            "budget": workshop.event.dots_per_territory,
        },
    )


@bp.get("/workshops/<int:workshop_id>/board")
@members
def workshop_board(workshop_id: int) -> Response:
    board = selectors.board(_workshop(workshop_id))
    etag = board.etag()
    # Phones and the projector poll this: an unchanged board costs no body.
    if etag in request.if_none_match:
        response = Response(status=304, mimetype="application/json")
    else:
        response = schemas.respond(schemas.Board, board.as_json())
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache, private"
    return response


# --- restitution, answers, review -----------------------------------------------------


def _wish_ref(wish: Wish) -> dict[str, Any]:
    return {
        "id": wish.id,
        "title": wish.title,
        "territory": wish.territory.slug,
        "url": schemas.url_for_api("wishes.show", wish_id=wish.id),
    }


def _answer_json(entry: RestitutionEntry) -> dict[str, Any]:
    return {
        "decision": entry.decision,
        "target": entry.target,
        "text": entry.answer_text or "",
        "published": entry.published_at is not None,
        "answered_at": schemas.iso(entry.answered_at),
    }


def restitution_json(frozen: selectors.Restitution) -> dict[str, Any]:
    entries = []
    for view in frozen.entries:
        entry = view.entry
        answer = view.answer
        entries.append(
            {
                "wish": _wish_ref(view.wish),
                "workshop": view.workshop.slug if view.workshop else None,
                "rank": entry.rank,
                "dots": entry.dots,
                "territories_count": entry.territories_count,
                "status_at_freeze": entry.status_at_freeze,
                "answer": _answer_json(answer) if answer is not None else None,
                "delivery": view.delivery,
            }
        )
    return {
        "event": frozen.event.slug,
        "frozen_at": schemas.iso(frozen.event.restitution_frozen_at),
        "published": frozen.published,
        "entries": entries,
    }


def _restitution_response(slug: str) -> Response:
    event = _event(slug)
    frozen = selectors.restitution(event, staff=permissions.is_staff(current_user))
    return schemas.respond(schemas.Restitution, restitution_json(frozen))


def _restitution_after(slug: str, write: Callable[[int], object]) -> Response:
    """Run a write on the event's restitution, commit it, answer with the restitution."""
    write(_event(slug).id)
    db.session.commit()
    return _restitution_response(slug)


@bp.get("/events/<slug>/restitution")
@members
def restitution_show(slug: str) -> Response:
    return _restitution_response(slug)


@bp.post("/events/<slug>/restitution")
@roles(*Role.STAFF)
def restitution_freeze(slug: str) -> Response:
    response = _restitution_after(
        slug, lambda event_id: services.restitution_freeze(actor=current_user, event_id=event_id)
    )
    response.status_code = 201
    return response


@bp.put("/events/<slug>/restitution/<int:wish_id>/answer")
@roles(*Role.STAFF)
def restitution_answer(slug: str, wish_id: int) -> Response:
    event = _event(slug)
    data = valid_body(schemas.AnswerRequest, _("La réponse n'a pas été enregistrée."))
    decision, target, text = data["decision"], data["target"], data["text"]
    services.answer_set(
        actor=current_user,
        event_id=event.id,
        wish_id=wish_id,
        decision=decision,
        target=None if is_missing(target) else target,
        text="" if is_missing(text) else text,
    )
    db.session.commit()
    frozen = selectors.restitution(event, staff=True)
    entry = next(v for v in frozen.entries if v.entry.wish_id == wish_id)
    answered = restitution_json(selectors.Restitution(event, [entry], True))["entries"][0]
    return schemas.respond(schemas.RestitutionEntry, answered)


@bp.post("/events/<slug>/restitution/publish")
@roles(*Role.STAFF)
def restitution_publish(slug: str) -> Response:
    return _restitution_after(
        slug, lambda event_id: services.restitution_publish(actor=current_user, event_id=event_id)
    )


@bp.get("/events/<slug>/review")
@members
def review_show(slug: str) -> Response:
    review = selectors.review(_event(slug))
    items = []
    for item in review.items:
        items.append(
            {
                "wish": _wish_ref(item.view.wish),
                "answer": _answer_json(item.view.entry),
                "target": item.target,
                "delivery": item.view.delivery,
                "delivered_on": schemas.iso(item.delivered_on),
                "late": item.late,
            }
        )
    return schemas.respond(
        schemas.Review,
        {
            "event": review.event.slug,
            "summary": review.summary.as_json(),
            "territories": [
                {"territory": g.slug, "name": g.name, **g.as_json()} for g in review.territories
            ],
            "clubs": [{"club": g.slug, "name": g.name, **g.as_json()} for g in review.clubs],
            "items": items,
        },
    )
