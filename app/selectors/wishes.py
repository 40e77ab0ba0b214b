"""Wish lists and the wish page: filters, sorts, eager loading (DESIGN §5)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import ColumnElement, ScalarSelect, Select, case, func, select
from sqlalchemy.orm import Bundle, joinedload
from sqlalchemy.sql.base import ExecutableOption

from app.collation import name_key
from app.extensions import db
from app.models import (
    Category,
    Club,
    ClubMembership,
    Comment,
    Event,
    Follow,
    Product,
    StatusChange,
    Territory,
    User,
    Vote,
    Wish,
    WishStatus,
)
from app.search.query import parse, ranked_page_from_index, search_wishes, wish_text_condition
from app.selectors.pagination import Page, paginate

SORTS = ("support", "votes", "new", "updated", "providers", "providers_asking", "relevance")
# Filters about the signed-in user's own relation to a wish: filed, supported, followed.
PERSONAL = ("mine", "supported", "followed")
TRUE_VALUES = ("1", "true", "on", "yes")


@dataclass
class WishFilters:
    q: str = ""
    status: str = ""
    product: str = ""
    category: str = ""
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

    @classmethod
    def from_args(cls, args: Any, *, viewer_id: int | None = None) -> WishFilters:
        values = {
            f.name: (args.get(f.name) or "").strip() for f in fields(cls) if f.name != "viewer_id"
        }
        for name in PERSONAL:
            wanted = values[name].lower() in TRUE_VALUES and viewer_id is not None
            values[name] = "1" if wanted else ""
        if values["sort"] not in SORTS:
            # Most relevant first when searching without an explicit sort.
            values["sort"] = "relevance" if values["q"] else "support"
        return cls(**values, viewer_id=viewer_id)

    def active(self) -> dict[str, str]:
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name != "viewer_id" and getattr(self, f.name)
        }


def order_clauses(sort: str) -> list[ColumnElement[Any]]:
    if sort == "votes":
        return [Wish.votes_count.desc(), Wish.created_at.desc(), Wish.id.desc()]
    if sort == "new":
        return [Wish.created_at.desc(), Wish.id.desc()]
    if sort == "updated":
        return [Wish.updated_at.desc(), Wish.id.desc()]
    if sort == "providers":
        return [Wish.providers_count.desc(), Wish.votes_count.desc(), Wish.id.desc()]
    if sort == "providers_asking":
        # Walks ix_wish_rank_providers_asking backwards; undeclared ranks as none.
        return [
            func.coalesce(Wish.providers_asking, 0).desc(),
            Wish.votes_count.desc(),
            Wish.created_at.desc(),
            Wish.id.desc(),
        ]
    return [
        Wish.territories_count.desc(),
        Wish.votes_count.desc(),
        Wish.created_at.desc(),
        Wish.id.desc(),
    ]


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


def _filtered_ranked(filters: WishFilters) -> tuple[Select[Wish], list[ColumnElement[Any]]]:
    """The filtered query and, when searching, its relevance order clauses."""
    query = select(Wish)
    if filters.status in WishStatus.ALL:
        query = query.where(Wish.status == filters.status)
    elif not filters.status:
        query = query.where(Wish.status != WishStatus.DUPLICATE)
    if filters.product:
        query = query.where(Wish.product_id == _id_by_slug(Product, filters.product))
    if filters.category:
        query = query.where(Wish.category_id == _id_by_slug(Category, filters.category))
    if filters.territory:
        query = query.where(Wish.territory_id == _id_by_slug(Territory, filters.territory))
    if filters.region:
        query = query.where(
            Wish.territory_id.in_(select(Territory.id).where(Territory.region == filters.region))
        )
    if filters.club:
        query = query.where(
            Wish.territory_id.in_(
                select(ClubMembership.territory_id).where(
                    ClubMembership.club_id == _id_by_slug(Club, filters.club)
                )
            )
        )
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
    """One page of the list (:class:`WishRow` items) in three queries at most: the total,
    the page's ids, their rows (a search without other filter: two).

    The ids come from a bounded query (``ORDER BY … LIMIT n OFFSET m``) that reads only
    what filters and sorts need: an index alone for a column sort (e.g.
    ``ix_wish_territory_rank`` for a region, which covers the status), the full-text
    index and its rank when searching. Only the page's rows are then read, with the
    columns a row of the list shows."""
    offset = (page - 1) * per_page
    found = None
    if filters.sort == "relevance" and filters.active().keys() <= {"q", "sort"}:
        found = ranked_page_from_index(
            filters.q, limit=per_page, offset=offset, excluded_status=WishStatus.DUPLICATE
        )
    if found is not None:
        total, ids = found
    else:
        query, relevance = _filtered_ranked(filters)
        ranked = filters.sort == "relevance" and bool(relevance)
        order = relevance if ranked else order_clauses(filters.sort)
        page_ids = query.with_only_columns(Wish.id).order_by(*order).limit(per_page).offset(offset)
        total = db.session.execute(_count(filters, query)).scalar_one()
        ids = list(db.session.execute(page_ids).scalars())
    return Page(items=list_rows(ids), page=page, per_page=per_page, total=total)


def _count(filters: WishFilters, query: Select[Wish]) -> Select[int]:
    if filters.active().keys() <= {"sort"}:
        # Every wish but duplicates: a bare count(*) is answered without reading every
        # row (SQLite), and the duplicates are few, found through ix_wish_status.
        return select(
            select(func.count()).select_from(Wish).scalar_subquery()
            - select(func.count())
            .select_from(Wish)
            .where(Wish.status == WishStatus.DUPLICATE)
            .scalar_subquery()
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
    if not ids:
        return []
    found = db.session.execute(
        select(
            Wish.id,
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
        .join(Product, Product.id == Wish.product_id)
        .join(Category, Category.id == Wish.category_id)
        .join(Territory, Territory.id == Wish.territory_id)
        .where(Wish.id.in_(ids))
    )
    by_id = {row[0]: WishRow(*row) for row in found.tuples()}  # type: ignore[call-arg]
    return [by_id[wish_id] for wish_id in ids if wish_id in by_id]


def list_load_options() -> list[ExecutableOption]:
    return [
        joinedload(Wish.product),
        joinedload(Wish.category),
        joinedload(Wish.territory),
    ]


def wish_detail(wish_id: int) -> Wish | None:
    return db.session.execute(
        select(Wish)
        .where(Wish.id == wish_id)
        .options(
            joinedload(Wish.product),
            joinedload(Wish.category),
            joinedload(Wish.territory),
            joinedload(Wish.author),
            joinedload(Wish.merged_into),
        )
    ).scalar_one_or_none()


SUPPORTER_NAMES_PER_TERRITORY = 5
SUPPORTING_TERRITORIES_LISTED = 20


class SupporterEntry(TypedDict):
    """One supporting territory of the list, with its first personal supporters."""

    territory: Territory
    users: list[Any]  # rows of the ``user`` bundle: ``id``, ``display_name``
    users_count: int
    more: int
    on_behalf: bool


@dataclass
class Supporters:
    """The territories behind a wish: all of them for its small map, the first
    ``SUPPORTING_TERRITORIES_LISTED`` by name in the list, and how many more there are."""

    entries: list[SupporterEntry]
    territories: list[Territory]

    @property
    def more(self) -> int:
        return len(self.territories) - len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.territories)

    def __iter__(self) -> Iterator[SupporterEntry]:
        return iter(self.entries)


def supporters_by_territory(
    wish_id: int,
    names_per_territory: int = SUPPORTER_NAMES_PER_TERRITORY,
    listed: int | None = None,
) -> Supporters:
    """Supporting territories by name; the first ``listed`` each with its personal
    supporters (the first ``names_per_territory`` by date, as rows with ``id`` and
    ``display_name``; ``users_count`` in all, ``more`` not shown) and whether support
    was recorded on its behalf.

    Two queries whatever the number of votes: one grouped by territory (the network's
    territories at most), one bounded by a window function (at most
    ``names_per_territory`` users for each of the ``listed`` territories), so a popular
    wish's page costs what a typical one does."""
    grouped = db.session.execute(
        select(
            Territory,
            func.count(Vote.user_id),
            func.max(case((Vote.user_id.is_(None), 1), else_=0)),
        )
        .join(Vote, Vote.territory_id == Territory.id)
        .where(Vote.wish_id == wish_id)
        .group_by(Territory.id)
    ).all()
    grouped = sorted(grouped, key=lambda row: (name_key(row[0].name), row[0].id))
    shown = grouped[: SUPPORTING_TERRITORIES_LISTED if listed is None else listed]
    ranked = (
        select(
            Vote.territory_id,
            Vote.user_id,
            func.row_number()
            .over(partition_by=Vote.territory_id, order_by=(Vote.created_at, Vote.id))
            .label("rank"),
        )
        .where(
            Vote.wish_id == wish_id,
            Vote.user_id.is_not(None),
            Vote.territory_id.in_([territory.id for territory, _, _ in shown]),
        )
        .subquery()
    )
    names: dict[int, list[Any]] = {}
    for territory_id, user in db.session.execute(
        select(ranked.c.territory_id, Bundle("user", User.id, User.display_name))
        .join(User, User.id == ranked.c.user_id)
        .where(ranked.c.rank <= names_per_territory)
        .order_by(ranked.c.territory_id, ranked.c.rank)
    ):
        names.setdefault(territory_id, []).append(user)
    entries: list[SupporterEntry] = []
    for territory, users_count, on_behalf in shown:
        users = names.get(territory.id, [])
        entries.append(
            {
                "territory": territory,
                "users": users,
                "users_count": users_count,
                "more": users_count - len(users),
                "on_behalf": bool(on_behalf),
            }
        )
    return Supporters(entries=entries, territories=[territory for territory, _, _ in grouped])


