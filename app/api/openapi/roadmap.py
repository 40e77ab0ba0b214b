"""The roadmap's operations in the OpenAPI document: items, funding, linked wishes and
what was shipped."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask_babel import gettext as _

from app.api.openapi.common import STRING, operation, path_id, query_params
from app.api.queries import (
    RoadmapQuery,
    ShippedQuery,
)

_operation = partial(operation, "feuille de route")


def paths() -> dict[str, Any]:
    staff = _("éditeur, administrateur.")
    anyone = _("tous, sans identification tant que la feuille de route est publique.")
    item_id = path_id("id", _("Id de l'élément de feuille de route."))
    link_params = [item_id, path_id("wish_id", _("Id du souhait."))]
    pledgers = _("référent (pour son territoire), administrateur.")
    pledge_params = [
        item_id,
        {
            "name": "territory_slug",
            "in": "path",
            "required": True,
            "description": _("Slug du territoire."),
            "schema": STRING,
        },
    ]
    linked_wishes = ("200", _("L'élément et ses souhaits liés."), "RoadmapItem")
    return {
        "/roadmap": {
            "get": _operation(
                "listRoadmap",
                _("Éléments de la feuille de route"),
                anyone,
                ("200", _("Une page d'éléments."), "RoadmapItemPage"),
                params=query_params(RoadmapQuery),
                public=True,
                errors=("401", "422"),
            ),
            "post": _operation(
                "createRoadmapItem",
                _("Créer un élément de feuille de route"),
                staff,
                ("201", _("L'élément créé."), "RoadmapItem"),
                body=(
                    "RoadmapItemCreate",
                    {"title": "Tarifs saisonniers", "product": "open-pro", "target": "2027-T2"},
                ),
                errors=("400", "401", "403", "422"),
            ),
        },
        "/roadmap/{id}": {
            "get": _operation(
                "getRoadmapItem",
                _("Un élément de la feuille de route"),
                anyone,
                ("200", _("L'élément."), "RoadmapItem"),
                params=[item_id],
                public=True,
                errors=("401", "404"),
            ),
            "patch": _operation(
                "updateRoadmapItem",
                _("Modifier un élément ou changer son statut"),
                staff,
                ("200", _("L'élément modifié."), "RoadmapItem"),
                params=[item_id],
                body=(
                    "RoadmapItemUpdate",
                    {"status": "shipped", "release": "2027.2", "shipped_on": "2027-05-12"},
                ),
                description=_(
                    "« status » avec « note », « release » et « shipped_on » change le statut "
                    "(historique, notifications) ; les autres champs modifient l'élément. "
                    "« version » : 409 si l'élément a changé entre-temps."
                ),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
        },
        "/roadmap/{id}/pledges/{territory_slug}": {
            "put": _operation(
                "pledgeFunding",
                _("Promettre un cofinancement pour un territoire (ou changer le montant)"),
                pledgers,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=pledge_params,
                body=("PledgeRequest", {"amount": 1500}),
                description=_(
                    "409 si l'élément n'a pas d'objectif, si le financement est confirmé "
                    "(promesses verrouillées) ou si la date limite est passée."
                ),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
            "delete": _operation(
                "withdrawPledge",
                _("Retirer la promesse d'un territoire (idempotent)"),
                pledgers,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=pledge_params,
                description=_("409 une fois le financement confirmé par l'éditeur."),
                errors=("401", "403", "404", "409"),
            ),
        },
        "/roadmap/{id}/funding/confirm": {
            "post": _operation(
                "confirmFunding",
                _("Confirmer le cofinancement (objectif atteint) et verrouiller les promesses"),
                staff,
                ("200", _("L'élément et son financement."), "RoadmapItem"),
                params=[item_id],
                errors=("401", "403", "404", "409"),
            ),
        },
        "/roadmap/{id}/wishes/{wish_id}": {
            "put": _operation(
                "linkWish",
                _("Lier un souhait à l'élément (idempotent)"),
                staff,
                linked_wishes,
                params=link_params,
                errors=("401", "403", "404", "409"),
            ),
            "delete": _operation(
                "unlinkWish",
                _("Délier un souhait de l'élément (idempotent)"),
                staff,
                linked_wishes,
                params=link_params,
                errors=("401", "403", "404"),
            ),
        },
        "/shipped": {
            "get": _operation(
                "listShipped",
                _("Ce qui a été livré, du plus récent au plus ancien"),
                anyone,
                ("200", _("Une page d'éléments livrés."), "ShippedPage"),
                params=query_params(ShippedQuery),
                public=True,
                errors=("401", "422"),
            )
        },
    }
