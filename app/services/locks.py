"""A wish's row, locked for the rest of the transaction: the writes on one wish apply
one at a time (PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writes anyway)."""

from __future__ import annotations

from typing import Any, TypeVar, overload

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import QueryableAttribute

from app.extensions import db
from app.models import Wish
from app.services.errors import NotFound

ID_MAX = 2**31 - 1  # the largest id the database stores (PostgreSQL integer)

_T = TypeVar("_T")


def known_id(value: object) -> int | None:
    """The value as an id worth looking up, or None (not an int, or out of range)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= ID_MAX:
        return None
    return value


def get_wish_for_update(wish_id: int) -> Wish:
    """The wish, locked for the rest of the transaction (PostgreSQL), or NotFound."""
    return locked_wish_column(wish_id, Wish)


@overload
def locked_wish_column(wish_id: int | None, column: type[Wish]) -> Wish: ...


@overload
def locked_wish_column(wish_id: int | None, column: QueryableAttribute[_T]) -> _T: ...


def locked_wish_column(wish_id: int | None, column: Any) -> Any:
    """``column`` (an attribute, or ``Wish`` for the whole row) of the wish, its row
    locked for the rest of the transaction (PostgreSQL); NotFound if there is none."""
    wish_id = known_id(wish_id)
    value = (
        db.session.execute(
            select(column).where(Wish.id == wish_id).with_for_update()
        ).scalar_one_or_none()
        if wish_id
        else None
    )
    if value is None:
        raise NotFound(_("Ce souhait n'existe pas."))
    return value
