"""The Rencontre cycle's writes: dot votes, opening a workshop's vote, the programme of
the next meeting, freezing the restitution, the vendor's answers and their publication.

Who takes part is decided in ``access``; a workshop's vote is written in ``workshops``,
the next meeting's programme in ``preparation``, the restitution in ``restitution``."""

from app.services.rencontre.access import can_prepare_event, can_vote_dots, may_host
from app.services.rencontre.preparation import agenda_add, event_registrations_set
from app.services.rencontre.restitution import (
    ANSWER_TEXT_MAX,
    answer_set,
    restitution_freeze,
    restitution_publish,
)
from app.services.rencontre.workshops import (
    DOTS_MAX,
    TOPIC_MAX,
    dots_set,
    dots_used,
    wish_in_workshop,
    workshop_for_update,
    workshop_update,
)

__all__ = [
    "ANSWER_TEXT_MAX",
    "DOTS_MAX",
    "TOPIC_MAX",
    "agenda_add",
    "answer_set",
    "can_prepare_event",
    "can_vote_dots",
    "dots_set",
    "dots_used",
    "event_registrations_set",
    "may_host",
    "restitution_freeze",
    "restitution_publish",
    "wish_in_workshop",
    "workshop_for_update",
    "workshop_update",
]
