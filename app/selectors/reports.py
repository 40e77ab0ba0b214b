"""The yearly board report of a territory, a club or the whole network.

What the scope asked for that year (wishes it filed), what it supported (wishes filed
elsewhere that it supported that year), the vendor's answers on those wishes, what
shipped for it, its co-funding pledges and what is late. A fixed number of queries
whatever the number of wishes (each list is one query, the deliveries one more).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import CompoundSelect, Select, select, true, union
from sqlalchemy.orm import joinedload

from app.collation import by_name
from app.extensions import db
from app.geo import department_codes, departments_of_region
from app.models import (
    Club,
    ClubMembership,
    Comment,
    Pledge,
    RoadmapItem,
    RoadmapStatus,
    StatusChange,
    Territory,
    Vote,
    Wish,
    WishLink,
    WishStatus,
)
from app.selectors.delivery import deliveries_for
from app.selectors.funding import Funding, funding_for_items
from app.selectors.late import late_condition

LIST_LIMIT = 500


@dataclass
class Answer:
    wish: Wish
    at: datetime
    kind: str  # "status" (a triage decision) or "official_answer"
    status: str | None
    note: str


@dataclass
class PledgeRow:
    pledge: Pledge
    item: RoadmapItem
    funding: Funding


@dataclass
class Report:
    year: int
    title: str
    territories: list[Territory]
    asked: list[Wish] = field(default_factory=list)
    supported: list[Wish] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    shipped: list[RoadmapItem] = field(default_factory=list)
    pledges: list[PledgeRow] = field(default_factory=list)
    late: list[RoadmapItem] = field(default_factory=list)
    deliveries: dict[int, str] = field(default_factory=dict)
    monthly: list[tuple[int, int, int]] = field(default_factory=list)  # month, asked, supported
    codes: set[str] = field(default_factory=set)  # departments on the map
    network: bool = False

    @property
    def pledged_total(self) -> int:
        return sum(row.pledge.amount for row in self.pledges)

    @property
    def monthly_max(self) -> int:
        return max([1, *(max(a, s) for _m, a, s in self.monthly)])


def _bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def map_codes(territories: list[Territory]) -> set[str]:
    """Departments a territory covers: its own, or its region's for a regional body."""
    codes: set[str] = set()
    for territory in territories:
        own = department_codes(territory.department_code)
        codes.update(own or departments_of_region(territory.region))
    return codes


def _wishes(query: Select[Wish]) -> list[Wish]:
    return list(
        db.session.execute(
            query.options(joinedload(Wish.territory), joinedload(Wish.product))
            .order_by(Wish.territories_count.desc(), Wish.votes_count.desc(), Wish.id)
            .limit(LIST_LIMIT)
        )
        .unique()
        .scalars()
    )


