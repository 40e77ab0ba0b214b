"""The Rencontre cycle (DESIGN §8): events and workshops, dot votes, the live board, the
frozen restitution with the vendor's answers, and the review; the bodies that open a
workshop, put dots and answer a wish."""

from __future__ import annotations

from typing import Annotated, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import Field, PlainValidator, WithJsonSchema

from app import models
from app.api.schemas.common import (
    Body,
    NullableDate,
    NullableDateTime,
    NullableUri,
    PageOf,
    Schema,
    WishStatusName,
    as_nullable_text,
    as_text,
    as_whole,
    reference,
    refuse,
)
from app.models import AnswerDecision
from app.services.rencontre import ANSWER_TEXT_MAX, DOTS_MAX, TOPIC_MAX

DECISION = {"type": "string", "enum": list(AnswerDecision.ALL)}


class WorkshopSummary(Schema):
    id: int
    slug: str
    title: str
    open: bool = Field(description=_l("Vote aux gommettes ouvert."))


class Event(Schema):
    id: int
    slug: str
    name: str
    location: str
    starts_on: NullableDate
    ends_on: NullableDate
    dots_per_territory: int = Field(description=_l("Gommettes de chaque territoire par atelier."))
    restitution_frozen_at: NullableDateTime
    restitution_published: bool
    workshops: list[WorkshopSummary]
    url: NullableUri


class EventPage(PageOf):
    items: list[Event]


class DotsState(Schema):
    workshop: int
    wish_id: int
    territory: str
    count: int
    on_behalf: bool
    used: int = Field(description=_l("Gommettes posées dans l'atelier."))
    budget: int


class BoardWish(Schema):
    id: int
    title: str
    territory: str


class BoardItem(Schema):
    wish: BoardWish
    dots: int
    territories: int = Field(description=_l("Territoires qui ont posé des gommettes."))


class BoardWorkshop(Schema):
    id: int
    slug: str
    title: str
    event: str


class Board(Schema):
    workshop: BoardWorkshop
    open: bool
    budget: int
    items: list[BoardItem]


class EntryWish(Schema):
    id: int
    title: str
    territory: str
    url: NullableUri


class Answer(Schema):
    decision: Annotated[str, WithJsonSchema(DECISION)]
    target: str | None
    text: str
    published: bool
    answered_at: NullableDateTime


class RestitutionEntry(Schema):
    wish: EntryWish
    workshop: str | None
    rank: int = Field(description=_l("Rang dans l'atelier."))
    dots: int
    territories_count: int
    status_at_freeze: WishStatusName
    answer: Answer | None = Field(
        description=_l(
            "Réponse de l'éditeur : visible de tous une fois publiée, "
            "brouillon visible de l'éditeur seul."
        )
    )
    delivery: str = Field(description=_l("Avancement aujourd'hui."))


class Restitution(Schema):
    event: str
    frozen_at: NullableDateTime
    published: bool
    entries: list[RestitutionEntry]


class ReviewItem(Schema):
    wish: EntryWish
    answer: Answer
    target: str | None
    delivery: str
    delivered_on: NullableDate
    late: bool


# Answers retained, and of those: delivered (on time or late), still pending.
class Figures(Schema):
    retained: int
    delivered: int
    on_time: int
    late: int
    pending: int


class TerritoryFigures(Figures):
    territory: str
    name: str


class ClubFigures(Figures):
    club: str
    name: str


class Review(Schema):
    event: str
    summary: Figures
    territories: list[TerritoryFigures]
    clubs: list[ClubFigures]
    items: list[ReviewItem]


def as_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise refuse(_("Booléen attendu (true ou false)."))
    return value


class WorkshopUpdate(Body):
    open: Annotated[bool, PlainValidator(as_bool), WithJsonSchema({"type": "boolean"})] = Field(
        False, description=_l("Ouvrir ou fermer le vote.")
    )
    topic: Annotated[
        str, PlainValidator(as_text), WithJsonSchema({"type": "string", "maxLength": TOPIC_MAX})
    ] = ""


class DotsRequest(Body):
    count: Annotated[
        int,
        PlainValidator(as_whole),
        WithJsonSchema({"type": "integer", "minimum": 0, "maximum": DOTS_MAX}),
    ]
    territory: Annotated[
        int | None, reference(models.Territory), WithJsonSchema({"type": "string"})
    ] = Field(
        None,
        description=_l(
            "Éditeur, administrateur : le territoire au nom duquel les gommettes "
            "sont posées (slug). Un référent vote pour le sien."
        ),
    )


class AnswerRequest(Body):
    decision: Annotated[str, PlainValidator(as_text), WithJsonSchema(DECISION)]
    target: Annotated[
        str | None, PlainValidator(as_nullable_text), WithJsonSchema({"type": ["string", "null"]})
    ] = Field(
        None,
        description=_l("Échéance (« 2027 » ou « 2027-T2 ») ; obligatoire si retenu."),
    )
    text: Annotated[
        str,
        PlainValidator(as_text),
        WithJsonSchema({"type": "string", "maxLength": ANSWER_TEXT_MAX}),
    ] = ""
