"""Wishes, their detail, support, comments and similar titles; the bodies that file,
edit, support, comment and merge them."""

from __future__ import annotations

from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from app import models
from app.api.schemas.common import (
    LATE,
    WISH_STATUS,
    Body,
    DateTime,
    NullableDate,
    NullableDateTime,
    NullableText,
    NullableUri,
    PageOf,
    RoadmapStatusName,
    Schema,
    Uri,
    WishStatusName,
    as_nullable_text,
    as_nullable_whole,
    as_text,
    as_whole,
    choice,
    iso,
    reference,
    url_for_api,
)
from app.models import WishStatus
from app.public_url import external_id_url, external_url_for
from app.selectors.late import item_is_late
from app.selectors.pagination import Page
from app.selectors.timeline import TimelineEntry as TimelineRow
from app.selectors.wishes import WishSummary
from app.services.wish_rules import BODY_MAX, PROVIDERS_ASKING_MAX, TITLE_MAX, TITLE_MIN


class Wish(Schema):
    id: int
    title: str
    status: WishStatusName
    delivery: str = Field(
        description=_l(
            "Avancement dérivé des éléments de feuille de route liés (statut du souhait "
            "si aucun, « shipped », « partially_shipped » ou le statut le plus avancé)."
        )
    )
    territory: str = Field(description=_l("Slug du territoire déposant."))
    product: str = Field(description=_l("Slug du produit."))
    category: str = Field(description=_l("Slug de la catégorie."))
    votes: int = Field(description=_l("Nombre de soutiens."))
    territories_count: int = Field(
        description=_l("Nombre de territoires distincts qui soutiennent.")
    )
    providers_count: int = Field(description=_l("Prestataires des territoires qui soutiennent."))
    comments_count: int
    created_at: DateTime
    updated_at: DateTime
    url: Uri = Field(description=_l("Page du souhait."))


class HistoryEntry(Schema):
    at: DateTime
    by: str | None = Field(description=_l("Nom de l'auteur."))
    kind: str = Field(
        description=_l("created, status, link, unlink, merge, merged_from, official_answer…")
    )
    from_: str | None = Field(alias="from")
    to: str | None
    note: str


class TimelineItem(Schema):
    id: int
    title: str
    release: str | None
    shipped_on: NullableDate


class TimelineEntry(Schema):
    at: DateTime
    by: str | None = Field(description=_l("Nom de l'auteur."))
    kind: str = Field(
        description=_l(
            "created, supported, status, link, unlink, merge, merged_from, "
            "official_answer, item_status, item_shipped…"
        )
    )
    from_: str | None = Field(alias="from")
    to: str | None
    note: str
    territory: str | None = Field(description=_l("Territoire qui soutient (soutiens seulement)."))
    roadmap_item: TimelineItem | None


class RoadmapItemSummary(Schema):
    id: int
    title: str
    status: RoadmapStatusName
    target: str | None
    release: str | None
    shipped_on: NullableDate
    late: bool = Field(description=LATE)
    url: NullableUri


class WishDetail(Wish):
    body: str = Field(description=_l("Description en Markdown."))
    author: str | None
    providers_asking: int | None
    merged_into: int | None = Field(description=_l("Souhait qui a absorbé celui-ci (doublon)."))
    voted: bool = Field(description=_l("Vous soutenez ce souhait."))
    supporters: list[str] = Field(description=_l("Slugs des territoires qui soutiennent."))
    roadmap_items: list[RoadmapItemSummary]
    history: list[HistoryEntry]
    timeline: list[TimelineEntry] = Field(
        description=_l(
            "Toute l'histoire du souhait, du plus ancien au plus récent : son "
            "historique, ses soutiens et les changements de statut des éléments "
            "liés (jusqu'à leur livraison) ; une page à la fois."
        )
    )
    timeline_page: int
    timeline_per_page: int
    timeline_total: int


class VoteState(Schema):
    wish_id: int
    voted: bool
    votes: int
    territories_count: int


class Comment(Schema):
    id: int
    wish_id: int
    body: str
    author: str | None
    is_official: bool
    created_at: DateTime
    edited_at: NullableDateTime
    deleted: bool


class SimilarWish(BaseModel):
    """Open: a suggestion may carry more than these members (its status's label)."""

    model_config = ConfigDict(extra="allow")

    id: int
    title: str
    status: str
    delivery: str
    territory: str
    votes: int
    territories_count: int
    url: str


class SimilarWishes(Schema):
    items: list[SimilarWish]


class WishPage(PageOf):
    items: list[Wish]
    more: bool = Field(
        False,
        description=_l(
            "Une recherche ne compte et ne classe que ses premiers résultats : vrai "
            "quand d'autres souhaits correspondent, au-delà de « total »."
        ),
    )


class CommentPage(PageOf):
    items: list[Comment]


def wish_item(w: WishSummary, delivery: str, url: str) -> dict[str, Any]:
    return {
        "id": w.id,
        "title": w.title,
        "status": w.status,
        "delivery": delivery,
        "territory": w.territory_slug,
        "product": w.product_slug,
        "category": w.category_slug,
        "votes": w.votes_count,
        "territories_count": w.territories_count,
        "providers_count": w.providers_count,
        "comments_count": w.comments_count,
        "created_at": iso(w.created_at),
        "updated_at": iso(w.updated_at),
        "url": url,
    }


