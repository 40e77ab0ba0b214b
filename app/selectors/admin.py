"""Lists of the admin pages (users, territories, clubs, catalogue)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.collation import by_name, by_position_and_name
from app.extensions import db
from app.models import Category, Club, ClubMembership, Product, Role, Synonym, Territory, User

_Entry = TypeVar("_Entry", Product, Category)


def user_list(
    *, role: str = "", territory: str = "", q: str = "", status: str = ""
) -> Select[User]:
    query = select(User).options(joinedload(User.territory), joinedload(User.club))
    if role in Role.ALL:
        query = query.where(User.role == role)
    if territory:
        query = query.where(
            User.territory_id
            == select(Territory.id).where(Territory.slug == territory).scalar_subquery()
        )
    if status == "active":
        query = query.where(User.active.is_(True))
    elif status == "inactive":
        query = query.where(User.active.is_(False))
    q = (q or "").strip().lower()
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                func.lower(User.email).like(pattern, escape="\\"),
                func.lower(User.display_name).like(pattern, escape="\\"),
            )
        )
    return query.order_by(func.lower(User.display_name), User.id)


def all_territories() -> list[Territory]:
    return by_name(db.session.execute(select(Territory)).scalars())


def territory_rows() -> list[tuple[Territory, int]]:
    """Every territory with its number of users, in two queries."""
    territories = all_territories()
    counts = dict(
        db.session.execute(
            select(User.territory_id, func.count(User.id)).group_by(User.territory_id)
        ).all()
    )
    return [(t, counts.get(t.id, 0)) for t in territories]


def all_clubs() -> list[Club]:
    return by_name(
        db.session.execute(
            select(Club).options(joinedload(Club.host_territory), selectinload(Club.territories))
        ).scalars()
    )


def club_with_members(club_id: int) -> Club | None:
    return db.session.execute(
        select(Club)
        .where(Club.id == club_id)
        .options(joinedload(Club.host_territory), selectinload(Club.territories))
    ).scalar_one_or_none()


def member_ids(club_id: int) -> set[int]:
    return set(
        db.session.execute(
            select(ClubMembership.territory_id).where(ClubMembership.club_id == club_id)
        ).scalars()
    )


def catalog_entries(model: type[_Entry]) -> list[_Entry]:
    return by_position_and_name(db.session.execute(select(model)).scalars())


def thesaurus_groups() -> list[str]:
    """The thesaurus' groups as written, in the order they were entered."""
    return list(db.session.execute(select(Synonym.terms).order_by(Synonym.id)).scalars())
