"""Wish lists: filters, sorts, search, pages and their rows, with eager loading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Self, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, QueryableAttribute, joinedload
from sqlalchemy.sql.base import ExecutableOption

from app.extensions import db
from app.models import (
    ActivityCount,
    ActivityTotal,
    Category,
    Club,
    ClubMembership,
    Event,
    Follow,
    Product,
    Territory,
    Vote,
    Wish,
    WishStatus,
)
from app.search.query import (
    RankedPage,
    parse,
    ranked_page_from_index,
    search_wishes,
    wish_text_condition,
)
from app.selectors.filters import WishScope
from app.selectors.pagination import Page

_Row = TypeVar("_Row")

SORTS = ("support", "votes", "new", "updated", "providers", "providers_asking", "relevance")
# Filters about the signed-in user's own relation to a wish: filed, supported, followed.
PERSONAL = ("mine", "supported", "followed")
TRUE_VALUES = ("1", "true", "on", "yes")


@dataclass
class WishFilters(WishScope):
    q: str = ""
    territory: str = ""
    region: str = ""
    club: str = ""
    event: str = ""
    mine: str = ""
    supported: str = ""
    followed: str = ""
    sort: str = "support"
    # Whose "mine", "supported" and "followed" these are; without one they are ignored.
    viewer_id: int | None = field(default=None, compare=False)

    NOT_ARGUMENTS = ("viewer_id",)

    @classmethod
    def from_args(cls, args: Any, *, viewer_id: int | None = None) -> Self:
        values = cls.read_args(args)
        for name in PERSONAL:
            wanted = values[name].lower() in TRUE_VALUES and viewer_id is not None
            values[name] = "1" if wanted else ""
        if values["sort"] not in SORTS:
            # Most relevant first when searching without an explicit sort.
            values["sort"] = "relevance" if values["q"] else "support"
        return cls(**values, viewer_id=viewer_id)


def order_keys(sort: str) -> list[ColumnElement[Any] | QueryableAttribute[Any]]:
    """The columns a sort ranks by, most significant first, each one descending; the
    last is the id, so that the order is total."""
    if sort == "votes":
        return [Wish.votes_count, Wish.created_at, Wish.id]
    if sort == "new":
        return [Wish.created_at, Wish.id]
    if sort == "updated":
        return [Wish.updated_at, Wish.id]
    if sort == "providers":
        return [Wish.providers_count, Wish.votes_count, Wish.id]
    if sort == "providers_asking":
        # Walks ix_wish_rank_providers_asking backwards; undeclared ranks as none.
        return [
            func.coalesce(Wish.providers_asking, 0),
            Wish.votes_count,
            Wish.created_at,
            Wish.id,
        ]
    return [Wish.territories_count, Wish.votes_count, Wish.created_at, Wish.id]


def order_clauses(sort: str) -> list[ColumnElement[Any]]:
    return [key.desc() for key in order_keys(sort)]


def text_condition(q: str) -> ColumnElement[bool]:
    """French full-text match (accents, case, stems), see ``app.search.query``."""
    return wish_text_condition(q)


def search_suggestion(q: str) -> str | None:
    """The query with its misspelt words corrected, when some were ("Vouliez-vous
    dire…"); read with the search itself, no query of its own."""
    return parse(q).suggestion if q else None


def filtered_wishes(filters: WishFilters) -> Select[Wish]:
    """Wishes matching the filters, without ordering or loading options."""
    return _filtered_ranked(filters)[0]


def _id_by_slug(
    model: type[Product | Category | Territory | Club | Event], slug: str
) -> ScalarSelect[int]:
    """The id of the row with this slug, as a subquery of the list's one statement."""
    return select(model.id).where(model.slug == slug).scalar_subquery()


def _status_conditions(
    filters: WishFilters, status: InstrumentedAttribute[str]
) -> list[ColumnElement[bool]]:
    """The status filter (:meth:`WishScope.status_condition`) as a list of conditions."""
    condition = filters.status_condition(status)
    return [] if condition is None else [condition]


def _catalogue_conditions(
    filters: WishFilters, product_id: QueryableAttribute[int], category_id: QueryableAttribute[int]
) -> list[ColumnElement[bool]]:
    """The product and category filters on ``product_id`` and ``category_id``."""
    conditions: list[ColumnElement[bool]] = []
    if filters.product:
        conditions.append(product_id == _id_by_slug(Product, filters.product))
    if filters.category:
        conditions.append(category_id == _id_by_slug(Category, filters.category))
    return conditions


def _territory_conditions(
    filters: WishFilters, territory_id: QueryableAttribute[int]
) -> list[ColumnElement[bool]]:
    """The filters on the filing territory (itself, its region, its clubs) on
    ``territory_id``: a wish's column, or a counter's."""
    conditions: list[ColumnElement[bool]] = []
    if filters.territory:
        conditions.append(territory_id == _id_by_slug(Territory, filters.territory))
    if filters.region:
        conditions.append(
            territory_id.in_(select(Territory.id).where(Territory.region == filters.region))
        )
    if filters.club:
        members = select(ClubMembership.territory_id).where(
            ClubMembership.club_id == _id_by_slug(Club, filters.club)
        )
        conditions.append(territory_id.in_(members))
    return conditions


def _filtered_ranked(filters: WishFilters) -> tuple[Select[Wish], list[ColumnElement[Any]]]:
    """The filtered query and, when searching, its relevance order clauses."""
    query = select(Wish).where(
        *_status_conditions(filters, Wish.status),
        *_territory_conditions(filters, Wish.territory_id),
    )
    query = query.where(*_catalogue_conditions(filters, Wish.product_id, Wish.category_id))
    if filters.event:
        query = query.where(Wish.event_id == _id_by_slug(Event, filters.event))
    if filters.viewer_id is not None:
        if filters.mine:
            query = query.where(Wish.author_id == filters.viewer_id)
        if filters.supported:
            query = query.where(
                Wish.id.in_(select(Vote.wish_id).where(Vote.user_id == filters.viewer_id))
            )
        if filters.followed:
            query = query.where(
                Wish.id.in_(
                    select(Follow.wish_id).where(
                        Follow.user_id == filters.viewer_id,
                        Follow.active.is_(True),
                        Follow.wish_id.is_not(None),
                    )
                )
            )
    relevance: list[ColumnElement[Any]] = []
    if filters.q:
        query, relevance = search_wishes(query, filters.q)
    return query, relevance


def wish_list(filters: WishFilters) -> Select[Wish]:
    query, relevance = _filtered_ranked(filters)
    order = relevance if filters.sort == "relevance" and relevance else order_clauses(filters.sort)
    return query.options(*list_load_options()).order_by(*order)


def wish_page(filters: WishFilters, *, page: int, per_page: int) -> Page:
    """One page of the list (:class:`WishRow` items) in three queries, two for the
    first: the total, the page's ids (:func:`_total_and_ids`), their rows."""
    total, ids, more = _total_and_ids(filters, page=page, per_page=per_page)
    return Page(items=list_rows(ids), page=page, per_page=per_page, total=total, more=more)


def wish_summary_page(filters: WishFilters, *, page: int, per_page: int) -> Page:
    """One page of the API's list (:class:`WishSummary` items) in three queries, two
    for the first: the total, the page's ids (:func:`_total_and_ids`), their rows."""
    total, ids, more = _total_and_ids(filters, page=page, per_page=per_page)
    return Page(items=summary_rows(ids), page=page, per_page=per_page, total=total, more=more)


def _total_and_ids(
    filters: WishFilters, *, page: int, per_page: int
) -> tuple[int, list[int], bool]:
    """The total of the list, the ids of one page and whether more wishes match than
    the total says, in two queries (the first page, or a search without other filter:
    one, the search's total bounded, see :func:`ranked_page_from_index`).

    The ids come from a bounded query (``ORDER BY … LIMIT n OFFSET m``) that reads only
    what filters and sorts need: an index alone for a column sort (e.g.
    ``ix_wish_rank_support`` for the whole list, ``ix_wish_territory_rank`` for a region,
    both holding the status), the full-text index and its rank when searching. An
    offset walks that many index entries, so a page past the middle of the list is read
    from its end, in the opposite order: the walk is at most half the list."""
    offset = (page - 1) * per_page
    found = _searched_page(filters, page=page, per_page=per_page)
    if found is not None:
        return found.total, found.ids, found.more
    query, relevance = _filtered_ranked(filters)
    count = _count(filters, query)
    if not offset:
        # The first page, nearly every view: its ids and the total in one statement, the
        # total an uncorrelated subquery read once. No row on it: no wish matches.
        order = relevance if filters.sort == "relevance" and relevance else None
        first = query.with_only_columns(Wish.id, count.correlate(None).scalar_subquery())
        rows = db.session.execute(
            first.order_by(*(order or order_clauses(filters.sort))).limit(per_page)
        ).all()
        return (rows[0][1] if rows else 0), [row[0] for row in rows], False
    total = db.session.execute(count).scalar_one()
    if offset >= total:
        return total, [], False
    ids = query.with_only_columns(Wish.id)
    if filters.sort == "relevance" and relevance:
        page_ids = ids.order_by(*relevance).limit(per_page).offset(offset)
    elif offset and total - offset < offset + per_page:
        # The same positions counted from the other end: [total - offset - per_page,
        # total - offset) in ascending order, then turned around.
        end = total - offset
        ascending = [key.asc() for key in order_keys(filters.sort)]
        backwards = (
            ids.order_by(*ascending).limit(min(per_page, end)).offset(max(0, end - per_page))
        )
        return total, list(reversed(db.session.execute(backwards).scalars().all())), False
    else:
        page_ids = ids.order_by(*order_clauses(filters.sort)).limit(per_page).offset(offset)
    return total, list(db.session.execute(page_ids).scalars()), False


def _searched_page(filters: WishFilters, *, page: int, per_page: int) -> RankedPage | None:
    """A search with no other filter, most relevant first: its bounded total and the
    page's ids in one pass over its first matches (None for any other list)."""
    if filters.sort != "relevance" or not filters.active().keys() <= {"q", "sort"}:
        return None
    return ranked_page_from_index(
        filters.q,
        limit=per_page,
        offset=(page - 1) * per_page,
        excluded_status=WishStatus.DUPLICATE,
    )


def wish_count(filters: WishFilters) -> Select[int]:
    """The statement counting the wishes of ``filters`` (the list's and the API's total)."""
    return _count(filters, filtered_wishes(filters))


# Filters the filing territories' counters answer: they count each wish once, under its
# filing territory and its status (``ActivityTotal``), and its product and category too
# (``ActivityCount``).
COUNTED_BY_TERRITORY = frozenset({"sort", "status", "territory", "region", "club"})
COUNTED_BY_CATALOGUE = COUNTED_BY_TERRITORY | {"product", "category"}


def _count(filters: WishFilters, query: Select[Wish]) -> Select[int]:
    filtered = filters.active().keys()
    if filtered <= COUNTED_BY_TERRITORY:
        # The counters are kept in step with every write (app.services.activity): their
        # few rows per territory cost the same at 1k or 1M wishes, where a count(*)
        # reads an index entry per wish.
        return select(func.coalesce(func.sum(ActivityTotal.filed), 0)).where(
            *_status_conditions(filters, ActivityTotal.status),
            *_territory_conditions(filters, ActivityTotal.territory_id),
        )
    if filtered <= COUNTED_BY_CATALOGUE:
        # A row per territory, product, category and status at most, whatever the
        # number of wishes.
        return select(func.coalesce(func.sum(ActivityCount.filed), 0)).where(
            *_status_conditions(filters, ActivityCount.status),
            *_territory_conditions(filters, ActivityCount.territory_id),
            *_catalogue_conditions(filters, ActivityCount.product_id, ActivityCount.category_id),
        )
    return select(func.count()).select_from(query.with_only_columns(Wish.id).subquery())


@dataclass(frozen=True, slots=True)
class WishRow:
    """A wish as a row of the list shows it: plain values from one joined query, no ORM
    objects for the page's wishes and their product, category and territory."""

    id: int
    title: str
    status: str
    product_name: str
    category_name: str
    territory_name: str
    territories_count: int
    votes_count: int
    comments_count: int
    created_at: datetime
    providers_count: int
    providers_asking: int | None

    @property
    def is_closed(self) -> bool:
        return self.status in WishStatus.CLOSED_TO_SUPPORT


def list_rows(ids: list[int]) -> list[WishRow]:
    """The rows of the wishes ``ids``, in that order."""
    return _rows_in_order(
        ids,
        WishRow,
        Wish.title,
        Wish.status,
        Product.name,
        Category.name,
        Territory.name,
        Wish.territories_count,
        Wish.votes_count,
        Wish.comments_count,
        Wish.created_at,
        Wish.providers_count,
        Wish.providers_asking,
    )


def _rows_in_order(ids: list[int], row: Callable[..., _Row], *columns: Any) -> list[_Row]:
    """``row(id, *columns)`` for each of the wishes ``ids``, in that order, from one
    statement that joins the wish's product, category and territory."""
    if not ids:
        return []
    found = db.session.execute(
        select(Wish.id, *columns)
        .join(Product, Product.id == Wish.product_id)
        .join(Category, Category.id == Wish.category_id)
        .join(Territory, Territory.id == Wish.territory_id)
        .where(Wish.id.in_(ids))
    )
    by_id = {values[0]: row(*values) for values in found.tuples()}
    return [by_id[wish_id] for wish_id in ids if wish_id in by_id]


@dataclass(frozen=True, slots=True)
class WishSummary:
    """A wish as an item of the API's list: plain values from one joined query."""

    id: int
    title: str
    status: str
    territory_slug: str
    product_slug: str
    category_slug: str
    votes_count: int
    territories_count: int
    providers_count: int
    comments_count: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, wish: Wish) -> Self:
        """The summary of a wish already loaded, its product, category and territory too."""
        return cls(
            wish.id,
            wish.title,
            wish.status,
            wish.territory.slug,
            wish.product.slug,
            wish.category.slug,
            wish.votes_count,
            wish.territories_count,
            wish.providers_count,
            wish.comments_count,
            wish.created_at,
            wish.updated_at,
        )


def summary_rows(ids: list[int]) -> list[WishSummary]:
    """The API items of the wishes ``ids``, in that order."""
    return _rows_in_order(
        ids,
        WishSummary,
        Wish.title,
        Wish.status,
        Territory.slug,
        Product.slug,
        Category.slug,
        Wish.votes_count,
        Wish.territories_count,
        Wish.providers_count,
        Wish.comments_count,
        Wish.created_at,
        Wish.updated_at,
    )


def list_load_options() -> list[ExecutableOption]:
    return [
        joinedload(Wish.product),
        joinedload(Wish.category),
        joinedload(Wish.territory),
    ]


def user_vote_ids(user_id: int, wish_ids: list[int]) -> set[int]:
    if not wish_ids:
        return set()
    return set(
        db.session.execute(
            select(Vote.wish_id).where(Vote.user_id == user_id, Vote.wish_id.in_(wish_ids))
        ).scalars()
    )


def count_wishes(query: Select[Wish]) -> int:
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
