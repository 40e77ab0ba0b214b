"""The data model (DESIGN §4). Import models from here."""

from app.models.activity import (
    ActivityCount,
    ActivityTotal,
    FigureStamp,
    ItemTerritory,
    ShippedConcern,
)
from app.models.base import Base, UTCDateTime, utcnow
from app.models.catalog import Category, Product
from app.models.enums import (
    AnswerDecision,
    HistoryKind,
    NotificationPreference,
    RoadmapStatus,
    Role,
    TerritoryKind,
    WishStatus,
)
from app.models.event import Event, Workshop
from app.models.notification import Notification, OutboxEmail
from app.models.rencontre import (
    DotVote,
    EventRegistration,
    RestitutionEntry,
    WorkshopAgendaItem,
)
from app.models.roadmap import Pledge, RoadmapItem, WishLink
from app.models.search import SearchWord, Synonym
from app.models.territory import TERRITORY_KINDS, Club, ClubMembership, Territory
from app.models.user import NOTIFICATION_PREFERENCES, ApiToken, User
from app.models.wish import (
    Comment,
    CommentRevision,
    Follow,
    StatusChange,
    Vote,
    Wish,
    WishSupport,
)

__all__ = [
    "ActivityCount",
    "ActivityTotal",
    "FigureStamp",
    "ItemTerritory",
    "ShippedConcern",
    "AnswerDecision",
    "DotVote",
    "EventRegistration",
    "RestitutionEntry",
    "WorkshopAgendaItem",
    "NOTIFICATION_PREFERENCES",
    "TERRITORY_KINDS",
    "ApiToken",
    "Base",
    "Category",
    "Club",
    "ClubMembership",
    "Comment",
    "CommentRevision",
    "Event",
    "Follow",
    "HistoryKind",
    "NotificationPreference",
    "Notification",
    "OutboxEmail",
    "Pledge",
    "Product",
    "RoadmapItem",
    "RoadmapStatus",
    "Role",
    "SearchWord",
    "StatusChange",
    "Synonym",
    "Territory",
    "TerritoryKind",
    "UTCDateTime",
    "User",
    "Vote",
    "Wish",
    "WishLink",
    "WishStatus",
    "WishSupport",
    "Workshop",
    "utcnow",
]

# Full-text index objects and the stemmed columns kept in step (needs the models).
from app.search import index as _search_index  # noqa: E402,F401
