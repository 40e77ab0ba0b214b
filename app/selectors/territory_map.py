"""The network's map: each territory's activity, aggregated in a constant number of queries.

Definitions (shown on the page too):
- *filed*: wishes the territory filed that match the filters;
- *supported*: other territories' matching wishes it supports (its own are counted once,
  as filed);
- *activity*: filed + supported, i.e. the distinct matching wishes it is behind;
- *delivered*: of those wishes, the ones whose every linked roadmap item is shipped
  (the ``shipped`` delivery of DESIGN §3); the share delivered is delivered / activity.
Duplicates are left out unless the status filter asks for them (as on the wish list).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any, NamedTuple, Protocol, Self

from sqlalchemy import Select, case, exists, func, literal, select, union_all

from app.collation import by_name, name_key
from app.extensions import db
from app.geo import REGION_OF, department_codes, departments_of_region, france_map
from app.models import (
    ActivityCount,
    ActivityTotal,
    Category,
    Club,
    ClubMembership,
    Product,
    RoadmapItem,
    RoadmapStatus,
    Territory,
    TerritoryKind,
    Vote,
    Wish,
    WishLink,
)
from app.selectors.filters import WishScope

SORTS = ("activity", "name", "department", "filed", "supported", "delivered")
LEVELS = 4


@dataclass
class MapFilters(WishScope):
    club: str = ""
    sort: str = "activity"
    dir: str = "desc"

    @classmethod
    def from_args(cls, args: Any) -> Self:
        values = cls.read_args(args)
        if values["sort"] not in SORTS:
            values["sort"] = "activity"
        if values["dir"] not in ("asc", "desc"):
            values["dir"] = "asc" if values["sort"] in ("name", "department") else "desc"
        return cls(**values)

    def active(self) -> dict[str, str]:
        return {
            name: getattr(self, name)
            for name in ("product", "category", "status", "club")
            if getattr(self, name)
        }


class MapTerritory(NamedTuple):
    """What the map shows of a territory: read as columns, since building three hundred
    ``Territory`` objects a request cost more than all of the map's SQL."""

    id: int
    slug: str
    name: str
    kind: TerritoryKind
    region: str
    department_code: str | None


@dataclass
class TerritoryActivity:
    territory: MapTerritory
    filed: int = 0
    supported: int = 0
    delivered: int = 0

    @property
    def activity(self) -> int:
        return self.filed + self.supported

    @property
    def delivered_share(self) -> float | None:
        return self.delivered / self.activity if self.activity else None

    @cached_property
    def codes(self) -> list[str]:
        return [c for c in department_codes(self.territory.department_code) if c in REGION_OF]

    @property
    def is_regional(self) -> bool:
        return not self.codes


@dataclass
class DepartmentView:
    """One department of the map and the territories it shows."""

    code: str
    name: str
    path: str
    region: str
    territories: list[TerritoryActivity] = field(default_factory=list)
    regional: list[TerritoryActivity] = field(default_factory=list)
    level: int = 0

    @property
    def kind(self) -> str:
        if self.territories:
            return "territory"
        if self.regional:
            return "regional"
        return "empty"

    @property
    def shown(self) -> list[TerritoryActivity]:
        return self.territories or self.regional

    @property
    def activity(self) -> int:
        return sum(t.activity for t in self.shown)

    @property
    def main(self) -> TerritoryActivity | None:
        """The territory a click opens: the departmental body first, then the busiest."""
        if not self.shown:
            return None
        return sorted(
            self.shown,
            key=lambda t: (t.territory.kind == "OT", -t.activity, name_key(t.territory.name)),
        )[0]


@dataclass
class TerritoryMap:
    view_box: str
    departments: list[DepartmentView]
    rows: list[TerritoryActivity]
    max_activity: int

    def by_code(self) -> dict[str, DepartmentView]:
        return {d.code: d for d in self.departments}


def delivered_wishes() -> Select[int, date | None]:
    """Wish ids whose linked roadmap items are all shipped, with the last shipping date."""
    shipped = func.sum(case((RoadmapItem.status == RoadmapStatus.SHIPPED, 1), else_=0))
    return (
        select(
            WishLink.wish_id.label("wish_id"),
            func.max(RoadmapItem.shipped_on).label("delivered_on"),
        )
        .join(RoadmapItem, RoadmapItem.id == WishLink.roadmap_item_id)
        .group_by(WishLink.wish_id)
        .having(func.count() == shipped)
    )


def activity_by_territory(filters: MapFilters) -> dict[int, tuple[int, int, int]]:
    """territory id -> (filed, supported, delivered) of the wishes matching the filters.

    One query over the counters kept in step with the wishes and votes
    (``territory_activity``): its cost follows the number of territories and catalogue
    entries, not of wishes or votes. Same status rule as the wish list: duplicates only
    when asked for; an unknown status filters nothing."""
    model: type[ActivityCount] | type[ActivityTotal] = ActivityTotal
    conditions = []
    if filters.product or filters.category:
        model = ActivityCount
        if filters.product:
            conditions.append(
                ActivityCount.product_id
                == select(Product.id).where(Product.slug == filters.product).scalar_subquery()
            )
        if filters.category:
            conditions.append(
                ActivityCount.category_id
                == select(Category.id).where(Category.slug == filters.category).scalar_subquery()
            )
    status = filters.status_condition(model.status)
    if status is not None:
        conditions.append(status)
    rows = db.session.execute(
        select(
            model.territory_id,
            func.sum(model.filed),
            func.sum(model.supported),
            func.sum(case((model.delivered.is_(True), model.filed + model.supported), else_=0)),
        )
        .where(*conditions)
        .group_by(model.territory_id)
    )
    return {
        territory_id: (int(filed or 0), int(supported or 0), int(delivered or 0))
        for territory_id, filed, supported, delivered in rows
    }


