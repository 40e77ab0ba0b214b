"""Territories, products and categories."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import WithJsonSchema

from app import models
from app.api.schemas.common import PageOf, Schema
from app.models import TERRITORY_KINDS


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


class TerritoryPage(PageOf):
    items: list[Territory]


class ProductPage(PageOf):
    items: list[Product]


class CategoryPage(PageOf):
    items: list[Category]


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
