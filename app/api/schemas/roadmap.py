"""Roadmap items, their funding and what was shipped; the bodies that create, edit and
fund them."""

from __future__ import annotations

from typing import Annotated, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from app import models
from app.api.schemas.common import (
    LATE,
    ROADMAP_STATUS,
    Body,
    DateTime,
    InputDate,
    NullableDate,
    NullableDateTime,
    NullableText,
    NullableUri,
    NullableWhole,
    PageOf,
    RoadmapStatusName,
    Schema,
    Text,
    choice,
    iso,
    reference,
    refuse,
    url_for_api,
)
from app.models import RoadmapStatus
from app.selectors.funding import Funding as FundingState
from app.selectors.late import item_is_late


class Pledge(Schema):
    territory: str
    amount: int
    updated_at: DateTime


class Funding(Schema):
    goal: int | None = Field(
        description=_l("Objectif de cofinancement en euros (devis de l'éditeur).")
    )
    pledged: int = Field(description=_l("Total promis, en euros."))
    territories: list[str] = Field(description=_l("Slugs des territoires qui ont promis."))
    reached: bool
    deadline: NullableDate
    confirmed: bool = Field(
        description=_l("Confirmé par l'éditeur : les promesses sont verrouillées.")
    )
    confirmed_at: NullableDateTime
    pledges: list[Pledge]


class RoadmapItem(Schema):
    id: int
    title: str
    description: str
    status: RoadmapStatusName
    product: str | None
    target: str | None = Field(description=_l("Période visée : « 2027 » ou « 2027-T2 »."))
    release: str | None
    shipped_on: NullableDate
    late: bool = Field(description=LATE)
    external_ref: str | None = Field(
        description=_l("Référence dans l'outil de suivi de l'éditeur.")
    )
    external_url: NullableUri = Field(
        description=_l(
            "Lien vers ce ticket, d'après l'adresse des tickets du produit ; "
            "null sans référence ou sans adresse."
        )
    )
    wishes: list[int] = Field(description=_l("Ids des souhaits liés."))
    territories_count: int
    funding: Funding
    version: int = Field(
        description=_l("À renvoyer dans PATCH pour éviter d'écraser une modification.")
    )
    created_at: DateTime
    updated_at: DateTime
    url: NullableUri


class ShippedWish(Schema):
    id: int
    title: str
    territory: str


class ShippedItem(Schema):
    id: int
    title: str
    description: str
    product: str | None
    shipped_on: NullableDate
    release: str | None
    wishes: list[ShippedWish]
    url: NullableUri


class RoadmapItemPage(PageOf):
    items: list[RoadmapItem]


class ShippedPage(PageOf):
    items: list[ShippedItem]


def funding(f: FundingState) -> dict[str, Any]:
    return {
        "goal": f.goal,
        "pledged": f.pledged,
        "territories": [p.territory.slug for p in f.pledges],
        "reached": f.reached,
        "deadline": iso(f.deadline),
        "confirmed": f.confirmed,
        "confirmed_at": iso(f.confirmed_at),
        "pledges": [
            {"territory": p.territory.slug, "amount": p.amount, "updated_at": iso(p.updated_at)}
            for p in f.pledges
        ],
    }


def roadmap_item(
    item: models.RoadmapItem,
    *,
    wish_ids: list[int],
    territories_count: int,
    funding: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description or "",
        "status": item.status,
        "product": item.product.slug if item.product is not None else None,
        "target": item.target,
        "release": item.release,
        "shipped_on": iso(item.shipped_on),
        "late": item_is_late(item),
        "external_ref": item.external_ref,
        "external_url": item.external_url,
        "wishes": wish_ids,
        "territories_count": territories_count,
        "funding": funding,
        "version": item.version,
        "created_at": iso(item.created_at),
        "updated_at": iso(item.updated_at),
        "url": url_for_api("roadmap.show", item_id=item.id),
    }


def shipped_item(item: models.RoadmapItem, wishes: list[tuple[int, str, str]]) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description or "",
        "product": item.product.slug if item.product is not None else None,
        "shipped_on": iso(item.shipped_on),
        "release": item.release,
        "wishes": [{"id": i, "title": t, "territory": s} for i, t, s in wishes],
        "url": url_for_api("roadmap.show", item_id=item.id),
    }


ProductRef = Annotated[int | None, reference(models.Product)]


RoadmapStatusChoice = Annotated[
    str, choice(RoadmapStatus.ALL), WithJsonSchema(dict(ROADMAP_STATUS))
]


def _euros(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(_("Un nombre entier d'euros."))
    return value


def _goal(value: Any) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise refuse(_("Un nombre entier d'euros, positif, ou null."))
    return value


class PledgeRequest(Body):
    amount: Annotated[
        int, PlainValidator(_euros), WithJsonSchema({"type": "integer", "minimum": 1})
    ] = Field(description=_l("Euros."))


class RoadmapItemCreate(Body):
    title: Text
    description: NullableText = None
    product: ProductRef = None
    target: NullableText = None
    external_ref: NullableText = None
    status: RoadmapStatusChoice = ""


class RoadmapItemUpdate(Body):
    title: Text = ""
    description: NullableText = None
    product: ProductRef = None
    target: NullableText = None
    external_ref: NullableText = None
    status: RoadmapStatusChoice = ""
    note: NullableText = None
    release: NullableText = None
    shipped_on: InputDate = None
    version: NullableWhole = None
    funding_goal: Annotated[
        int | None,
        PlainValidator(_goal),
        WithJsonSchema({"type": ["integer", "null"], "minimum": 1}),
    ] = Field(None, description=_l("Objectif de cofinancement en euros ; null le retire."))
    funding_deadline: InputDate = None
