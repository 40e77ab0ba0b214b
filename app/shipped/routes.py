"""What shipped: delivered roadmap items, newest first, and their Atom feed."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import NamedTuple

from flask import make_response, render_template, request
from flask_babel import gettext as _

from app.decorators import public_roadmap
from app.extensions import db
from app.http_input import clamp_page
from app.markdown import render_markdown
from app.public_url import external_url_for
from app.selectors import catalog
from app.selectors import roadmap as selectors
from app.selectors.delivery import deliveries_for
from app.selectors.pagination import paginate
from app.shipped import bp

FEED_SIZE = 50


class ShownWish(NamedTuple):
    """A wish an item answers, as the page shows it: values, part of a kept piece's key."""

    id: int
    title: str
    delivery: str
    territory: str


def _shown_wishes(wishes: dict, deliveries: dict[int, str]) -> dict[int, tuple[ShownWish, ...]]:
    return {
        item_id: tuple(ShownWish(w.id, w.title, deliveries[w.id], w.territory.name) for w in group)
        for item_id, group in wishes.items()
    }


def _details(items) -> dict:
    ids = [item.id for item in items]
    wishes = selectors.wishes_by_item(ids)
    all_wishes = [w for group in wishes.values() for w in group]
    return {
        "wishes": wishes,
        "territories": selectors.territory_names_by_item(ids),
        "deliveries": deliveries_for(all_wishes),
    }


def heading(filters: selectors.ShippedFilters) -> str:
    """The page's and the feed's title, naming the territory, club or product shown."""
    names = selectors.shipped_filter_names(filters)
    who = [names[kind] for kind in ("territory", "club") if kind in names]
    whom = _(" et ").join(who)
    product = names.get("product")
    if who and product:
        return _("Livré pour %(who)s dans %(product)s", who=whom, product=product)
    if who:
        return _("Livré pour %(who)s", who=whom)
    if product:
        return _("Livré dans %(product)s", product=product)
    return _("Nouveautés livrées")


@bp.get("/shipped")
@public_roadmap
def index():
    filters = selectors.ShippedFilters.from_args(request.args)
    page_number, per_page = clamp_page(
        request.args.get("page"), request.args.get("per_page"), default_per_page=20
    )
    page = paginate(selectors.shipped_items(filters), page=page_number, per_page=per_page)
    details = _details(page.items)
    return render_template(
        "shipped/index.html",
        heading=heading(filters),
        page=page,
        filters=filters,
        errors=filters.errors(),
        choices=catalog.list_filter_choices(),
        shown_wishes=_shown_wishes(details["wishes"], details["deliveries"]),
        territories=details["territories"],
    )


@bp.get("/shipped.atom")
@public_roadmap
def feed():
    filters = selectors.ShippedFilters.from_args(request.args)
    items = list(
        db.session.execute(selectors.shipped_items(filters).limit(FEED_SIZE)).unique().scalars()
    )

    def published(item) -> datetime:
        if item.shipped_on is None:
            return item.updated_at
        return datetime.combine(item.shipped_on, time(12, 0), tzinfo=UTC)

    updated = max((max(published(i), i.updated_at) for i in items), default=None)
    body = render_template(
        "shipped/feed.xml",
        heading=heading(filters),
        items=items,
        published=published,
        updated=(updated or datetime(2000, 1, 1, tzinfo=UTC)),
        absolute_url=external_url_for,
        html_of=lambda item: str(render_markdown(item.description)),
        feed_args=filters.active(),
        **_details(items),
    )
    resp = make_response(body)
    resp.headers["Content-Type"] = "application/atom+xml; charset=utf-8"
    return resp
