"""The Rencontre cycle's part of the OpenAPI document (DESIGN §8): events, workshops,
dot votes, the board, the restitution with the vendor's answers, and the review."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.api.openapi import (
    BOOLEAN,
    INTEGER,
    NULLABLE_DATE,
    NULLABLE_STRING,
    NULLABLE_URI,
    STRING,
    WISH_STATUS,
    obj,
    operation,
    page_of,
    path_id,
    query_params,
    ref,
)
from app.api.queries import PageQuery
from app.models import AnswerDecision
from app.services.rencontre import ANSWER_TEXT_MAX, DOTS_MAX, TOPIC_MAX

TAG = "rencontres"
NULLABLE_DATE_TIME = {"type": ["string", "null"], "format": "date-time"}


def _figures() -> dict[str, Any]:
    return {
        "retained": INTEGER,
        "delivered": INTEGER,
        "on_time": INTEGER,
        "late": INTEGER,
        "pending": INTEGER,
    }


def schemas() -> dict[str, Any]:
    answer = obj(
        {
            "decision": {"type": "string", "enum": list(AnswerDecision.ALL)},
            "target": NULLABLE_STRING,
            "text": STRING,
            "published": BOOLEAN,
            "answered_at": NULLABLE_DATE_TIME,
        }
    )
    return {
        "WorkshopSummary": obj(
            {
                "id": INTEGER,
                "slug": STRING,
                "title": STRING,
                "open": {"type": "boolean", "description": _("Vote aux gommettes ouvert.")},
            }
        ),
        "Event": obj(
            {
                "id": INTEGER,
                "slug": STRING,
                "name": STRING,
                "location": STRING,
                "starts_on": NULLABLE_DATE,
                "ends_on": NULLABLE_DATE,
                "dots_per_territory": {
                    "type": "integer",
                    "description": _("Gommettes de chaque territoire par atelier."),
                },
                "restitution_frozen_at": NULLABLE_DATE_TIME,
                "restitution_published": BOOLEAN,
                "workshops": {"type": "array", "items": ref("WorkshopSummary")},
                "url": NULLABLE_URI,
            }
        ),
        "EventPage": page_of("Event"),
        "WorkshopUpdate": obj(
            {
                "open": {"type": "boolean", "description": _("Ouvrir ou fermer le vote.")},
                "topic": {"type": "string", "maxLength": TOPIC_MAX},
            },
            [],
        ),
        "DotsRequest": obj(
            {
                "count": {"type": "integer", "minimum": 0, "maximum": DOTS_MAX},
                "territory": {
                    "type": "string",
                    "description": _(
                        "Éditeur, administrateur : le territoire au nom duquel les gommettes "
                        "sont posées (slug). Un référent vote pour le sien."
                    ),
                },
            },
            ["count"],
        ),
        "DotsState": obj(
            {
                "workshop": INTEGER,
                "wish_id": INTEGER,
                "territory": STRING,
                "count": INTEGER,
                "on_behalf": BOOLEAN,
                "used": {"type": "integer", "description": _("Gommettes posées dans l'atelier.")},
                "budget": INTEGER,
            }
        ),
        "BoardWish": obj({"id": INTEGER, "title": STRING, "territory": STRING}),
        "BoardItem": obj(
            {
                "wish": ref("BoardWish"),
                "dots": INTEGER,
                "territories": {
                    "type": "integer",
                    "description": _("Territoires qui ont posé des gommettes."),
                },
            }
        ),
        "Board": obj(
            {
                "workshop": obj({"id": INTEGER, "slug": STRING, "title": STRING, "event": STRING}),
                "open": BOOLEAN,
                "budget": INTEGER,
                "items": {"type": "array", "items": ref("BoardItem")},
            }
        ),
        "EntryWish": obj(
            {"id": INTEGER, "title": STRING, "territory": STRING, "url": NULLABLE_URI}
        ),
        "Answer": answer,
        "RestitutionEntry": obj(
            {
                "wish": ref("EntryWish"),
                "workshop": NULLABLE_STRING,
                "rank": {"type": "integer", "description": _("Rang dans l'atelier.")},
                "dots": INTEGER,
                "territories_count": INTEGER,
                "status_at_freeze": WISH_STATUS,
                "answer": {
                    "anyOf": [ref("Answer"), {"type": "null"}],
                    "description": _(
                        "Réponse de l'éditeur : visible de tous une fois publiée, "
                        "brouillon visible de l'éditeur seul."
                    ),
                },
                "delivery": {"type": "string", "description": _("Avancement aujourd'hui.")},
            }
        ),
        "Restitution": obj(
            {
                "event": STRING,
                "frozen_at": NULLABLE_DATE_TIME,
                "published": BOOLEAN,
                "entries": {"type": "array", "items": ref("RestitutionEntry")},
            }
        ),
        "AnswerRequest": obj(
            {
                "decision": {"type": "string", "enum": list(AnswerDecision.ALL)},
                "target": {
                    "type": ["string", "null"],
                    "description": _("Échéance (« 2027 » ou « 2027-T2 ») ; obligatoire si retenu."),
                },
                "text": {"type": "string", "maxLength": ANSWER_TEXT_MAX},
            },
            ["decision"],
        ),
        "ReviewItem": obj(
            {
                "wish": ref("EntryWish"),
                "answer": ref("Answer"),
                "target": NULLABLE_STRING,
                "delivery": STRING,
                "delivered_on": NULLABLE_DATE,
                "late": BOOLEAN,
            }
        ),
        "Review": obj(
            {
                "event": STRING,
                "summary": obj(_figures()),
                "territories": {
                    "type": "array",
                    "items": obj({"territory": STRING, "name": STRING, **_figures()}),
                },
                "clubs": {
                    "type": "array",
                    "items": obj({"club": STRING, "name": STRING, **_figures()}),
                },
                "items": {"type": "array", "items": ref("ReviewItem")},
            }
        ),
    }


def _slug() -> dict[str, Any]:
    return {
        "name": "slug",
        "in": "path",
        "required": True,
        "description": _("Identifiant de la rencontre."),
        "schema": STRING,
    }


def paths() -> dict[str, Any]:
    members = _("membre de club, référent, éditeur, administrateur.")
    staff = _("éditeur, administrateur.")
    voters = _(
        "référent (pour son territoire), éditeur et administrateur (au nom d'un territoire)."
    )
    workshop_id = path_id("id", _("Id de l'atelier."))
    wish_id = path_id("wish_id", _("Id du souhait."))
    restitution = ("200", _("La restitution."), "Restitution")
    return {
        "/events": {
            "get": operation(
                "listEvents",
                TAG,
                _("Rencontres et leurs ateliers"),
                members,
                ("200", _("Une page de rencontres."), "EventPage"),
                params=query_params(PageQuery),
                errors=("401", "403", "422"),
            )
        },
        "/events/{slug}": {
            "get": operation(
                "getEvent",
                TAG,
                _("Une rencontre et ses ateliers"),
                members,
                ("200", _("La rencontre."), "Event"),
                params=[_slug()],
                errors=("401", "403", "404"),
            )
        },
        "/workshops/{id}": {
            "patch": operation(
                "updateWorkshop",
                TAG,
                _("Ouvrir ou fermer le vote d'un atelier, modifier son thème"),
                staff,
                ("200", _("L'atelier."), "WorkshopSummary"),
                params=[workshop_id],
                body=("WorkshopUpdate", {"open": True}),
                description=_("Le vote ne rouvre pas une fois la restitution figée : 409."),
                errors=("400", "401", "403", "404", "409", "422"),
            )
        },
        "/workshops/{id}/dots/{wish_id}": {
            "put": operation(
                "setDots",
                TAG,
                _("Poser les gommettes d'un territoire sur un souhait de l'atelier"),
                voters,
                ("200", _("Les gommettes du territoire."), "DotsState"),
                params=[workshop_id, wish_id],
                body=("DotsRequest", {"count": 2}),
                description=_(
                    "« count » remplace le nombre précédent ; 0 retire les gommettes. "
                    "Budget dépassé ou atelier fermé : 409. Souhait hors de l'atelier : 404."
                ),
                errors=("400", "401", "403", "404", "409", "422"),
            )
        },
        "/workshops/{id}/board": {
            "get": operation(
                "getBoard",
                TAG,
                _("Le tableau de l'atelier, classé par gommettes puis territoires"),
                members,
                ("200", _("Le classement."), "Board"),
                params=[
                    workshop_id,
                    {
                        "name": "If-None-Match",
                        "in": "header",
                        "required": False,
                        "description": _("ETag reçu : 304 sans corps si rien n'a changé."),
                        "schema": STRING,
                    },
                ],
                description=_("Réponse avec un ETag ; interroger toutes les 2 secondes suffit."),
                errors=("401", "403", "404"),
            )
        },
        "/events/{slug}/restitution": {
            "get": operation(
                "getRestitution",
                TAG,
                _("La restitution figée, les réponses et l'avancement d'aujourd'hui"),
                members,
                restitution,
                params=[_slug()],
                errors=("401", "403", "404"),
            ),
            "post": operation(
                "freezeRestitution",
                TAG,
                _("Figer la restitution (une seule fois)"),
                staff,
                ("201", _("La restitution figée."), "Restitution"),
                params=[_slug()],
                description=_("Une seconde fois : 409. Les votes des ateliers se ferment."),
                errors=("401", "403", "404", "409"),
            ),
        },
        "/events/{slug}/restitution/{wish_id}/answer": {
            "put": operation(
                "answerRestitution",
                TAG,
                _("Répondre à un souhait de la restitution (brouillon)"),
                staff,
                ("200", _("L'entrée et sa réponse."), "RestitutionEntry"),
                params=[_slug(), wish_id],
                body=(
                    "AnswerRequest",
                    {"decision": "retained", "target": "2027-T2", "text": "Prévu au printemps."},
                ),
                errors=("400", "401", "403", "404", "422"),
            )
        },
        "/events/{slug}/restitution/publish": {
            "post": operation(
                "publishRestitution",
                TAG,
                _("Publier les réponses et prévenir les personnes concernées"),
                staff,
                restitution,
                params=[_slug()],
                description=_(
                    "Notifie les abonnés des souhaits et les référents des territoires "
                    "concernés. Rien à publier ou restitution non figée : 409."
                ),
                errors=("401", "403", "404", "409"),
            )
        },
        "/events/{slug}/review": {
            "get": operation(
                "getReview",
                TAG,
                _("Le bilan : promis et livré, à l'heure ou en retard"),
                members,
                ("200", _("Le bilan."), "Review"),
                params=[_slug()],
                errors=("401", "403", "404"),
            )
        },
    }
