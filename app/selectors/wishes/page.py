"""The wish page: the wish, the territories and people supporting it, its comments and
its history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, NamedTuple, TypedDict

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, or_, select, union_all
from sqlalchemy.orm import Bundle, joinedload

from app.collation import name_key
from app.extensions import db
from app.models import Comment, Follow, StatusChange, Territory, User, Vote, Wish, WishSupport
from app.selectors.history import history_lines
from app.selectors.pagination import Page
from app.selectors.territory_map import MapPlace


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


@dataclass(frozen=True, slots=True)
class SupportingTerritory:
    """A supporting territory as the wish page shows it: its name in the list, its
    departments or region on the small map. Read as columns: building ``Territory``
    entities cost a popular wish's page ~5 ms for its 300 territories."""

    id: int
    name: str
    slug: str
    department_code: str | None
    region: str

    @classmethod
    def of(cls, territory: Territory) -> SupportingTerritory:
        """The territory's values, which a kept piece of the page can be keyed by."""
        return cls(*(getattr(territory, f.name) for f in fields(cls)))


class ListedSupport(NamedTuple):
    """A listed territory as the page shows it, hashable: the key of a kept piece."""

    territory: SupportingTerritory
    users: tuple[Any, ...]
    more: int
    on_behalf: bool


class SupporterEntry(TypedDict):
    """One supporting territory of the list, with its first personal supporters."""

    territory: SupportingTerritory
    users: list[Any]  # rows of the ``user`` bundle: ``id``, ``display_name``
    users_count: int
    more: int
    on_behalf: bool


@dataclass
class Supporters:
    """The territories behind a wish: all of them for its small map, the first
    ``SUPPORTING_TERRITORIES_LISTED`` by name in the list, and how many more there are."""

    entries: list[SupporterEntry]
    territories: Sequence[MapPlace]

    @property
    def more(self) -> int:
        return len(self.territories) - len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.territories)

    def __iter__(self) -> Iterator[SupporterEntry]:
        return iter(self.entries)

    def shown(self) -> tuple[tuple[Any, ...], tuple[ListedSupport, ...]]:
        """All the page shows of the supporters (the map's territories, the list), as
        values: a kept piece's key."""
        listed = tuple(
            ListedSupport(e["territory"], tuple(e["users"]), e["more"], e["on_behalf"])
            for e in self.entries
        )
        return tuple(self.territories), listed


def supporters_by_territory(
    wish_id: int,
    names_per_territory: int = SUPPORTER_NAMES_PER_TERRITORY,
    listed: int | None = None,
) -> Supporters:
    """Supporting territories by name; the first ``listed`` each with its personal
    supporters (the first ``names_per_territory`` by date, as rows with ``id`` and
    ``display_name``; ``users_count`` in all, ``more`` not shown) and whether support
    was recorded on its behalf.

    Two queries whatever the number of votes: the territories' counts come from
    ``wish_support`` (one row per supporting territory), and each listed territory's
    first names from its own walk of ``ix_vote_wish_territory``, stopped after
    ``names_per_territory`` votes, so a popular wish's page costs what a typical one
    does."""
    # Rows, not objects: a popular wish has hundreds of supporting territories, which
    # the small map reads by their attributes (``MapPlace``) and the list only in part.
    grouped = sorted(
        db.session.execute(_supporting_territories(), {"wish": wish_id}),
        key=lambda row: (name_key(row.name), row.id),
    )
    shown = grouped[: SUPPORTING_TERRITORIES_LISTED if listed is None else listed]
    names: dict[int, list[Any]] = {}
    if shown and names_per_territory > 0:
        params = {f"t{index}": row.id for index, row in enumerate(shown)}
        for territory_id, user in db.session.execute(
            _first_supporters(len(shown)),
            {"wish": wish_id, "limit": names_per_territory, **params},
        ):
            names.setdefault(territory_id, []).append(user)
    entries: list[SupporterEntry] = []
    for row in shown:
        users = names.get(row.id, [])
        entries.append(
            {
                "territory": SupportingTerritory(
                    row.id, row.name, row.slug, row.department_code, row.region
                ),
                "users": users,
                "users_count": row.votes,
                "more": row.votes - len(users),
                "on_behalf": bool(row.on_behalf),
            }
        )
    return Supporters(entries=entries, territories=grouped)


