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
    """Each member of the schema is the model's attribute of the same name."""
    return {name: getattr(t, name) for name in Territory.model_fields}


def product(p: models.Product) -> dict[str, Any]:
    return {"id": p.id, "slug": p.slug, "name": p.name, "description": p.description or ""}


def category(c: models.Category) -> dict[str, Any]:
    return {"id": c.id, "slug": c.slug, "name": c.name}
