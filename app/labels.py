"""Human labels for codes stored in the database (translated at render time)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from flask_babel.speaklater import LazyString

from app.i18n import current_translations


class Label(LazyString):
    """A label translated when shown (like ``lazy_gettext``) that keeps its msgid, so
    that :func:`label` can translate it straight from the request's catalogue."""

    def __init__(self, msgid: str) -> None:
        super().__init__(gettext, msgid)
        self.msgid = msgid


def _l(msgid: str) -> Label:
    return Label(msgid)


WISH_STATUS_LABELS = {
    "new": _l("Nouveau"),
    "under_review": _l("À l'étude"),
    "accepted": _l("Retenu"),
    "declined": _l("Non retenu"),
    "duplicate": _l("Doublon"),
}

ROADMAP_STATUS_LABELS = {
    "considering": _l("Envisagé"),
    "planned": _l("Planifié"),
    "in_progress": _l("En développement"),
    "in_testing": _l("En recette"),
    "shipped": _l("Livré"),
    "postponed": _l("Reporté"),
    "cancelled": _l("Abandonné"),
}

DELIVERY_LABELS = {
    **WISH_STATUS_LABELS,
    **ROADMAP_STATUS_LABELS,
    "partially_shipped": _l("Livré en partie"),
}

ROLE_LABELS = {
    "visitor": _l("Visiteur"),
    "club_member": _l("Membre de club"),
    "referent": _l("Référent territorial"),
    "vendor": _l("Éditeur"),
    "admin": _l("Administrateur"),
}

TERRITORY_KIND_LABELS = {
    "CRT": _l("Comité régional du tourisme (CRT)"),
    "ADT": _l("Agence de développement touristique (ADT)"),
    "CDT": _l("Comité départemental du tourisme (CDT)"),
    "OT": _l("Office de tourisme (OT)"),
    "other": _l("Autre structure"),
}

NOTIFICATION_PREFERENCE_LABELS = {
    "immediate": _l("Immédiatement"),
    "daily": _l("Résumé quotidien"),
    "never": _l("Jamais"),
}

HISTORY_KIND_LABELS = {
    "created": _l("Création"),
    "status": _l("Changement de statut"),
    "link": _l("Lié à la feuille de route"),
    "unlink": _l("Retiré de la feuille de route"),
    "merge": _l("Fusionné"),
    "merged_from": _l("Doublon fusionné"),
    "official_answer": _l("Réponse officielle"),
    "edit": _l("Modification"),
    "supported": _l("Soutien"),
    "item_status": _l("Élément lié : changement de statut"),
    "item_shipped": _l("Élément lié livré"),
    "pledge": _l("Promesse de cofinancement"),
    "pledge_withdrawn": _l("Promesse retirée"),
    "funding_goal": _l("Objectif de cofinancement"),
    "funding_reached": _l("Objectif de cofinancement atteint"),
    "funding_confirmed": _l("Cofinancement confirmé"),
}


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


ANSWER_DECISION_LABELS = {
    "retained": _l("Retenu par l'éditeur"),
    "later": _l("Plus tard"),
    "declined": _l("Non retenu par l'éditeur"),
}
