"""The API's shared shapes: the closed object, the error, the page, the types of
dates and links, and the checks of request members that speak the reader's language.

Descriptions are lazy strings, so the document speaks the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import Select, select

from app import models
from app.converters import DB_INT_MAX
from app.extensions import db
from app.models import RoadmapStatus, WishStatus
from app.public_url import external_url_for
from app.selectors.pagination import Page, paginate
from app.services.dates import date_problem

if TYPE_CHECKING:
    from app.api.queries import PageQuery

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


def respond(model: type[BaseModel], data: Mapping[str, object], status: int = 200) -> Response:
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


LATE = _l("En retard : sa période visée est terminée et il n'est ni livré ni abandonné.")


class PageOf(Schema):
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0)


def page_envelope(page: Page, items: Sequence[Mapping[str, object]]) -> dict[str, Any]:
    return {"items": items, "page": page.page, "per_page": page.per_page, "total": page.total}


def respond_page(
    model: type[PageOf],
    query: Select[Any],
    paging: PageQuery,
    serialise: Callable[[list[Any]], Sequence[Mapping[str, object]]],
) -> Response:
    """One page of what ``query`` selects, its rows serialised together by ``serialise``
    (which may read what the whole page needs at once), in the page envelope."""
    page = paginate(query, page=paging.page, per_page=paging.per_page)
    return respond(model, page_envelope(page, serialise(page.items)))


def url_for_api(endpoint: str, **values: Any) -> str:
    return external_url_for(endpoint, **values)


# --- request bodies --------------------------------------------------------------------
# Each member is checked by a validator that speaks the reader's language; the body is
# checked whole, so a client learns every refused field at once (``params.body_of``).


def refuse(message: str) -> PydanticCustomError:
    # The message goes in the context: a refused value quoted in it is never a template.
    return PydanticCustomError("refused", "{message}", {"message": str(message)})


def as_text(value: Any) -> str:
    if not isinstance(value, str):
        raise refuse(_("Texte attendu."))
    return value


def as_nullable_text(value: Any) -> str | None:
    return None if value is None else as_text(value)


def as_whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(_("Nombre entier attendu."))
    if abs(value) > DB_INT_MAX:
        raise refuse(_("Nombre trop grand."))
    return value


def as_nullable_whole(value: Any) -> int | None:
    return None if value is None else as_whole(value)


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


Text = Annotated[str, PlainValidator(as_text, json_schema_input_type=str)]
NullableText = Annotated[
    str | None, PlainValidator(as_nullable_text, json_schema_input_type=str | None)
]
Whole = Annotated[int, PlainValidator(as_whole, json_schema_input_type=int)]
NullableWhole = Annotated[
    int | None, PlainValidator(as_nullable_whole, json_schema_input_type=int | None)
]
InputDate = Annotated[
    date | None,
    PlainValidator(_date),
    WithJsonSchema({"type": ["string", "null"], "format": "date"}),
]


class Body(Schema):
    """A request body: members absent from it are left out of ``model_fields_set``."""

    model_config = ConfigDict(validate_assignment=True)
