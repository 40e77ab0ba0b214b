"""The Rencontre cycle's operations in the OpenAPI document (DESIGN §8): events,
workshops, dot votes, the board, the restitution with the vendor's answers, and the
review. Their bodies are the models of ``app.api.schemas.rencontre``."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask_babel import gettext as _

from app.api.openapi.common import (
    STRING,
    operation,
    path_id,
    query_params,
)
from app.api.queries import PageQuery

_operation = partial(operation, "rencontres")


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
            "get": _operation(
                "listEvents",
                _("Rencontres et leurs ateliers"),
                members,
                ("200", _("Une page de rencontres."), "EventPage"),
                params=query_params(PageQuery),
                errors=("401", "403", "422"),
            )
        },
        "/events/{slug}": {
            "get": _operation(
                "getEvent",
                _("Une rencontre et ses ateliers"),
                members,
                ("200", _("La rencontre."), "Event"),
                params=[_slug()],
                errors=("401", "403", "404"),
            )
        },
        "/workshops/{id}": {
            "patch": _operation(
                "updateWorkshop",
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
            "put": _operation(
                "setDots",
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
            "get": _operation(
                "getBoard",
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
            "get": _operation(
                "getRestitution",
                _("La restitution figée, les réponses et l'avancement d'aujourd'hui"),
                members,
                restitution,
                params=[_slug()],
                errors=("401", "403", "404"),
            ),
            "post": _operation(
                "freezeRestitution",
                _("Figer la restitution (une seule fois)"),
                staff,
                ("201", _("La restitution figée."), "Restitution"),
                params=[_slug()],
                description=_("Une seconde fois : 409. Les votes des ateliers se ferment."),
                errors=("401", "403", "404", "409"),
            ),
        },
        "/events/{slug}/restitution/{wish_id}/answer": {
            "put": _operation(
                "answerRestitution",
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
            "post": _operation(
                "publishRestitution",
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
            "get": _operation(
                "getReview",
                _("Le bilan : promis et livré, à l'heure ou en retard"),
                members,
                ("200", _("Le bilan."), "Review"),
                params=[_slug()],
                errors=("401", "403", "404"),
            )
        },
    }