@cache
def _supporting_territories() -> Select[int, str, str, str | None, str, int, bool]:
    """The wish ``:wish``'s supporting territories with their counts, built once."""
    return (
        select(
            Territory.id,
            Territory.name,
            Territory.slug,
            Territory.department_code,
            Territory.region,
            WishSupport.votes,
            WishSupport.on_behalf,
        )
        .join(WishSupport, WishSupport.territory_id == Territory.id)
        .where(WishSupport.wish_id == bindparam("wish", type_=Integer), _supporting())
    )


# A page of a thread, with links to the others: each comment is a rendered card (author,
# date, Markdown, its actions), the largest part of a busy wish's page.
COMMENTS_PER_PAGE = 20


def wish_comments(wish_id: int, *, page: int = 1) -> Page:
    """One page of a wish's comments, oldest first. One query: each row carries the
    thread's total (an uncorrelated count, computed once), counted apart only when a
    page past the first is empty."""
    count = select(func.count()).select_from(Comment).where(Comment.wish_id == wish_id)
    rows = db.session.execute(
        select(Comment, count.scalar_subquery())
        .where(Comment.wish_id == wish_id)
        .options(joinedload(Comment.author).joinedload(User.territory))
        .order_by(Comment.created_at, Comment.id)
        .limit(COMMENTS_PER_PAGE)
        .offset((page - 1) * COMMENTS_PER_PAGE)
    ).all()
    if rows or page == 1:
        total = rows[0][1] if rows else 0
    else:
        total = db.session.execute(count).scalar_one()
    return Page(items=[row[0] for row in rows], page=page, per_page=COMMENTS_PER_PAGE, total=total)


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
    return history_lines(StatusChange.wish_id == wish_id)


def _supporting() -> ColumnElement[bool]:
    """A ``wish_support`` row that still counts: a vote, or support on behalf."""
    return or_(WishSupport.votes > 0, WishSupport.on_behalf)


@cache
def _first_supporters(territories: int) -> Select[Any]:
    """``(territory id, user)`` for the first ``:limit`` personal supporters by date of
    each of ``territories`` territories (``:t0``, ``:t1``…) of the wish ``:wish``: one
    bounded index walk per territory, joined by ``UNION ALL``. Built once per number of
    territories, so a request neither rebuilds nor re-keys it."""
    wish_id = bindparam("wish", type_=Integer)
    limit = bindparam("limit", type_=Integer)
    firsts = [
        select(Vote.territory_id, Vote.user_id, Vote.created_at, Vote.id)
        .where(
            Vote.wish_id == wish_id,
            Vote.territory_id == bindparam(f"t{index}", type_=Integer),
            Vote.user_id.is_not(None),
        )
        .order_by(Vote.created_at, Vote.id)
        .limit(limit)
        .subquery()
        for index in range(territories)
    ]
    first = union_all(*(select(*sub.c) for sub in firsts)).subquery()
    return (
        select(first.c.territory_id, Bundle("user", User.id, User.display_name))
        .join(User, User.id == first.c.user_id)
        .order_by(first.c.territory_id, first.c.created_at, first.c.id)
    )


class ViewerStanding(NamedTuple):
    """Where the viewer stands on a wish: supporting it, following it."""

    voted: bool
    following: bool


def viewer_standing(user_id: int, wish_id: int) -> ViewerStanding:
    """Whether ``user_id`` supports and follows the wish, in one statement (the page
    asks both of every viewer)."""
    row = db.session.execute(_standing(), {"user": user_id, "wish": wish_id}).one()
    return ViewerStanding(voted=bool(row[0]), following=bool(row[1]))


@cache
def _standing() -> Select[bool, bool | None]:
    """``viewer_standing``'s statement for ``:user`` and ``:wish``, built once."""
    user_id, wish_id = bindparam("user", type_=Integer), bindparam("wish", type_=Integer)
    voted = select(Vote.id).where(Vote.user_id == user_id, Vote.wish_id == wish_id).exists()
    following = (
        select(Follow.active)
        .where(Follow.user_id == user_id, Follow.wish_id == wish_id)
        .limit(1)
        .scalar_subquery()
    )
    return select(voted, following)


def supporter_slugs(wish_id: int) -> list[str]:
    """Slugs of the territories supporting a wish, in one query."""
    return list(
        db.session.execute(
            select(Territory.slug)
            .join(WishSupport, WishSupport.territory_id == Territory.id)
            .where(WishSupport.wish_id == wish_id, _supporting())
            .order_by(Territory.slug)
        ).scalars()
    )
