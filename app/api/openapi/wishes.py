"""The catalogue's and the wishes' operations in the OpenAPI document."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask_babel import gettext as _

from app.api.openapi.common import catalogue_list, operation, path_id, query_params
from app.api.queries import (
    PageQuery,
    SimilarQuery,
    WishListQuery,
    WishQuery,
)

_operation = partial(operation, "souhaits")


def paths() -> dict[str, Any]:
    members = _("membre de club, référent, éditeur, administrateur.")
    filers = _("référent (pour son territoire), éditeur, administrateur.")
    staff = _("éditeur, administrateur.")
    wish_id = path_id("id", _("Id du souhait."))
    return {
        "/territories": catalogue_list(
            "listTerritories",
            _("Territoires actifs"),
            ("200", _("Une page de territoires."), "TerritoryPage"),
            members,
        ),
        "/products": catalogue_list(
            "listProducts",
            _("Produits actifs"),
            ("200", _("Une page de produits."), "ProductPage"),
            members,
        ),
        "/categories": catalogue_list(
            "listCategories",
            _("Catégories actives"),
            ("200", _("Une page de catégories."), "CategoryPage"),
            members,
        ),
        "/wishes": {
            "get": _operation(
                "listWishes",
                _("Chercher et classer les souhaits"),
                members,
                ("200", _("Une page de souhaits."), "WishPage"),
                params=query_params(WishListQuery),
                errors=("401", "403", "422"),
            ),
            "post": _operation(
                "createWish",
                _("Déposer un souhait"),
                filers,
                ("201", _("Le souhait déposé (le dépôt compte comme soutien)."), "WishDetail"),
                body=(
                    "WishCreate",
                    {
                        "title": "Tarification par saison dans Open Pro",
                        "body": "Les prestataires demandent des tarifs par saison.",
                        "product": "open-pro",
                        "category": "tarification",
                    },
                ),
                errors=("400", "401", "403", "422"),
            ),
        },
        "/wishes/similar": {
            "get": _operation(
                "similarWishes",
                _("Souhaits proches d'un titre (doublons possibles, pendant la saisie)"),
                members,
                ("200", _("Les souhaits les plus proches."), "SimilarWishes"),
                params=query_params(SimilarQuery),
                errors=("401", "403", "422"),
            )
        },
        "/wishes/{id}": {
            "get": _operation(
                "getWish",
                _("Un souhait, ses soutiens, ses éléments de feuille de route et son historique"),
                members,
                ("200", _("Le souhait."), "WishDetail"),
                params=[wish_id, *query_params(WishQuery)],
                errors=("401", "403", "404"),
            ),
            "patch": _operation(
                "updateWish",
                _("Modifier un souhait ou changer son statut (tri)"),
                _(
                    "modification : l'auteur tant que le souhait est nouveau, éditeur, "
                    "administrateur ; statut : éditeur, administrateur."
                ),
                ("200", _("Le souhait modifié."), "WishDetail"),
                params=[wish_id],
                body=("WishUpdate", {"status": "accepted", "note": "Prévu pour 2027."}),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
        },
        "/wishes/{id}/vote": {
            "put": _operation(
                "voteWish",
                _("Soutenir un souhait (idempotent)"),
                _("référent, éditeur et administrateur rattachés à un territoire ; ")
                + _("l'éditeur peut soutenir au nom d'un territoire (« territory »)."),
                ("200", _("L'état du soutien."), "VoteState"),
                params=[wish_id],
                body=("VoteRequest", {"territory": "ot-vallee-drome"}),
                body_required=False,
                description=_("Un souhait non retenu ou doublon ne reçoit plus de soutien : 409."),
                errors=("400", "401", "403", "404", "409", "422"),
            ),
            "delete": _operation(
                "unvoteWish",
                _("Retirer son soutien (idempotent : sans soutien, ne fait rien)"),
                _("référent, éditeur, administrateur."),
                ("200", _("L'état du soutien."), "VoteState"),
                params=[wish_id],
                errors=("401", "403", "404"),
            ),
        },
        "/wishes/{id}/comments": {
            "get": _operation(
                "listComments",
                _("Commentaires d'un souhait, du plus ancien au plus récent"),
                members,
                ("200", _("Une page de commentaires."), "CommentPage"),
                params=[wish_id, *query_params(PageQuery)],
                errors=("401", "403", "404", "422"),
            ),
            "post": _operation(
                "createComment",
                _("Commenter un souhait"),
                members,
                ("201", _("Le commentaire publié."), "Comment"),
                params=[wish_id],
                body=("CommentCreate", {"body": "Nous avons le même besoin."}),
                errors=("400", "401", "403", "404", "422"),
            ),
        },
        "/wishes/{id}/merge": {
            "post": _operation(
                "mergeWish",
                _("Fusionner un doublon dans un autre souhait"),
                staff,
                ("200", _("Le souhait fusionné (statut « duplicate »)."), "WishDetail"),
                params=[wish_id],
                body=("MergeRequest", {"into": 12}),
                errors=("400", "401", "403", "404", "409", "422"),
            )
        },
    }
