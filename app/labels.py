"""Labels of the domain's codes by code, for templates and exports (the words and
their msgids live in ``app/models/enums.py``; translated at render time)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext
from flask_babel.speaklater import LazyString

from app.i18n import current_translations
from app.models.enums import (
    AnswerDecision,
    HistoryKind,
    NotificationPreference,
    RoadmapStatus,
    Role,
    TerritoryKind,
    WishStatus,
    Word,
    msgids,
)

_MSGIDS: dict[int, str] = {}


def _l(msgid: str) -> LazyString:
    """A label translated when shown; its msgid is kept for :func:`label`."""
    text = lazy_gettext(msgid)
    _MSGIDS[id(text)] = msgid
    return text


def _labels(words: type[Word]) -> dict[str, LazyString]:
    return {code: _l(msgid) for code, msgid in msgids(words).items()}


WISH_STATUS_LABELS = _labels(WishStatus)
ROADMAP_STATUS_LABELS = _labels(RoadmapStatus)
DELIVERY_LABELS = {
    **WISH_STATUS_LABELS,
    **ROADMAP_STATUS_LABELS,
    "partially_shipped": _l("Livré en partie"),
}
ROLE_LABELS = _labels(Role)
TERRITORY_KIND_LABELS = _labels(TerritoryKind)
NOTIFICATION_PREFERENCE_LABELS = _labels(NotificationPreference)
HISTORY_KIND_LABELS = _labels(HistoryKind)
ANSWER_DECISION_LABELS = _labels(AnswerDecision)


def label(mapping: Mapping[str, Any], code: str | None) -> str:
    """The label of ``code`` in the current language (the code itself if unknown).

    Straight from the request's catalogue: a list shows one per row, and a lazy
    string looks its catalogue up through Flask-Babel each time."""
    if code is None:
        return ""
    text = mapping.get(code)
    if text is None:
        return code
    msgid = _MSGIDS.get(id(text))
    return current_translations().ugettext(msgid) if msgid is not None else str(text)
