"""The three lists of a territory's or a club's page (what its members filed, what they
support elsewhere, what shipped) in one statement, each list reading a few rows of one
index per member instead of every wish of the members.

A member's rows are read by a part of the statement of their own. PostgreSQL spends more
planning a statement with a part per member than running it (a club of ten is thirty
index walks: about 18 ms of planning at 1M wishes, against 7 ms with one part per list),
so there the members are one array parameter that each list's part is joined to
laterally. SQLite has no lateral join and plans the parts in well under a millisecond:
there each member has a part of its own, its id a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Integer,
    Row,
    Select,
    Subquery,
    all_,
    bindparam,
    false,
    func,
    literal_column,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.orm import QueryableAttribute

from app.extensions import db
from app.models import (
    Category,
    Product,
    ShippedConcern,
    Territory,
    Vote,
    Wish,
    WishStatus,
)
from app.selectors.wishes import order_clauses

FILED, SUPPORTED, SHIPPED = 0, 1, 2

AnyRow = tuple[Any, ...]
PerMember = Callable[[ColumnElement[int]], Select[*AnyRow]]


def _member_array() -> ColumnElement[Any]:
    return bindparam("member_array", type_=ARRAY(Integer))


def _not_member(territory: QueryableAttribute[int], *, lateral: bool) -> ColumnElement[bool]:
    """``territory`` is none of the members (as the array, the statement is the same
    for every club size)."""
    if lateral:
        return territory != all_(_member_array())
    return territory.not_in(bindparam("members", expanding=True))


def _per_member(
    part: PerMember, members: int, *, lateral: bool, distinct: bool = False
) -> Subquery:
    """The rows ``part`` reads for each member, together (once each with ``distinct``):
    one lateral part over the array ``member_array``, or a part per member
    ``territory_<n>``."""
    if lateral:
        member = func.unnest(_member_array()).table_valued("territory_id").render_derived()
        rows = part(member.c.territory_id).lateral()
        together = select(*rows.c).select_from(member).join(rows, true())
        return (together.distinct() if distinct else together).subquery()
    parts = [part(bindparam(f"territory_{n}")).subquery() for n in range(members)]
    return (union if distinct else union_all)(*(select(*each.c) for each in parts)).subquery()


def _most_supported_filed(members: int, read: int, lateral: bool) -> Subquery:
    """The most supported wishes the members filed: each member's first ``read`` rows
    of its rank index (``ix_wish_territory_rank``), ranked together."""

    def filed_by(territory: ColumnElement[int]) -> Select[*AnyRow]:
        return (
            select(Wish.territories_count, Wish.votes_count, Wish.created_at, Wish.id)
            .where(Wish.territory_id == territory, Wish.status != WishStatus.DUPLICATE)
            .order_by(*order_clauses("support"))
            .limit(read)
        )

    ranked = _per_member(filed_by, members, lateral=lateral)
    return (
        select(ranked.c.id)
        .order_by(
            ranked.c.territories_count.desc(),
            ranked.c.votes_count.desc(),
            ranked.c.created_at.desc(),
            ranked.c.id.desc(),
        )
        .limit(read)
        .subquery()
    )


def _latest_supported(members: int, read: int, support_read: int, lateral: bool) -> Subquery:
    """The first ``read`` wishes filed by other territories that the members supported
    last, newest support first (``recent``): each member's last ``support_read``
    supports, read backwards (``ix_vote_territory_recent``); a wish several users
    supported counts once."""

    def supported_by(territory: ColumnElement[int]) -> Select[*AnyRow]:
        return (
            select(Vote.wish_id, Vote.id.label("vote_id"))
            .join(Wish, Wish.id == Vote.wish_id)
            .where(
                Vote.territory_id == territory,
                _not_member(Wish.territory_id, lateral=lateral),
                Wish.status != WishStatus.DUPLICATE,
            )
            .order_by(Vote.id.desc())
            .limit(support_read)
        )

    latest = _per_member(supported_by, members, lateral=lateral)
    recent = func.max(latest.c.vote_id).label("recent")
    return (
        select(latest.c.wish_id, recent)
        .group_by(latest.c.wish_id)
        .order_by(recent.desc())
        .limit(read)
        .subquery()
    )


def _latest_shipped(members: int, read: int, lateral: bool) -> Subquery:
    """The first ``read`` wishes filed or supported by the members with a shipped
    roadmap item, latest delivery first (``recent``, as a negative rank): each member's
    first ``read`` rows of ``ix_territory_shipped_wish_rank``; a wish several members
    are behind counts once."""

    def shipped_for(territory: ColumnElement[int]) -> Select[*AnyRow]:
        return (
            select(ShippedConcern.wish_id, ShippedConcern.shipped_on)
            .where(ShippedConcern.territory_id == territory, ShippedConcern.listed)
            .order_by(ShippedConcern.shipped_on.desc(), ShippedConcern.wish_id.desc())
            .limit(read)
        )

    latest = _per_member(shipped_for, members, lateral=lateral, distinct=True)
    order = (latest.c.shipped_on.desc(), latest.c.wish_id.desc())
    return (
        select(latest.c.wish_id, (-func.row_number().over(order_by=order)).label("recent"))
        .order_by(*order)
        .limit(read)
        .subquery()
    )


def _shown(ranked: Subquery) -> Select[*AnyRow]:
    """The columns a listed wish shows and is ranked by, with its product, category and
    territory joined once for the three lists; ``part`` tells the lists apart,
    ``recent`` orders the supported and the shipped."""
    return (
        select(
            ranked.c.part,
            ranked.c.recent,
            Wish.id,
            Wish.title,
            Product.name.label("product_name"),
            Category.name.label("category_name"),
            Wish.status,
            Territory.slug.label("territory_slug"),
            Territory.name.label("territory_name"),
            Wish.territories_count,
            Wish.votes_count,
            Wish.created_at,
        )
        .select_from(ranked)
        .join(Wish, Wish.id == ranked.c.wish_id)
        .join(Product, Product.id == Wish.product_id)
        .join(Category, Category.id == Wish.category_id)
        .join(Territory, Territory.id == Wish.territory_id)
    )


def _part(part: int) -> ColumnElement[int]:
    return literal_column(str(part)).label("part")


# Such a statement costs more to build than to run: built once per shape, with the
# members as parameters.
@lru_cache(maxsize=64)
def lists_statement(members: int, read: int, support_read: int, lateral: bool) -> Select[*AnyRow]:
    """The three lists in one statement, each reading at most ``read`` wishes: filed,
    supported, shipped (``part``), for ``members`` members (any number of them when
    ``lateral``)."""
    none: ColumnElement[int] = literal_column("0").label("recent")
    if members:
        filed = _most_supported_filed(members, read, lateral)
        supported = _latest_supported(members, read, support_read, lateral)
        shipped = _latest_shipped(members, read, lateral)
        ranked = union_all(
            select(_part(FILED), none, filed.c.id.label("wish_id")),
            select(_part(SUPPORTED), supported.c.recent, supported.c.wish_id),
            select(_part(SHIPPED), shipped.c.recent, shipped.c.wish_id),
        ).subquery()
    else:
        ranked = select(_part(FILED), none, Wish.id.label("wish_id")).where(false()).subquery()
    return _shown(ranked).order_by(
        ranked.c.part,
        ranked.c.recent.desc(),
        Wish.territories_count.desc(),
        Wish.votes_count.desc(),
        Wish.created_at.desc(),
        Wish.id.desc(),
    )


def lists_rows(territory_ids: Sequence[int], *, read: int, support_read: int) -> list[Row[*AnyRow]]:
    """The rows of the three lists of these territories, ``part`` first, in order."""
    ids = list(territory_ids)
    lateral = db.session.get_bind().dialect.name == "postgresql"
    parameters: dict[str, object]
    if lateral:
        parameters = {"member_array": ids}
        members = min(len(ids), 1)
    else:
        parameters = {"members": ids} | {f"territory_{n}": each for n, each in enumerate(ids)}
        members = len(ids)
    statement = lists_statement(members, read, support_read, lateral)
    return list(db.session.execute(statement, parameters))