def _territories(club_slug: str) -> list[MapTerritory]:
    query = select(
        Territory.id,
        Territory.slug,
        Territory.name,
        Territory.kind,
        Territory.region,
        Territory.department_code,
    ).where(Territory.active.is_(True))
    if club_slug:
        query = query.where(
            exists().where(
                ClubMembership.territory_id == Territory.id,
                ClubMembership.club_id
                == select(Club.id).where(Club.slug == club_slug).scalar_subquery(),
            )
        )
    return by_name(MapTerritory(*row) for row in db.session.execute(query))


@lru_cache(maxsize=64)
def _region_departments(region: str) -> tuple[str, ...]:
    return tuple(departments_of_region(region))


def _level(value: int, maximum: int) -> int:
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, min(LEVELS, math.ceil(LEVELS * value / maximum)))


def _sort_key(
    sort: str,
) -> Callable[[TerritoryActivity], tuple[Any, ...]]:
    if sort == "name":
        return lambda r: name_key(r.territory.name)
    if sort == "department":
        return lambda r: (r.territory.department_code or "~", name_key(r.territory.name))
    if sort == "filed":
        return lambda r: (r.filed, r.activity)
    if sort == "supported":
        return lambda r: (r.supported, r.activity)
    if sort == "delivered":
        return lambda r: (r.delivered_share if r.delivered_share is not None else -1, r.activity)
    return lambda r: (r.activity, r.filed)


def territory_map(filters: MapFilters) -> TerritoryMap:
    """The map and its table: two queries whatever the number of wishes and territories."""
    figures = activity_by_territory(filters)
    rows = [
        TerritoryActivity(territory, *figures.get(territory.id, (0, 0, 0)))
        for territory in _territories(filters.club)
    ]
    shape = france_map()
    departments = {
        d.code: DepartmentView(code=d.code, name=d.name, path=d.path, region=d.region)
        for d in shape.departments
    }
    for row in rows:
        if row.is_regional:
            for code in _region_departments(row.territory.region):
                if code in departments:
                    departments[code].regional.append(row)
        else:
            for code in row.codes:
                departments[code].territories.append(row)
    views = list(departments.values())
    maximum = max((d.activity for d in views if d.kind != "empty"), default=0)
    for view in views:
        view.level = _level(view.activity, maximum)
    rows.sort(key=_sort_key(filters.sort), reverse=filters.dir == "desc")
    return TerritoryMap(view_box=shape.view_box, departments=views, rows=rows, max_activity=maximum)


# --- small maps: who filed and who supports a wish or a roadmap item -----------------


class MapPlace(Protocol):
    """What the small map reads of a territory: a ``Territory`` or a lighter row."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def department_code(self) -> str | None: ...
    @property
    def region(self) -> str: ...


@dataclass
class MiniMap:
    """Territories behind a wish or a roadmap item, as the small map shows them."""

    filed: list[MapPlace] = field(default_factory=list)
    supported: list[MapPlace] = field(default_factory=list)

    def roles(self) -> dict[str, str]:
        """Department code -> "filed" / "supported" / "regional-…" for the small map."""
        result: dict[str, str] = {}
        for role, territories in (("supported", self.supported), ("filed", self.filed)):
            for territory in territories:
                codes = [c for c in department_codes(territory.department_code) if c in REGION_OF]
                if codes:
                    for code in codes:
                        if result.get(code) != "filed":
                            result[code] = role
                else:
                    for code in departments_of_region(territory.region):
                        result.setdefault(code, f"regional-{role}")
        return result

    def __bool__(self) -> bool:
        return bool(self.filed or self.supported)


def mini_map(filed: list[MapPlace], supported: list[MapPlace]) -> MiniMap:
    """Build from territories already loaded (the wish page has them: no query)."""
    filed_ids = {t.id for t in filed}
    seen: set[int] = set()
    others: list[MapPlace] = []
    for territory in supported:
        if territory.id not in filed_ids and territory.id not in seen:
            seen.add(territory.id)
            others.append(territory)
    return MiniMap(filed=list(filed), supported=others)


def territories_for_wish(wish_id: int) -> MiniMap:
    return _territories_behind(select(literal(wish_id)))


def territories_for_roadmap_item(item_id: int) -> MiniMap:
    """Territories that filed or support the wishes linked to a roadmap item (one query)."""
    return _territories_behind(select(WishLink.wish_id).where(WishLink.roadmap_item_id == item_id))


def _territories_behind(wish_ids: Select[int]) -> MiniMap:
    filed_part = select(Wish.territory_id.label("territory_id"), literal(1).label("f")).where(
        Wish.id.in_(wish_ids)
    )
    support_part = select(Vote.territory_id.label("territory_id"), literal(0)).where(
        Vote.wish_id.in_(wish_ids)
    )
    pairs = union_all(filed_part, support_part).subquery()
    per_territory = (
        select(pairs.c.territory_id, func.max(pairs.c.f).label("filed"))
        .group_by(pairs.c.territory_id)
        .subquery()
    )
    rows = by_name(
        db.session.execute(
            select(Territory, per_territory.c.filed).join(
                per_territory, per_territory.c.territory_id == Territory.id
            )
        ).all(),
        name=lambda row: row[0].name,
    )
    return MiniMap(
        filed=[t for t, filed in rows if filed], supported=[t for t, filed in rows if not filed]
    )
