from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base
from app.models.enums import TerritoryKind, Vocabulary, check_known

TERRITORY_KINDS = tuple(TerritoryKind)
# The columns that describe a territory, as the admin form and the demo data set them.
TERRITORY_FIELDS = (
    "name",
    "slug",
    "kind",
    "region",
    "department_code",
    "sit",
    "providers_count",
    "joined_year",
)


class Territory(Base):
    """A destination deploying the marketplace (CRT, ADT/CDT, tourist office…)."""

    __tablename__ = "territory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[TerritoryKind] = mapped_column(
        Vocabulary(TerritoryKind, 16), default=TerritoryKind.OTHER
    )
    region: Mapped[str] = mapped_column(String(80), index=True)
    department_code: Mapped[str | None] = mapped_column(String(12))
    sit: Mapped[str | None] = mapped_column(String(60))
    providers_count: Mapped[int] = mapped_column(Integer, default=0)
    joined_year: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)

    clubs: Mapped[list[Club]] = relationship(
        secondary="club_membership", back_populates="territories", viewonly=True
    )

    __table_args__ = (check_known("kind", TerritoryKind),)

    def __repr__(self) -> str:
        return f"<Territory {self.slug}>"


class Club(Base):
    """A users' club grouping territories, hosted by one of them."""

    __tablename__ = "club"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    host_territory_id: Mapped[int | None] = mapped_column(ForeignKey("territory.id"))
    active: Mapped[bool] = mapped_column(default=True)

    host_territory: Mapped[Territory | None] = relationship()
    territories: Mapped[list[Territory]] = relationship(
        secondary="club_membership", back_populates="clubs", viewonly=True
    )


class ClubMembership(Base):
    __tablename__ = "club_membership"

    club_id: Mapped[int] = mapped_column(ForeignKey("club.id"), primary_key=True)
    territory_id: Mapped[int] = mapped_column(
        ForeignKey("territory.id"), primary_key=True, index=True
    )
