"""Territories, products and categories: the vocabulary the other endpoints use."""

from __future__ import annotations

from sqlalchemy import select

from app.api import bp, schemas
from app.api.auth import members
from app.api.params import pagination
from app.models import Category, Product, Territory
from app.selectors import catalog as catalog_selectors
from app.selectors.pagination import paginate


def _listing(query, serialise, model: type[schemas.PageOf]):
    page_number, per_page = pagination(default_per_page=100)
    page = paginate(query, page=page_number, per_page=per_page)
    return schemas.respond(model, schemas.page_envelope(page, [serialise(o) for o in page.items]))


@bp.get("/territories")
@members
def territories():
    query = select(Territory).where(Territory.active.is_(True)).order_by(Territory.name)
    return _listing(query, schemas.territory, schemas.TerritoryPage)


@bp.get("/products")
@members
def products():
    query = catalog_selectors.active_entries_query(Product)
    return _listing(query, schemas.product, schemas.ProductPage)


@bp.get("/categories")
@members
def categories():
    query = catalog_selectors.active_entries_query(Category)
    return _listing(query, schemas.category, schemas.CategoryPage)
