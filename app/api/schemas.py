"""Serialisers: model objects to the JSON shapes documented in openapi.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import current_app

from app.models import (
    ApiToken,
    Category,
    Comment,
    Product,
    RoadmapItem,
    StatusChange,
    Territory,
    Wish,
)
from app.public_url import external_url_for
from app.selectors.funding import Funding
from app.selectors.pagination import Page
from app.services.late import item_is_late


def iso(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


def page_envelope(page: Page, items: list[dict]) -> dict[str, Any]:
    return {"items": items, "page": page.page, "per_page": page.per_page, "total": page.total}


def _url(endpoint: str, **values) -> str | None:
    if endpoint not in current_app.view_functions:
        return None
    return external_url_for(endpoint, **values)


def url_for_api(endpoint: str, **values) -> str:
    return external_url_for(endpoint, **values)


def territory(t: Territory) -> dict[str, Any]:
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


def product(p: Product) -> dict[str, Any]:
    return {"id": p.id, "slug": p.slug, "name": p.name, "description": p.description or ""}


def category(c: Category) -> dict[str, Any]:
    return {"id": c.id, "slug": c.slug, "name": c.name}


def wish(w: Wish, delivery: str) -> dict[str, Any]:
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


def history_entry(h: StatusChange) -> dict[str, Any]:
    return {
        "at": iso(h.created_at),
        "by": h.actor.display_name if h.actor is not None else None,
        "kind": h.kind,
        "from": h.from_value,
        "to": h.to_value,
        "note": h.note or "",
    }


def timeline_entry(e) -> dict[str, Any]:
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


def roadmap_summary(item: RoadmapItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "status": item.status,
        "target": item.target,
        "release": item.release,
        "shipped_on": iso(item.shipped_on),
        "late": item_is_late(item),
        "url": _url("roadmap.show", item_id=item.id),
    }


def wish_detail(
    w: Wish,
    delivery: str,
    *,
    supporters: list[str],
    roadmap_items: list[RoadmapItem],
    history: list[StatusChange],
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


def comment(c: Comment) -> dict[str, Any]:
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


def funding(f: Funding) -> dict[str, Any]:
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
    item: RoadmapItem, *, wish_ids: list[int], territories_count: int, funding: dict[str, Any]
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
        "url": _url("roadmap.show", item_id=item.id),
    }


def token(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.id,
        "name": t.name,
        "prefix": t.prefix,
        "created_at": iso(t.created_at),
        "last_used_at": iso(t.last_used_at),
        "revoked_at": iso(t.revoked_at),
    }


def shipped_item(item: RoadmapItem, wishes: list[tuple[int, str, str]]) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "description": item.description or "",
        "product": item.product.slug if item.product is not None else None,
        "shipped_on": iso(item.shipped_on),
        "release": item.release,
        "wishes": [{"id": i, "title": t, "territory": s} for i, t, s in wishes],
        "url": _url("roadmap.show", item_id=item.id),
    }
