"""The closed vocabularies of the domain: each word a ``StrEnum`` member stored as its
code (guarded by a CHECK constraint, see :func:`check_known`), shown as its label.

Labels are French msgids translated when shown (``WishStatus.ACCEPTED.label``). Groups
of words that rules share (``Role.STAFF``, ``WishStatus.CLOSED_TO_SUPPORT``) are
declared here once so templates, services and views ask for them by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from flask_babel import lazy_gettext
from flask_babel.speaklater import LazyString
from sqlalchemy import CheckConstraint, String
from sqlalchemy.types import TypeDecorator


def _l(msgid: str) -> str:
    """Marks a label for extraction (``-k _l``); it is translated when shown."""
    return msgid


class Word(StrEnum):
    """A word of a closed vocabulary: stored as its code, shown as its label."""

    @property
    def msgid(self) -> str:
        return _MSGIDS[type(self)][self]

    @property
    def label(self) -> LazyString:
        return lazy_gettext(self.msgid)


class WishStatus(Word):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DUPLICATE = "duplicate"

    ALL: ClassVar[tuple[WishStatus, ...]]
    CLOSED_TO_SUPPORT: ClassVar[tuple[WishStatus, ...]]

    @property
    def is_closed(self) -> bool:
        """Declined and duplicate wishes take no new support (DESIGN §3)."""
        return self in WishStatus.CLOSED_TO_SUPPORT


class RoadmapStatus(Word):
    CONSIDERING = "considering"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    IN_TESTING = "in_testing"
    SHIPPED = "shipped"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"

    ALL: ClassVar[tuple[RoadmapStatus, ...]]
    # From least to most advanced: a wish's delivery is the most advanced of its items.
    PROGRESS: ClassVar[tuple[RoadmapStatus, ...]]


class Role(Word):
    VISITOR = "visitor"
    CLUB_MEMBER = "club_member"
    REFERENT = "referent"
    VENDOR = "vendor"
    ADMIN = "admin"

    ALL: ClassVar[tuple[Role, ...]]
    STAFF: ClassVar[tuple[Role, ...]]
    MEMBERS: ClassVar[tuple[Role, ...]]
    # Who may file and support wishes (referents for their territory, staff for any).
    SUPPORTERS: ClassVar[tuple[Role, ...]]


class HistoryKind(Word):
    """What a history line records. ``SUPPORTED``, ``ITEM_STATUS`` and ``ITEM_SHIPPED``
    are never stored: a wish's timeline derives them from votes and linked items."""

    CREATED = "created"
    STATUS = "status"
    LINK = "link"
    UNLINK = "unlink"
    MERGE = "merge"
    MERGED_FROM = "merged_from"
    OFFICIAL_ANSWER = "official_answer"
    EDIT = "edit"
    SUPPORTED = "supported"
    ITEM_STATUS = "item_status"
    ITEM_SHIPPED = "item_shipped"
    PLEDGE = "pledge"
    PLEDGE_WITHDRAWN = "pledge_withdrawn"
    FUNDING_GOAL = "funding_goal"
    FUNDING_REACHED = "funding_reached"
    FUNDING_CONFIRMED = "funding_confirmed"


class TerritoryKind(Word):
    CRT = "CRT"
    ADT = "ADT"
    CDT = "CDT"
    OT = "OT"
    OTHER = "other"


class NotificationPreference(Word):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    NEVER = "never"


class AnswerDecision(Word):
    """The vendor's answer to a restituted wish."""

    RETAINED = "retained"
    LATER = "later"
    DECLINED = "declined"

    ALL: ClassVar[tuple[AnswerDecision, ...]]


WishStatus.ALL = tuple(WishStatus)
WishStatus.CLOSED_TO_SUPPORT = (WishStatus.DECLINED, WishStatus.DUPLICATE)
RoadmapStatus.ALL = tuple(RoadmapStatus)
RoadmapStatus.PROGRESS = (
    RoadmapStatus.CONSIDERING,
    RoadmapStatus.PLANNED,
    RoadmapStatus.IN_PROGRESS,
    RoadmapStatus.IN_TESTING,
)
Role.ALL = tuple(Role)
Role.STAFF = (Role.VENDOR, Role.ADMIN)
Role.MEMBERS = (Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR, Role.ADMIN)
Role.SUPPORTERS = (Role.REFERENT, Role.VENDOR, Role.ADMIN)
AnswerDecision.ALL = tuple(AnswerDecision)