COMMENTS_PER_PAGE = 50


def wish_comments(wish_id: int, *, page: int = 1) -> Page:
    """One page of a wish's comments, oldest first (two queries)."""
    return paginate(
        select(Comment)
        .where(Comment.wish_id == wish_id)
        .options(joinedload(Comment.author).joinedload(User.territory))
        .order_by(Comment.created_at, Comment.id),
        page=page,
        per_page=COMMENTS_PER_PAGE,
    )


def comment_for_display(comment_id: int) -> Comment | None:
    """One comment with what its card shows (author, territory)."""
    return db.session.execute(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(joinedload(Comment.author).joinedload(User.territory))
    ).scalar_one_or_none()


def last_comments_page(wish_id: int) -> int:
    """The page holding a wish's newest comment."""
    count = db.session.execute(
        select(func.count()).select_from(Comment).where(Comment.wish_id == wish_id)
    ).scalar_one()
    return max(1, -(-count // COMMENTS_PER_PAGE))


def wish_history(wish_id: int) -> list[StatusChange]:
    return list(
        db.session.execute(
            select(StatusChange)
            .where(StatusChange.wish_id == wish_id)
            .options(joinedload(StatusChange.actor))
            .order_by(StatusChange.created_at, StatusChange.id)
        ).scalars()
    )


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


def supporter_slugs(wish_id: int) -> list[str]:
    """Slugs of the territories supporting a wish, in one query."""
    return list(
        db.session.execute(
            select(Territory.slug)
            .where(Territory.id.in_(select(Vote.territory_id).where(Vote.wish_id == wish_id)))
            .order_by(Territory.slug)
        ).scalars()
    )
