"""Labels of the domain's codes by code, for templates and exports (the words and
their msgids live in ``app/models/enums.py``; translated at render time)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from flask_babel.speaklater import LazyString

from app.i18n import current_translations
from app.models import enums


class Label(LazyString):
    """A label translated when shown (like ``lazy_gettext``) that keeps its msgid, so
    that :func:`label` can translate it straight from the request's catalogue."""

    def __init__(self, msgid: str) -> None:
        super().__init__(gettext, msgid)
        self.msgid = msgid


def _l(msgid: str) -> Label:
    return Label(msgid)


def _labels(words: type[enums.Word]) -> dict[str, LazyString]:
    return {code: _l(msgid) for code, msgid in enums.msgids(words).items()}


WISH_STATUS_LABELS = _labels(enums.WishStatus)
ROADMAP_STATUS_LABELS = _labels(enums.RoadmapStatus)
DELIVERY_LABELS = {
    **WISH_STATUS_LABELS,
    **ROADMAP_STATUS_LABELS,
    "partially_shipped": _l("Livré en partie"),
}
ROLE_LABELS = _labels(enums.Role)
TERRITORY_KIND_LABELS = _labels(enums.TerritoryKind)
NOTIFICATION_PREFERENCE_LABELS = _labels(enums.NotificationPreference)
HISTORY_KIND_LABELS = _labels(enums.HistoryKind)
ANSWER_DECISION_LABELS = _labels(enums.AnswerDecision)


def label(mapping: Mapping[str, Any], code: str | None) -> str:
    """The label of ``code`` in the current language (the code itself if unknown).

    Straight from the request's catalogue: a list shows one per row, and a lazy
    string looks its catalogue up through Flask-Babel each time."""
    if code is None:
        return ""
    text = mapping.get(code)
    if text is None:
        return code
    if isinstance(text, Label):
        return current_translations().ugettext(text.msgid)
    return str(text)
