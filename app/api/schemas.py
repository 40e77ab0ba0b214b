"""The API's bodies, described once: each class is a JSON shape of the contract.

Every response body is checked and written by its model (``respond``); the OpenAPI
document's components are their JSON Schemas (``components``). Descriptions are lazy
strings, so the document speaks the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic.json_schema import models_json_schema
from pydantic_core import PydanticCustomError
from sqlalchemy import select

from app import models
from app.converters import DB_INT_MAX
from app.extensions import db
from app.models import TERRITORY_KINDS, RoadmapStatus, WishStatus
from app.public_url import external_url_for
from app.selectors.funding import Funding as FundingState
from app.selectors.late import item_is_late
from app.selectors.pagination import Page
from app.selectors.timeline import TimelineEntry as TimelineRow
from app.services.dates import date_problem
from app.services.wishes import BODY_MAX, PROVIDERS_ASKING_MAX, TITLE_MAX, TITLE_MIN

REF_TEMPLATE = "#/components/schemas/{model}"


def iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


# Values reach the models as JSON text already (``iso``: Python's "+00:00", where
# Pydantic would write "Z"), so these types only say what the text holds.
DateTime = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
NullableDateTime = Annotated[
    str | None, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})
]
NullableDate = Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "date"})]
Uri = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]
NullableUri = Annotated[str | None, WithJsonSchema({"type": ["string", "null"], "format": "uri"})]
WISH_STATUS = {"type": "string", "enum": list(WishStatus.ALL)}
ROADMAP_STATUS = {"type": "string", "enum": list(RoadmapStatus.ALL)}
WishStatusName = Annotated[str, WithJsonSchema(WISH_STATUS)]
RoadmapStatusName = Annotated[str, WithJsonSchema(ROADMAP_STATUS)]


class Schema(BaseModel):
    """A closed JSON object: every member listed, no other allowed."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def respond(model: type[BaseModel], data: dict[str, Any], status: int = 200) -> Response:
    """``data`` checked against ``model`` and written by it, in one pass over the whole
    body: faster than a model built per object, and than ``jsonify``."""
    body = model.model_validate(data).model_dump_json(by_alias=True)
    return Response(body, status=status, mimetype="application/json")


class ErrorDetail(Schema):
    code: str = Field(examples=["validation_failed"])
    message: str
    fields: dict[str, str] = Field(description=_l("Message par champ invalide (422)."))


class Error(Schema):
    error: ErrorDetail


class Territory(Schema):
    id: int
    slug: str
    name: str
    kind: Annotated[str, WithJsonSchema({"type": "string", "enum": list(TERRITORY_KINDS)})]
    region: str
    department_code: str | None
    sit: str | None
    providers_count: int
    joined_year: int | None


class Product(Schema):
    id: int
    slug: str
    name: str
    description: str


class Category(Schema):
    id: int
    slug: str
    name: str


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


LATE = _l("En retard : sa période visée est terminée et il n'est ni livré ni abandonné.")


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


class PageOf(Schema):
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0)


class TerritoryPage(PageOf):
    items: list[Territory]


class ProductPage(PageOf):
    items: list[Product]


class CategoryPage(PageOf):
    items: list[Category]


class WishPage(PageOf):
    items: list[Wish]


class CommentPage(PageOf):
    items: list[Comment]


class RoadmapItemPage(PageOf):
    items: list[RoadmapItem]


class ShippedPage(PageOf):
    items: list[ShippedItem]


RESPONSES: tuple[type[BaseModel], ...] = (
    Error,
    TerritoryPage,
    ProductPage,
    CategoryPage,
    WishPage,
    WishDetail,
    VoteState,
    CommentPage,
    RoadmapItemPage,
    ShippedPage,
    SimilarWishes,
)


def _named(schema: dict[str, Any]) -> dict[str, Any]:
    """Drop the titles Pydantic derives from member names (the names say it already) and
    the defaults of absent members (what an absent member means is the operation's)."""
    schema.pop("title", None)
    for member in schema.get("properties", {}).values():
        member.pop("title", None)
        member.pop("default", None)
    return schema


_COMPONENTS: dict[str, dict[str, Any]] | None = None


