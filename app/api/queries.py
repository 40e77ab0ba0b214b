"""The API's query strings, described once: each class is what one endpoint reads.

``params.query_of`` validates ``request.args`` through them (a blank parameter is an
absent one); ``openapi.common.query_params`` makes their ``parameters`` list from the same
models. Messages speak the reader's language, descriptions are lazy strings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, ClassVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from app.api.schemas.common import refuse
from app.converters import DB_INT_MAX
from app.http_input import clamp_page
from app.models import RoadmapStatus, WishStatus
from app.selectors.timeline import TIMELINE_PER_PAGE
from app.selectors.wishes import SORTS

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 50
MAX_PAGE = 1_000_000


def whole(minimum: int) -> Callable[[str], int]:
    """A whole number between ``minimum`` and the database's range."""

    def check(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise refuse(_("Nombre entier attendu.")) from None
        if value < minimum:
            raise refuse(_("Nombre entier supérieur ou égal à %(min)d attendu.", min=minimum))
        if value > DB_INT_MAX:
            raise refuse(_("Nombre trop grand."))
        return value

    return check


def _page(raw: str) -> int:
    value = whole(1)(raw)
    if value > MAX_PAGE:
        raise refuse(_("Page trop grande."))
    return value


def _per_page(raw: str) -> int:
    # A larger page is not refused: it is served at the largest size.
    return min(whole(1)(raw), MAX_PER_PAGE)


def _flag(raw: str) -> bool:
    value = raw.lower()
    if value in ("0", "false"):
        return False
    if value in ("1", "true"):
        return True
    raise refuse(_("Valeur inconnue ; valeurs possibles : %(v)s.", v="true, false"))


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(raw).date()
    except ValueError:
        raise refuse(_("Date attendue au format AAAA-MM-JJ.")) from None


def one_of(choices: tuple[str, ...]) -> PlainValidator:
    """A value among ``choices``."""

    def check(raw: str) -> str:
        if raw not in choices:
            raise refuse(_("Valeur inconnue ; valeurs possibles : %(v)s.", v=", ".join(choices)))
        return raw

    return PlainValidator(check)


def enum(choices: tuple[str, ...]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(choices)})


INTEGER_FROM_1 = {"type": "integer", "minimum": 1}
Whole = Annotated[int, PlainValidator(whole(0)), WithJsonSchema({"type": "integer", "minimum": 0})]
PageNumber = Annotated[int, PlainValidator(_page), WithJsonSchema(INTEGER_FROM_1)]
PageSize = Annotated[int, PlainValidator(_per_page), WithJsonSchema(INTEGER_FROM_1)]
Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]
Day = Annotated[
    date | None, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]
WishStatusName = Annotated[str, one_of(WishStatus.ALL), enum(WishStatus.ALL)]
RoadmapStatusName = Annotated[str, one_of(RoadmapStatus.ALL), enum(RoadmapStatus.ALL)]


class Query(BaseModel):
    """A query string: parameters not listed are ignored, as a browser's would be."""

    model_config = ConfigDict(extra="ignore")

    # Parameters refused with 400 "bad_request" rather than 422 (a client's bug, not data).
    malformed: ClassVar[frozenset[str]] = frozenset()


PAGE = _l("Page, à partir de 1.")
PER_PAGE = _l("Éléments par page (100 au plus ; une valeur plus grande est ramenée à 100).")


class PageQuery(Query):
    page: PageNumber = Field(1, description=PAGE)
    per_page: PageSize = Field(DEFAULT_PER_PAGE, description=PER_PAGE)


class CatalogQuery(PageQuery):
    per_page: PageSize = Field(MAX_PER_PAGE, description=PER_PAGE)


class WishListQuery(PageQuery):
    q: str = Field("", description=_l("Texte cherché dans le titre et la description."))
    status: WishStatusName = Field(
        "", description=_l("Statut de tri ; par défaut, tous sauf les doublons.")
    )
    product: str = Field("", description=_l("Slug du produit."))
    category: str = Field("", description=_l("Slug de la catégorie."))
    territory: str = Field("", description=_l("Slug du territoire déposant."))
    region: str = Field("", description=_l("Région du territoire déposant."))
    club: str = Field("", description=_l("Slug d'un club : souhaits de ses territoires."))
    event: str = Field("", description=_l("Slug d'une rencontre."))
    mine: Flag = Field(False, description=_l("Seulement les souhaits que j'ai déposés."))
    supported: Flag = Field(False, description=_l("Seulement les souhaits que je soutiens."))
    followed: Flag = Field(False, description=_l("Seulement les souhaits que je suis."))
    sort: Annotated[str, one_of(SORTS), enum(SORTS)] = Field(
        "",
        description=_l(
            "support : territoires puis soutiens puis récents (défaut) ; votes ; new ; "
            "updated ; providers (prestataires de la place de marché des territoires "
            "qui soutiennent) ; providers_asking (prestataires demandeurs déclarés "
            "par l'auteur)."
        ),
        json_schema_extra={"default": "support"},
    )

    @model_validator(mode="after")
    def _default_sort(self) -> WishListQuery:
        # Most relevant first when searching without an explicit sort.
        if not self.sort:
            self.sort = "relevance" if self.q else "support"
        return self


class WishQuery(Query):
    """The timeline's page: lenient, a wish is never refused for it."""

    timeline_page: Annotated[
        int, PlainValidator(lambda raw: clamp_page(raw, None)[0]), WithJsonSchema(INTEGER_FROM_1)
    ] = Field(1, description=_l("Page de la chronologie, à partir de 1."))
    timeline_per_page: Annotated[
        int,
        PlainValidator(lambda raw: clamp_page(None, raw, default_per_page=TIMELINE_PER_PAGE)[1]),
        WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}),
    ] = Field(
        TIMELINE_PER_PAGE,
        description=_l("Événements de la chronologie par page (100 au plus)."),
    )


MAX_SIMILAR_QUERY = 200
MAX_SIMILAR = 10


def _limit(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise refuse(_("Nombre entier attendu.")) from None
    return min(max(1, value), MAX_SIMILAR)


class SimilarQuery(Query):
    malformed: ClassVar[frozenset[str]] = frozenset({"limit"})

    q: Annotated[
        str, PlainValidator(lambda raw: raw[:MAX_SIMILAR_QUERY]), WithJsonSchema({"type": "string"})
    ] = Field("", description=_l("Titre en cours de saisie."))
    limit: Annotated[
        int,
        PlainValidator(_limit),
        WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_SIMILAR}),
    ] = Field(5, description=_l("Nombre de suggestions (10 au plus)."))
    exclude: Whole = Field(0, description=_l("Id d'un souhait à ne pas proposer (celui modifié)."))


class RoadmapQuery(PageQuery):
    status: RoadmapStatusName = Field("", description=_l("Statut."))
    product: str = Field("", description=_l("Slug du produit."))
    target: str = Field("", description=_l("Période visée (« 2027 », « 2027-T2 »)."))
    late: Annotated[str, one_of(("0", "1")), enum(("", "0", "1"))] = Field(
        "", description=_l("1 : seulement les éléments en retard.")
    )


class ShippedQuery(PageQuery):
    territory: str = Field(
        "",
        description=_l("Slug : éléments liés à un souhait que ce territoire a déposé ou soutient."),
    )
    club: str = Field("", description=_l("Slug : la même chose pour un territoire du club."))
    since: Day = Field(None, description=_l("Livrés depuis cette date (AAAA-MM-JJ)."))
