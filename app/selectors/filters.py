"""Filters read from a query string: the base the lists, the map and the exports share."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, ClassVar, Self

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from app.models import WishStatus


@dataclass
class QueryFilters:
    """A dataclass of string filters, each read from the query string argument of the
    same name, trimmed, and empty when absent."""

    # Fields that are not query arguments, so neither read nor shown as active.
    NOT_ARGUMENTS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def argument_names(cls) -> list[str]:
        return [f.name for f in fields(cls) if f.name not in cls.NOT_ARGUMENTS]

    @classmethod
    def read_args(cls, args: Any) -> dict[str, str]:
        """Each argument's trimmed value, before a subclass checks or defaults them."""
        return {name: (args.get(name) or "").strip() for name in cls.argument_names()}

    @classmethod
    def from_args(cls, args: Any) -> Self:
        return cls(**cls.read_args(args))

    def active(self) -> dict[str, str]:
        """The arguments that are set, to carry them over in links."""
        return {name: getattr(self, name) for name in self.argument_names() if getattr(self, name)}


@dataclass
class WishScope(QueryFilters):
    """Which wishes a list or the map counts: by product, category and triage status
    (slugs and a status value)."""

    product: str = ""
    category: str = ""
    status: str = ""

    def status_condition(self, column: InstrumentedAttribute[str]) -> ColumnElement[bool] | None:
        """The status filter on ``column``: without one, duplicates are left out; an
        unknown status filters nothing (None)."""
        if self.status in WishStatus.ALL:
            return column == self.status
        if not self.status:
            return column != WishStatus.DUPLICATE
        return None
