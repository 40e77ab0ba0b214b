"""Reads of the Rencontre cycle: a workshop's board, the ranked list to freeze, the
frozen restitution beside today's delivery, and the review a year later.

Event and workshop reads are in ``board`` and ``programme``; what a meeting hands over
and what became of it in ``restitution`` and ``review``."""

from app.selectors.rencontre.board import (
    Board,
    BoardJson,
    BoardRow,
    BoardRowJson,
    BoardWishJson,
    BoardWorkshopJson,
    board,
    board_rows,
    territory_dots,
    workshop_with_event,
)
from app.selectors.rencontre.programme import (
    WAITING_LIMIT,
    Waiting,
    agenda_candidates,
    agendas,
    awaiting_answer,
    events_query,
    registered_territories,
)
from app.selectors.rencontre.restitution import (
    EntryView,
    RankedWish,
    Restitution,
    ranked_event_wishes,
    restitution,
)
from app.selectors.rencontre.review import Review, ReviewGroup, ReviewGroupJson, ReviewItem, review

__all__ = [
    "WAITING_LIMIT",
    "Board",
    "BoardJson",
    "BoardRow",
    "BoardRowJson",
    "BoardWishJson",
    "BoardWorkshopJson",
    "EntryView",
    "RankedWish",
    "Restitution",
    "Review",
    "ReviewGroup",
    "ReviewGroupJson",
    "ReviewItem",
    "Waiting",
    "agenda_candidates",
    "agendas",
    "awaiting_answer",
    "board",
    "board_rows",
    "events_query",
    "ranked_event_wishes",
    "registered_territories",
    "restitution",
    "review",
    "territory_dots",
    "workshop_with_event",
]
