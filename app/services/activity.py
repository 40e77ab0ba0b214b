"""Keeping the map's counters (``territory_activity``) in step with wishes and votes.

Every write that changes what a wish contributes (its status, product, category,
supporting territories, or whether its roadmap items are all shipped) goes through
:func:`kept_in_step`: the wish's contribution is taken out before the change and put
back after it, in the same transaction, so the counters stay equal to a full recount
(:func:`rebuild`) whatever the order of concurrent writes. A single vote moves one
counter by one (:func:`support_shifted`), the hot path.

The same writes keep ``territory_shipped_wish`` (:class:`ShippedConcern`): the rows of
the wishes a block changed are written again after it, and a vote adds or removes its
territory's row when it is that territory's first or last on a wish with a shipped item.

The same contributions, spread over the wishes' roadmap items, keep
``roadmap_item_territory`` in step: how many of an item's linked wishes each territory
filed or supports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, cast

from sqlalchemy import (
    Delete,
    Insert,
    Select,
    Subquery,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
    true,
    union,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import (
    ActivityCount,
    ActivityTotal,
    ItemTerritory,
    RoadmapItem,
    RoadmapStatus,
    ShippedConcern,
    Vote,
    Wish,
    WishLink,
    WishStatus,
)
from app.services import figures

_DETAIL_KEYS = ("territory_id", "product_id", "category_id", "status", "delivered")
_TOTAL_KEYS = ("territory_id", "status", "delivered")


def delivered_expression() -> Any:
    """True for a wish whose linked roadmap items exist and are all shipped."""
    linked = exists().where(WishLink.wish_id == Wish.id)
    unshipped = exists().where(
        WishLink.wish_id == Wish.id,
        RoadmapItem.id == WishLink.roadmap_item_id,
        RoadmapItem.status != RoadmapStatus.SHIPPED,
    )
    return case((and_(linked, ~unshipped), True), else_=False)


def _pairs(wish_ids: Select[Any] | None) -> Subquery:
    """(wish_id, territory_id, f) for each territory behind the wishes ``wish_ids`` (all
    wishes when None): the filing one (``f`` 1), then each other supporting one (0)."""
    filed = select(
        Wish.id.label("wish_id"), Wish.territory_id.label("territory_id"), literal(1).label("f")
    )
    supported = (
        select(Vote.wish_id, Vote.territory_id, literal(0))
        .join(Wish, Wish.id == Vote.wish_id)
        .where(Vote.territory_id != Wish.territory_id)
        .distinct()
    )
    if wish_ids is not None:
        filed = filed.where(Wish.id.in_(wish_ids))
        supported = supported.where(Vote.wish_id.in_(wish_ids))
    return union_all(filed, supported).subquery()


def _contributions(wish_ids: Select[Any] | None, detail: bool, sign: int) -> Select[Any]:
    """(keys…, filed, supported) of the wishes ``wish_ids`` (all wishes when None)."""
    pairs = _pairs(wish_ids)
    delivered = delivered_expression().label("delivered")
    keys: list[Any] = [pairs.c.territory_id]
    if detail:
        keys += [Wish.product_id, Wish.category_id]
    keys += [Wish.status, delivered]
    return (
        select(
            *keys,
            (sign * func.sum(pairs.c.f)).label("filed"),
            (sign * func.sum(1 - pairs.c.f)).label("supported"),
        )
        .join(Wish, Wish.id == pairs.c.wish_id)
        .where(true())
        .group_by(*keys)
    )


def _item_contributions(wish_ids: Select[Any] | None, sign: int) -> Select[Any]:
    """(item, territory, wishes): of each item's linked wishes among ``wish_ids``, how
    many each territory filed or supports."""
    pairs = _pairs(wish_ids)
    return (
        select(WishLink.roadmap_item_id, pairs.c.territory_id, (sign * func.count()).label("n"))
        .join(WishLink, WishLink.wish_id == pairs.c.wish_id)
        .where(true())
        .group_by(WishLink.roadmap_item_id, pairs.c.territory_id)
    )


def _accumulating_insert(
    dialect: str,
    model: type[ActivityCount] | type[ActivityTotal] | type[ItemTerritory],
    keys: tuple[str, ...],
    source: Select[Any],
    counters: tuple[str, ...] = ("filed", "supported"),
    columns: tuple[str, ...] = ("filed", "supported"),
) -> Insert:
    """``INSERT … SELECT … ON CONFLICT (keys) DO UPDATE`` adding the selected counters
    (``columns``: the counters ``source`` gives after the keys)."""
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(Table, model.__table__)
    statement = make(table)
    return statement.from_select([*keys, *columns], source).on_conflict_do_update(
        index_elements=list(keys),
        set_={name: table.c[name] + statement.excluded[name] for name in counters},
    )


_ITEM_KEYS = ("roadmap_item_id", "territory_id")
_ITEM_COUNTER = ("wishes",)


_TABLES = ((ActivityCount, _DETAIL_KEYS, True), (ActivityTotal, _TOTAL_KEYS, False))


def _apply_statements(dialect: str, wish_ids: Select[Any], sign: int) -> tuple[Insert, ...]:
    counts = tuple(
        _accumulating_insert(dialect, model, keys, _contributions(wish_ids, detail, sign))
        for model, keys, detail in _TABLES
    )
    items = _accumulating_insert(
        dialect,
        ItemTerritory,
        _ITEM_KEYS,
        _item_contributions(wish_ids, sign),
        _ITEM_COUNTER,
        _ITEM_COUNTER,
    )
    return (*counts, items)


# The wishes named by a list of ids given at execution: their statements are built
# once, not for each filing or vote.
_LISTED = select(Wish.id).where(Wish.id.in_(bindparam("wish_ids", expanding=True)))


@cache
def _listed_statements(dialect: str, sign: int) -> tuple[Insert, ...]:
    return _apply_statements(dialect, _LISTED, sign)


def _apply(wish_ids: Select[Any] | list[int], sign: int) -> None:
    dialect = db.session.get_bind().dialect.name
    if isinstance(wish_ids, list):
        for statement in _listed_statements(dialect, sign):
            db.session.execute(statement, {"wish_ids": wish_ids})
        return
    for statement in _apply_statements(dialect, wish_ids, sign):
        db.session.execute(statement)


def _shipped_pairs(wish_ids: Select[Any] | None) -> Select[Any]:
    """(territory_id, wish_id, listed, shipped_on) of the wishes ``wish_ids`` (all when
    None) that have a shipped roadmap item: their filing territory and every territory
    with a vote on them, with what the pages rank them by. Read from the shipped items'
    links, so that a full recount follows the shipped wishes, not every vote."""
    shipped = (
        select(WishLink.wish_id, _latest_delivery().label("shipped_on"))
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .where(RoadmapItem.status == RoadmapStatus.SHIPPED)
        .group_by(WishLink.wish_id)
    )
    if wish_ids is not None:
        shipped = shipped.where(WishLink.wish_id.in_(wish_ids))
    delivered = shipped.subquery()
    shipped_ids = select(delivered.c.wish_id)
    filed = select(Wish.territory_id, Wish.id.label("wish_id")).where(Wish.id.in_(shipped_ids))
    supported = select(Vote.territory_id, Vote.wish_id).where(Vote.wish_id.in_(shipped_ids))
    pairs = union(filed, supported).subquery()
    return (
        select(pairs.c.territory_id, pairs.c.wish_id, _listed(), delivered.c.shipped_on)
        .join(Wish, Wish.id == pairs.c.wish_id)
        .join(delivered, delivered.c.wish_id == pairs.c.wish_id)
    )


_SHIPPED_COLUMNS = ["territory_id", "wish_id", "listed", "shipped_on"]


def _latest_delivery() -> Any:
    """The latest delivery date of the shipped items grouped (``NO_DATE`` when none)."""
    return func.coalesce(func.max(RoadmapItem.shipped_on), literal(ShippedConcern.NO_DATE))


def _listed() -> Any:
    return (Wish.status != WishStatus.DUPLICATE).label("listed")


def _shipped_written_again(wish_ids: Select[Any] | list[int]) -> None:
    if isinstance(wish_ids, list):
        for statement in _listed_shipped_statements():
            db.session.execute(statement, {"wish_ids": wish_ids})
        return
    for statement in _shipped_statements(wish_ids):
        db.session.execute(statement)


def _shipped_statements(wish_ids: Select[Any]) -> tuple[Delete, Insert]:
    table = cast(Table, ShippedConcern.__table__)
    return (
        delete(table).where(table.c.wish_id.in_(wish_ids)),
        insert(table).from_select(_SHIPPED_COLUMNS, _shipped_pairs(wish_ids)),
    )


@cache
def _listed_shipped_statements() -> tuple[Delete, Insert]:
    return _shipped_statements(_LISTED)


def _as_ids(wish_ids: Select[Any] | Iterable[int]) -> Select[Any] | list[int] | None:
    """A select as it is, or the sorted distinct ids (None when there are none)."""
    if isinstance(wish_ids, Select):
        return wish_ids
    return sorted({int(i) for i in wish_ids if i is not None}) or None


@contextmanager
def kept_in_step(wish_ids: Select[Any] | Iterable[int]) -> Iterator[None]:
    """Take the wishes' contribution out, let the block change them, put it back.

    ``wish_ids`` may be a ``select`` of ids: it is run before and after the block, so
    it must name the same wishes both times (e.g. the wishes linked to an item whose
    status changes, not those of a link being added)."""
    ids = _as_ids(wish_ids)
    if ids is None:
        yield
        return
    db.session.flush()
    _apply(ids, -1)
    yield
    db.session.flush()
    _apply(ids, +1)
    _shipped_written_again(ids)


def wishes_added(wish_ids: Iterable[int]) -> None:
    """Count new wishes (filed, with the supporters recorded with them)."""
    ids = _as_ids(wish_ids)
    if ids is not None:
        db.session.flush()
        _apply(ids, +1)
        _shipped_written_again(ids)


def support_shifted(wish_id: int, territory_id: int, delta: int) -> None:
    """A territory's first vote on a wish arrived (+1) or its last one left (-1).

    Called after the vote row went in or out, like ``_shift_support``: the counter moves
    only when the territory's votes on the wish are now exactly one (+1) or none (-1),
    and never for the wish's own territory (counted as filed)."""
    params = {
        "wish": wish_id,
        "territory": territory_id,
        "delta": delta,
        "votes_after": 1 if delta > 0 else 0,
    }
    dialect = db.session.get_bind().dialect.name
    for statement in _shift_statements(dialect):
        db.session.execute(statement, params)
    joined, left = _shipped_shift_statements(dialect)
    db.session.execute(joined if delta > 0 else left, {"wish": wish_id, "territory": territory_id})


