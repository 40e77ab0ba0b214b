from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Product(Base):
    """A product of the vendor's suite (Open Pro, Open System, Addock, gateways…)."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    # The vendor's ticket tracker, e.g. ``https://tracker.example/browse/{ref}``.
    ticket_url_pattern: Mapped[str | None] = mapped_column(String(300))

    def ticket_url(self, ref: str | None) -> str | None:
        """The tracker page of a ticket reference, when the product has a pattern."""
        if not ref or not self.ticket_url_pattern:
            return None
        return self.ticket_url_pattern.replace(TICKET_REF, quote(ref.strip(), safe=""))


TICKET_REF = "{ref}"


class Category(Base):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