def components() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every model, by the name the document refers to it."""
    global _COMPONENTS
    if _COMPONENTS is None:
        _refs, top = models_json_schema(
            [(model, "serialization") for model in RESPONSES]
            + [(model, "validation") for model in REQUESTS],
            ref_template=REF_TEMPLATE,
        )
        _COMPONENTS = {name: _named(schema) for name, schema in top["$defs"].items()}
    return _COMPONENTS


def page_envelope(page: Page, items: Sequence[Mapping[str, object]]) -> dict[str, Any]:
    return {"items": items, "page": page.page, "per_page": page.per_page, "total": page.total}


def url_for_api(endpoint: str, **values: Any) -> str:
    return external_url_for(endpoint, **values)


def territory(t: models.Territory) -> dict[str, Any]:
    return {
        "id": t.id,
        "slug": t.slug,
        "name": t.name,
        "kind": t.kind,
        "region": t.region,
        "department_code": t.department_code,
        "sit": t.sit,
        "providers_count": t.providers_count,
        "joined_year": t.joined_year,
    }


def product(p: models.Product) -> dict[str, Any]:
    return {"id": p.id, "slug": p.slug, "name": p.name, "description": p.description or ""}


def category(c: models.Category) -> dict[str, Any]:
    return {"id": c.id, "slug": c.slug, "name": c.name}


def wish(w: models.Wish, delivery: str) -> dict[str, Any]:
    return {
        "id": w.id,
        "title": w.title,
        "status": w.status,
        "delivery": delivery,
        "territory": w.territory.slug,
        "product": w.product.slug,
        "category": w.category.slug,
        "votes": w.votes_count,
        "territories_count": w.territories_count,
        "providers_count": w.providers_count,
        "comments_count": w.comments_count,
        "created_at": iso(w.created_at),
        "updated_at": iso(w.updated_at),
        "url": external_url_for("wishes.show", wish_id=w.id),
    }


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


# --- request bodies --------------------------------------------------------------------
# Each member is checked by a validator that speaks the reader's language; the body is
# checked whole, so a client learns every refused field at once (``params.body_of``).


def refuse(message: str) -> PydanticCustomError:
    # The message goes in the context: a refused value quoted in it is never a template.
    return PydanticCustomError("refused", "{message}", {"message": str(message)})


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise refuse(_("Texte attendu."))
    return value


def _nullable_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(_("Nombre entier attendu."))
    if abs(value) > DB_INT_MAX:
        raise refuse(_("Nombre trop grand."))
    return value


def _nullable_whole(value: Any) -> int | None:
    return None if value is None else _whole(value)


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            if (problem := date_problem(parsed)) is not None:
                raise refuse(problem)
            return parsed
    raise refuse(_("Date attendue au format AAAA-MM-JJ."))


def choice(choices: tuple[str, ...], message: str | None = None) -> PlainValidator:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise refuse(_("Texte attendu."))
        if value not in choices:
            raise refuse(
                str(message)
                if message
                else _("Valeur inconnue ; valeurs possibles : %(v)s.", v=", ".join(choices))
            )
        return value

    return PlainValidator(check, json_schema_input_type=str)


def reference(
    model: type[models.Product] | type[models.Category] | type[models.Territory],
    *,
    nullable: bool = True,
) -> PlainValidator:
    """An object named by slug (or id): validated into its id, or null."""

    def check(value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise refuse(_("Identifiant (slug) attendu."))
        if isinstance(value, int) and abs(value) > DB_INT_MAX:
            raise refuse(_("Identifiant inconnu."))
        column = model.id if isinstance(value, int) else model.slug
        found = db.session.execute(select(model.id).where(column == value)).scalar_one_or_none()
        if found is None:
            raise refuse(_("Valeur inconnue : %(v)s.", v=value))
        return found

    return PlainValidator(check, json_schema_input_type=str | int | None if nullable else str | int)


Text = Annotated[str, PlainValidator(_text, json_schema_input_type=str)]
NullableText = Annotated[
    str | None, PlainValidator(_nullable_text, json_schema_input_type=str | None)
]
Whole = Annotated[int, PlainValidator(_whole, json_schema_input_type=int)]
NullableWhole = Annotated[
    int | None, PlainValidator(_nullable_whole, json_schema_input_type=int | None)
]
InputDate = Annotated[
    date | None,
    PlainValidator(_date),
    WithJsonSchema({"type": ["string", "null"], "format": "date"}),
]
ProductRef = Annotated[int | None, reference(models.Product)]
WishProduct = Annotated[int | None, reference(models.Product, nullable=False)]
WishCategory = Annotated[int | None, reference(models.Category, nullable=False)]
WishTerritory = Annotated[int | None, reference(models.Territory, nullable=False)]
WishTitle = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema({"type": "string", "minLength": TITLE_MIN, "maxLength": TITLE_MAX}),
]
WishBody = Annotated[
    str | None,
    PlainValidator(_nullable_text),
    WithJsonSchema({"type": "string", "maxLength": BODY_MAX}),
]
WishStatusChoice = Annotated[
    str, choice(WishStatus.ALL, _l("Statut inconnu.")), WithJsonSchema(dict(WISH_STATUS))
]
RoadmapStatusChoice = Annotated[
    str, choice(RoadmapStatus.ALL), WithJsonSchema(dict(ROADMAP_STATUS))
]
ProvidersAsking = Annotated[
    int | None,
    PlainValidator(_nullable_whole),
    WithJsonSchema({"type": ["integer", "null"], "minimum": 0, "maximum": PROVIDERS_ASKING_MAX}),
]


class Body(Schema):
    """A request body: members absent from it are left out of ``model_fields_set``."""

    model_config = ConfigDict(validate_assignment=True)


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
        str, PlainValidator(_text), WithJsonSchema({"type": "string", "maxLength": 10000})
    ]


class MergeRequest(Body):
    into: Annotated[int, PlainValidator(_whole), WithJsonSchema({"type": "integer"})] = Field(
        description=_l("Souhait qui absorbe celui-ci.")
    )
    note: NullableText = None


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


REQUESTS: tuple[type[BaseModel], ...] = (
    WishCreate,
    WishUpdate,
    VoteRequest,
    CommentCreate,
    MergeRequest,
    PledgeRequest,
    RoadmapItemCreate,
    RoadmapItemUpdate,
)