@cache
def _shift_statements(dialect: str) -> tuple[Insert, Insert, Insert]:
    """Built once per dialect, reused by every vote."""
    wish_id = bindparam("wish", type_=db.Integer)
    territory_id = bindparam("territory", type_=db.Integer)
    delta = bindparam("delta", type_=db.Integer)
    same_territory = (
        select(Vote.id)
        .where(Vote.wish_id == wish_id, Vote.territory_id == territory_id)
        .limit(2)
        .subquery()
    )
    moved = select(func.count()).select_from(same_territory).scalar_subquery() == bindparam(
        "votes_after", type_=db.Integer
    )
    statements = []
    for model, keys, detail in _TABLES:
        columns: list[Any] = [territory_id]
        if detail:
            columns += [Wish.product_id, Wish.category_id]
        columns += [Wish.status, delivered_expression(), literal(0), delta]
        source = select(*columns).where(
            Wish.id == wish_id, Wish.territory_id != territory_id, moved
        )
        statements.append(
            _accumulating_insert(dialect, model, keys, source, counters=("supported",))
        )
    items = (
        select(WishLink.roadmap_item_id, territory_id, delta)
        .join(Wish, Wish.id == WishLink.wish_id)
        .where(WishLink.wish_id == wish_id, Wish.territory_id != territory_id, moved)
    )
    statements.append(
        _accumulating_insert(
            dialect, ItemTerritory, _ITEM_KEYS, items, _ITEM_COUNTER, _ITEM_COUNTER
        )
    )
    return statements[0], statements[1], statements[2]