def wish_items(rows: list[WishSummary], deliveries: dict[int, str]) -> list[dict[str, Any]]:
    """The items of a page of the list, their links written from one built route."""
    link = external_id_url("wishes.show", "wish_id")
    return [wish_item(w, deliveries[w.id], link(w.id)) for w in rows]


def wish(w: models.Wish, delivery: str) -> dict[str, Any]:
    return wish_item(WishSummary.of(w), delivery, external_url_for("wishes.show", wish_id=w.id))


def history_entry(h: models.StatusChange) -> dict[str, Any]:
    return {
        "at": iso(h.created_at),
        "by": h.actor.display_name if h.actor is not None else None,
        "kind": h.kind,
        "from": h.from_value,
        "to": h.to_value,
        "note": h.note or "",
    }


def timeline_entry(e: TimelineRow) -> dict[str, Any]:
    return {
        "at": iso(e.at),
        "by": e.actor,
        "kind": e.kind,
        "from": e.from_value,
        "to": e.to_value,
        "note": e.note,
        "territory": e.territory,
        "roadmap_item": (
            {
                "id": e.item_id,
                "title": e.item_title,
                "release": e.release,
                "shipped_on": iso(e.shipped_on),
            }
            if e.item_id is not None
            else None
        ),
    }


def roadmap_summary(item: models.RoadmapItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "status": item.status,
        "target": item.target,
        "release": item.release,
        "shipped_on": iso(item.shipped_on),
        "late": item_is_late(item),
        "url": url_for_api("roadmap.show", item_id=item.id),
    }


def wish_detail(
    w: models.Wish,
    delivery: str,
    *,
    supporters: list[str],
    roadmap_items: list[models.RoadmapItem],
    history: list[models.StatusChange],
    timeline: Page,
    voted: bool,
) -> dict[str, Any]:
    return {
        **wish(w, delivery),
        "body": w.body or "",
        "author": w.author.display_name if w.author is not None else None,
        "providers_asking": w.providers_asking,
        "merged_into": w.merged_into_id,
        "voted": voted,
        "supporters": supporters,
        "roadmap_items": [roadmap_summary(i) for i in roadmap_items],
        "history": [history_entry(h) for h in history],
        "timeline": [timeline_entry(e) for e in timeline.items],
        "timeline_page": timeline.page,
        "timeline_per_page": timeline.per_page,
        "timeline_total": timeline.total,
    }


def comment(c: models.Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "wish_id": c.wish_id,
        "body": c.body,
        "author": c.author.display_name if c.author is not None else None,
        "is_official": bool(c.is_official),
        "created_at": iso(c.created_at),
        "edited_at": iso(c.edited_at),
        "deleted": c.deleted_at is not None,
    }


WishProduct = Annotated[int | None, reference(models.Product, nullable=False)]
WishCategory = Annotated[int | None, reference(models.Category, nullable=False)]
WishTerritory = Annotated[int | None, reference(models.Territory, nullable=False)]
WishTitle = Annotated[
    str,
    PlainValidator(as_text),
    WithJsonSchema({"type": "string", "minLength": TITLE_MIN, "maxLength": TITLE_MAX}),
]
WishBody = Annotated[
    str | None,
    PlainValidator(as_nullable_text),
    WithJsonSchema({"type": "string", "maxLength": BODY_MAX}),
]
WishStatusChoice = Annotated[
    str, choice(WishStatus.ALL, _l("Statut inconnu.")), WithJsonSchema(dict(WISH_STATUS))
]


ProvidersAsking = Annotated[
    int | None,
    PlainValidator(as_nullable_whole),
    WithJsonSchema({"type": ["integer", "null"], "minimum": 0, "maximum": PROVIDERS_ASKING_MAX}),
]


class WishCreate(Body):
    title: WishTitle
    body: WishBody = None
    product: WishProduct = Field(description=_l("Slug ou id."))
    category: WishCategory = Field(description=_l("Slug ou id."))
    territory: WishTerritory = Field(
        None,
        description=_l(
            "Slug ou id ; obligatoire pour l'éditeur, un référent dépose pour son territoire."
        ),
    )
    providers_asking: ProvidersAsking = None


class WishUpdate(Body):
    title: WishTitle = ""
    body: WishBody = None
    product: WishProduct = None
    category: WishCategory = None
    providers_asking: ProvidersAsking = None
    status: WishStatusChoice = Field("", description=_l("Tri (éditeur, administrateur)."))
    note: NullableText = Field(None, description=_l("Note jointe au changement de statut."))


class VoteRequest(Body):
    territory: WishTerritory = Field(
        None, description=_l("Éditeur : enregistrer le soutien au nom de ce territoire (slug).")
    )


class CommentCreate(Body):
    body: Annotated[
        str, PlainValidator(as_text), WithJsonSchema({"type": "string", "maxLength": 10000})
    ]


class MergeRequest(Body):
    into: Annotated[int, PlainValidator(as_whole), WithJsonSchema({"type": "integer"})] = Field(
        description=_l("Souhait qui absorbe celui-ci.")
    )
    note: NullableText = None
