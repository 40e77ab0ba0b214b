"""The API's bodies, described once: each class is a JSON shape of the contract, in the
module of its resource.

Every response body is checked and written by its model (``respond``); the OpenAPI
document's components are their JSON Schemas (``components``). Descriptions are lazy
strings, so the document speaks the reader's language.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from app.api.schemas.catalog import (
    CategoryPage,
    ProductPage,
    TerritoryPage,
    category,
    product,
    territory,
)
from app.api.schemas.common import (
    REF_TEMPLATE,
    ROADMAP_STATUS,
    WISH_STATUS,
    Error,
    PageOf,
    iso,
    page_envelope,
    respond,
    respond_page,
    url_for_api,
)
from app.api.schemas.rencontre import (
    AnswerRequest,
    Board,
    DotsRequest,
    DotsState,
    Event,
    EventPage,
    Restitution,
    RestitutionEntry,
    Review,
    WorkshopSummary,
    WorkshopUpdate,
)
from app.api.schemas.roadmap import (
    PledgeRequest,
    RoadmapItem,
    RoadmapItemCreate,
    RoadmapItemPage,
    RoadmapItemUpdate,
    ShippedPage,
    funding,
    roadmap_item,
    shipped_item,
)
from app.api.schemas.wishes import (
    Comment,
    CommentCreate,
    CommentPage,
    MergeRequest,
    SimilarWishes,
    VoteRequest,
    VoteState,
    WishCreate,
    WishDetail,
    WishPage,
    WishUpdate,
    comment,
    wish,
    wish_detail,
    wish_items,
)

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
    EventPage,
    Event,
    WorkshopSummary,
    DotsState,
    Board,
    Restitution,
    RestitutionEntry,
    Review,
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


REQUESTS: tuple[type[BaseModel], ...] = (
    WishCreate,
    WishUpdate,
    VoteRequest,
    CommentCreate,
    MergeRequest,
    PledgeRequest,
    RoadmapItemCreate,
    RoadmapItemUpdate,
    WorkshopUpdate,
    DotsRequest,
    AnswerRequest,
)

__all__ = [
    "AnswerRequest",
    "Board",
    "CategoryPage",
    "Comment",
    "CommentCreate",
    "CommentPage",
    "DotsRequest",
    "DotsState",
    "Error",
    "Event",
    "EventPage",
    "MergeRequest",
    "PageOf",
    "PledgeRequest",
    "ProductPage",
    "REQUESTS",
    "RESPONSES",
    "ROADMAP_STATUS",
    "Restitution",
    "RestitutionEntry",
    "Review",
    "RoadmapItem",
    "RoadmapItemCreate",
    "RoadmapItemPage",
    "RoadmapItemUpdate",
    "ShippedPage",
    "SimilarWishes",
    "TerritoryPage",
    "VoteRequest",
    "VoteState",
    "WISH_STATUS",
    "WishCreate",
    "WishDetail",
    "WishPage",
    "WishUpdate",
    "WorkshopSummary",
    "WorkshopUpdate",
    "category",
    "comment",
    "components",
    "funding",
    "iso",
    "page_envelope",
    "product",
    "respond",
    "respond_page",
    "roadmap_item",
    "shipped_item",
    "territory",
    "url_for_api",
    "wish",
    "wish_detail",
    "wish_items",
]