def build_report(
    *, year: int, title: str, territories: list[Territory], network: bool = False
) -> Report:
    """The report of these territories (all of them for the network) for ``year``."""
    start, end = _bounds(year)
    ids = [t.id for t in territories]
    report = Report(year=year, title=title, territories=territories, network=network)
    in_year_wish = (Wish.created_at >= start, Wish.created_at < end)
    visible = Wish.status != WishStatus.DUPLICATE
    scope_wish = Wish.territory_id.in_(ids) if not network else true()

    report.asked = _wishes(select(Wish).where(scope_wish, visible, *in_year_wish))
    supported_votes = select(Vote.wish_id).where(Vote.created_at >= start, Vote.created_at < end)
    if not network:
        supported_votes = supported_votes.where(Vote.territory_id.in_(ids))
        report.supported = _wishes(
            select(Wish).where(Wish.id.in_(supported_votes), ~Wish.territory_id.in_(ids), visible)
        )
    else:
        report.supported = _wishes(
            select(Wish).where(Wish.id.in_(supported_votes), visible, Wish.votes_count > 0)
        )

    # Every wish of the scope (filed or supported, whatever the year) for answers,
    # deliveries and lateness.
    concerned: Select[int] | CompoundSelect[int]
    if network:
        concerned = select(Wish.id)
    else:
        concerned = union(
            select(Wish.id).where(Wish.territory_id.in_(ids)),
            select(Vote.wish_id).where(Vote.territory_id.in_(ids)),
        )
    concerned_ids = concerned if network else select(concerned.subquery().c[0])

    answers = db.session.execute(
        select(StatusChange, Wish)
        .join(Wish, Wish.id == StatusChange.wish_id)
        .where(
            StatusChange.wish_id.in_(concerned_ids),
            StatusChange.kind.in_(("status", "official_answer")),
            StatusChange.created_at >= start,
            StatusChange.created_at < end,
        )
        .options(joinedload(Wish.territory))
        .order_by(StatusChange.created_at, StatusChange.id)
        .limit(LIST_LIMIT)
    ).all()
    official = {
        comment.wish_id: comment.body
        for comment in db.session.execute(
            select(Comment).where(
                Comment.is_official.is_(True),
                Comment.wish_id.in_({wish.id for change, wish in answers}),
                Comment.created_at >= start,
                Comment.created_at < end,
            )
        ).scalars()
    }
    report.answers = [
        Answer(
            wish=wish,
            at=change.created_at,
            kind=change.kind,
            status=change.to_value if change.kind == "status" else None,
            note=change.note or (official.get(wish.id, "") if change.kind != "status" else ""),
        )
        for change, wish in answers
    ]

    linked_items = select(WishLink.roadmap_item_id).where(WishLink.wish_id.in_(concerned_ids))
    report.shipped = list(
        db.session.execute(
            select(RoadmapItem)
            .where(
                RoadmapItem.status == RoadmapStatus.SHIPPED,
                RoadmapItem.shipped_on >= start.date(),
                RoadmapItem.shipped_on < end.date(),
                RoadmapItem.id.in_(linked_items),
            )
            .options(joinedload(RoadmapItem.product))
            .order_by(RoadmapItem.shipped_on, RoadmapItem.id)
        ).scalars()
    )
    as_of = min(date.today(), date(year, 12, 31))
    report.late = list(
        db.session.execute(
            select(RoadmapItem)
            .where(late_condition(as_of), RoadmapItem.id.in_(linked_items))
            .options(joinedload(RoadmapItem.product))
            .order_by(RoadmapItem.target, RoadmapItem.id)
        ).scalars()
    )

    pledges = select(Pledge, RoadmapItem).join(
        RoadmapItem, RoadmapItem.id == Pledge.roadmap_item_id
    )
    if not network:
        pledges = pledges.where(Pledge.territory_id.in_(ids))
    rows = db.session.execute(
        pledges.where(Pledge.created_at < end)
        .options(joinedload(Pledge.territory))
        .order_by(RoadmapItem.title, Pledge.amount.desc())
    ).all()
    fundings = funding_for_items({item.id: item for _p, item in rows}.values())
    report.pledges = [PledgeRow(p, item, fundings[item.id]) for p, item in rows]

    report.deliveries = deliveries_for([*report.asked, *report.supported])
    asked = Counter(w.created_at.month for w in report.asked)
    supported_months = _support_months(ids, start, end, network)
    report.monthly = [(m, asked.get(m, 0), supported_months.get(m, 0)) for m in range(1, 13)]
    report.codes = map_codes(territories)
    return report


def _support_months(ids: list[int], start: datetime, end: datetime, network: bool) -> Counter[int]:
    query = select(Vote.created_at).where(Vote.created_at >= start, Vote.created_at < end)
    if not network:
        query = query.join(Wish, Wish.id == Vote.wish_id).where(
            Vote.territory_id.in_(ids), ~Wish.territory_id.in_(ids)
        )
    return Counter(created.month for created in db.session.execute(query).scalars())


def territory_report(territory: Territory, year: int) -> Report:
    return build_report(year=year, title=territory.name, territories=[territory])


def club_report(club: Club, year: int) -> Report:
    members = by_name(
        db.session.execute(
            select(Territory)
            .join(ClubMembership, ClubMembership.territory_id == Territory.id)
            .where(ClubMembership.club_id == club.id)
        ).scalars()
    )
    return build_report(year=year, title=club.name, territories=members)


def network_report(year: int) -> Report:
    territories = by_name(
        db.session.execute(select(Territory).where(Territory.active.is_(True))).scalars()
    )
    return build_report(year=year, title="", territories=territories, network=True)