@cache
def _shipped_shift_statements(dialect: str) -> tuple[Insert, Delete]:
    """A territory's row for a wish with a shipped item: added on any of its votes (kept
    if already there), removed once it has no vote left and did not file the wish."""
    wish_id = bindparam("wish", type_=db.Integer)
    territory_id = bindparam("territory", type_=db.Integer)
    table = cast(Table, ShippedConcern.__table__)
    # No row when the wish has no shipped item: the group is then empty.
    shipped = (
        select(territory_id, Wish.id, _listed(), _latest_delivery())
        .join(WishLink, WishLink.wish_id == Wish.id)
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .where(Wish.id == wish_id, RoadmapItem.status == RoadmapStatus.SHIPPED)
        .group_by(Wish.id, Wish.status)
    )
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    joined = make(table).from_select(_SHIPPED_COLUMNS, shipped).on_conflict_do_nothing()
    left = delete(table).where(
        table.c.territory_id == territory_id,
        table.c.wish_id == wish_id,
        ~exists().where(Vote.wish_id == wish_id, Vote.territory_id == territory_id),
        ~exists().where(Wish.id == wish_id, Wish.territory_id == territory_id),
    )
    return joined, left


def rebuild() -> None:
    """Recount every counter from the wishes and votes (after a bulk load or a restore).

    Bulk loads bypass the session's flush hook, so the cached dashboard figures are
    renewed here too."""
    figures.renew(db.session)
    for model, keys, detail in _TABLES:
        db.session.execute(delete(cast(Table, model.__table__)))
        db.session.execute(
            insert(cast(Table, model.__table__)).from_select(
                [*keys, "filed", "supported"], _contributions(None, detail, +1)
            )
        )
    shipped = cast(Table, ShippedConcern.__table__)
    db.session.execute(delete(shipped))
    db.session.execute(insert(shipped).from_select(_SHIPPED_COLUMNS, _shipped_pairs(None)))
    items = cast(Table, ItemTerritory.__table__)
    db.session.execute(delete(items))
    db.session.execute(
        insert(items).from_select([*_ITEM_KEYS, *_ITEM_COUNTER], _item_contributions(None, +1))
    )