# Each word's label, a French msgid (translated when shown).
_MSGIDS: dict[type[Word], dict[Any, str]] = {
    WishStatus: {
        WishStatus.NEW: _l("Nouveau"),
        WishStatus.UNDER_REVIEW: _l("À l'étude"),
        WishStatus.ACCEPTED: _l("Retenu"),
        WishStatus.DECLINED: _l("Non retenu"),
        WishStatus.DUPLICATE: _l("Doublon"),
    },
    RoadmapStatus: {
        RoadmapStatus.CONSIDERING: _l("Envisagé"),
        RoadmapStatus.PLANNED: _l("Planifié"),
        RoadmapStatus.IN_PROGRESS: _l("En développement"),
        RoadmapStatus.IN_TESTING: _l("En recette"),
        RoadmapStatus.SHIPPED: _l("Livré"),
        RoadmapStatus.POSTPONED: _l("Reporté"),
        RoadmapStatus.CANCELLED: _l("Abandonné"),
    },
    Role: {
        Role.VISITOR: _l("Visiteur"),
        Role.CLUB_MEMBER: _l("Membre de club"),
        Role.REFERENT: _l("Référent territorial"),
        Role.VENDOR: _l("Éditeur"),
        Role.ADMIN: _l("Administrateur"),
    },
    HistoryKind: {
        HistoryKind.CREATED: _l("Création"),
        HistoryKind.STATUS: _l("Changement de statut"),
        HistoryKind.LINK: _l("Lié à la feuille de route"),
        HistoryKind.UNLINK: _l("Retiré de la feuille de route"),
        HistoryKind.MERGE: _l("Fusionné"),
        HistoryKind.MERGED_FROM: _l("Doublon fusionné"),
        HistoryKind.OFFICIAL_ANSWER: _l("Réponse officielle"),
        HistoryKind.EDIT: _l("Modification"),
        HistoryKind.SUPPORTED: _l("Soutien"),
        HistoryKind.ITEM_STATUS: _l("Élément lié : changement de statut"),
        HistoryKind.ITEM_SHIPPED: _l("Élément lié livré"),
        HistoryKind.PLEDGE: _l("Promesse de cofinancement"),
        HistoryKind.PLEDGE_WITHDRAWN: _l("Promesse retirée"),
        HistoryKind.FUNDING_GOAL: _l("Objectif de cofinancement"),
        HistoryKind.FUNDING_REACHED: _l("Objectif de cofinancement atteint"),
        HistoryKind.FUNDING_CONFIRMED: _l("Cofinancement confirmé"),
    },
    TerritoryKind: {
        TerritoryKind.CRT: _l("Comité régional du tourisme (CRT)"),
        TerritoryKind.ADT: _l("Agence de développement touristique (ADT)"),
        TerritoryKind.CDT: _l("Comité départemental du tourisme (CDT)"),
        TerritoryKind.OT: _l("Office de tourisme (OT)"),
        TerritoryKind.OTHER: _l("Autre structure"),
    },
    NotificationPreference: {
        NotificationPreference.IMMEDIATE: _l("Immédiatement"),
        NotificationPreference.DAILY: _l("Résumé quotidien"),
        NotificationPreference.NEVER: _l("Jamais"),
    },
    AnswerDecision: {
        AnswerDecision.RETAINED: _l("Retenu par l'éditeur"),
        AnswerDecision.LATER: _l("Plus tard"),
        AnswerDecision.DECLINED: _l("Non retenu par l'éditeur"),
    },
}


E = TypeVar("E", bound=StrEnum)


def msgids(words: type[Word]) -> Mapping[str, str]:
    """Code → French msgid of every word of a vocabulary."""
    return {word.value: word.msgid for word in words}


class Vocabulary(TypeDecorator[E]):
    """A ``String`` column read back as members of a ``StrEnum``.

    Unknown codes are written as given, so the CHECK constraint (not a Python
    ``LookupError``) refuses them, the same way on every database."""

    impl = String
    cache_ok = True

    def __init__(self, words: type[E], length: int) -> None:
        super().__init__(length)
        self.words = words
        self._members = {word.value: word for word in words}

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else self._members.get(value, value)


def check_known(column: str, words: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """A CHECK constraint keeping ``column`` within ``words`` (named ``<column>_known``)."""
    codes = ", ".join(f"'{word.value}'" for word in words)
    condition = f"{column} IN ({codes})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_known")
