"""Territories, products and categories: the vocabulary the other endpoints use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response
from sqlalchemy import Select, select

from app.api import bp, schemas
from app.api.auth import members
from app.api.params import query_of
from app.api.queries import CatalogQuery
from app.models import Category, Product, Territory
from app.selectors import catalog as catalog_selectors

_M = TypeVar("_M", Territory, Product, Category)


def _listing(
    query: Select[_M], serialise: Callable[[_M], dict[str, Any]], model: type[schemas.PageOf]
) -> Response:
    return schemas.respond_page(
        model, query, query_of(CatalogQuery), lambda rows: [serialise(o) for o in rows]
    )


@bp.get("/territories")
@members
def territories() -> Response:
    query = select(Territory).where(Territory.active.is_(True)).order_by(Territory.name)
    return _listing(query, schemas.territory, schemas.TerritoryPage)


@bp.get("/products")
@members
def products() -> Response:
    query = catalog_selectors.active_entries_query(Product)
    return _listing(query, schemas.product, schemas.ProductPage)


@bp.get("/categories")
@members
def categories() -> Response:
    query = catalog_selectors.active_entries_query(Category)
    return _listing(query, schemas.category, schemas.CategoryPage)
