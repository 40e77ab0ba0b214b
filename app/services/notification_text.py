"""The words of a notification, in the reader's language, for the page and the e-mails.

A notification stores a ``kind`` and a ``payload`` (codes and titles, never sentences),
so the same row reads in French for one user and in English for another. The page
renders in the request's locale; e-mails in the recipient's (``User.locale``, else the
site default) through :func:`app.i18n.force_locale`.

Payload keys read here (all optional; missing titles fall back to the related wish or
roadmap item, which callers should load eagerly):

- ``wish_status``: ``wish_title``, ``from``, ``to``, ``note``
- ``wish_linked`` / ``wish_unlinked``: ``wish_title``, ``item_title``
- ``item_status``: ``item_title``, ``from``, ``to``, ``release``, ``note``
- ``official_answer``: ``wish_title``, ``excerpt``, ``comment_id``
- ``wish_merged``: ``wish_title``, ``into_id``, ``into_title``
- ``restitution_answer``: ``wish_title``, ``event_name``, ``event_slug``, ``decision``,
  ``target``, ``note`` (the answer's text)
- ``funding_reached``: ``item_title``, ``goal``, ``pledged``, ``territories``
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from app import labels
from app.i18n import force_locale, ngettext
from app.models import Notification, User
from app.money import money
from app.public_url import public_url
from app.templating import datetime_text

EXCERPT_MAX = 280


@dataclass(frozen=True)
class NotificationText:
    subject: str  # short line: e-mail subject, page heading
    message: str  # one sentence
    note: str | None  # the vendor's note or an excerpt, if any
    path: str  # where to read more, relative to the site root


def recipient_locale(user: User) -> str:
    languages = current_app.config["LANGUAGES"]
    if user.locale and user.locale in languages:
        return str(user.locale)
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def absolute_url(path: str) -> str:
    return public_url(path)


def site_path(endpoint: str, fallback: str, **values: Any) -> str:
    """The path of an endpoint, outside a request too; ``fallback`` when not registered."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:
        return fallback


def _first(payload: Mapping[str, Any], *keys: str) -> Any:
    for key in keys:
        value = payload.get(key)
        if value not in (None, ""):
            return value
    return None


def _wish_path(wish_id: int | None) -> str:
    if wish_id is None:
        return site_path("notifications.index", "/notifications")
    return site_path("wishes.show", f"/wishes/{wish_id}", wish_id=wish_id)


def _item_path(item_id: int | None) -> str:
    if item_id is None:
        return site_path("notifications.index", "/notifications")
    return site_path("roadmap.show", f"/roadmap/{item_id}", item_id=item_id)


def _wish_title(notification: Notification) -> str:
    title = _first(notification.payload or {}, "wish_title", "title")
    if title is None and notification.wish_id is not None and notification.wish is not None:
        title = notification.wish.title
    return title or _("souhait")


def _item_title(notification: Notification) -> str:
    title = _first(notification.payload or {}, "item_title", "roadmap_item_title")
    if (
        title is None
        and notification.roadmap_item_id is not None
        and notification.roadmap_item is not None
    ):
        title = notification.roadmap_item.title
    return title or _("élément de la feuille de route")


def _excerpt(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(str(text).split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1].rstrip() + "…"


# How a notification tells a status change, by its kind: the labels of the statuses, the
# sentence from the old status to the new one, and the sentence for the new one alone
# (when the payload does not tell the old).
_STATUS_SENTENCES = {
    "wish_status": (
        labels.WISH_STATUS_LABELS,
        _l("Le souhait « %(wish)s » est passé de « %(old)s » à « %(new)s »."),
        _l("Le souhait « %(wish)s » est maintenant « %(new)s »."),
    ),
    "item_status": (
        labels.ROADMAP_STATUS_LABELS,
        _l("« %(item)s » est passé de « %(old)s » à « %(new)s »."),
        _l("« %(item)s » est maintenant « %(new)s »."),
    ),
}


def _status_change(kind: str, old: Any, new: Any, **names: str) -> tuple[str, str]:
    """The sentence of a ``kind`` status change, filled with ``names``, and the label of
    the new status."""
    status_labels, moved, now = _STATUS_SENTENCES[kind]
    values = {**names, "new": labels.label(status_labels, new)}
    if not old:
        return now % values, values["new"]
    return moved % {**values, "old": labels.label(status_labels, old)}, values["new"]


def render(notification: Notification) -> NotificationText:
    """The text in the current locale (wrap in ``force_locale`` for another reader)."""
    payload = notification.payload or {}
    kind = notification.kind
    note = _excerpt(_first(payload, "note", "reason"))
    old = _first(payload, "from", "old_status", "previous_status")
    new = _first(payload, "to", "new_status", "status")

    if kind == "wish_status":
        wish = _wish_title(notification)
        message, new_label = _status_change(kind, old, new, wish=wish)
        subject = _("Souhait « %(wish)s » : %(new)s", wish=wish, new=new_label)
        path = _wish_path(notification.wish_id)
    elif kind in ("wish_linked", "wish_unlinked"):
        wish, item = _wish_title(notification), _item_title(notification)
        if kind == "wish_linked":
            message = _(
                "Le souhait « %(wish)s » est lié à « %(item)s » sur la feuille de route.",
                wish=wish,
                item=item,
            )
            subject = _("Souhait « %(wish)s » sur la feuille de route", wish=wish)
        else:
            message = _(
                "Le souhait « %(wish)s » n'est plus lié à « %(item)s » sur la feuille de route.",
                wish=wish,
                item=item,
            )
            subject = _("Souhait « %(wish)s » retiré de la feuille de route", wish=wish)
        path = _wish_path(notification.wish_id)
    elif kind == "item_status":
        item = _item_title(notification)
        message, new_label = _status_change(kind, old, new, item=item)
        release = _first(payload, "release")
        if new == "shipped" and release:
            message += " " + _("Version : %(release)s.", release=release)
        subject = _("Feuille de route : « %(item)s » %(new)s", item=item, new=new_label)
        path = _item_path(notification.roadmap_item_id)
    elif kind == "official_answer":
        wish = _wish_title(notification)
        message = _("L'éditeur a répondu officiellement au souhait « %(wish)s ».", wish=wish)
        subject = _("Réponse officielle sur « %(wish)s »", wish=wish)
        note = _excerpt(_first(payload, "excerpt", "answer", "body")) or note
        path = _wish_path(notification.wish_id)
        comment_id = _first(payload, "comment_id")
        if comment_id and notification.wish_id is not None:
            path += f"#comment-{int(comment_id)}"
    elif kind == "wish_merged":
        wish = _wish_title(notification)
        into_id = _first(payload, "into_id", "merged_into_id", "target_id")
        into = _first(payload, "into_title", "merged_into_title", "target_title")
        if into:
            message = _(
                "Le souhait « %(wish)s » a été fusionné dans « %(into)s », que vous suivez désormais.",
                wish=wish,
                into=into,
            )
        else:
            message = _("Le souhait « %(wish)s » a été fusionné dans un autre souhait.", wish=wish)
        subject = _("Souhait « %(wish)s » fusionné", wish=wish)
        path = _wish_path(int(into_id) if into_id else notification.wish_id)
    elif kind == "restitution_answer":
        wish = _wish_title(notification)
        decision = labels.label(labels.ANSWER_DECISION_LABELS, _first(payload, "decision"))
        target = _first(payload, "target")
        if target:
            message = _(
                "Réponse de l'éditeur à « %(wish)s », remis à la %(event)s : %(decision)s, "
                "échéance %(target)s.",
                wish=wish,
                event=_first(payload, "event_name") or "",
                decision=decision,
                target=target,
            )
        else:
            message = _(
                "Réponse de l'éditeur à « %(wish)s », remis à la %(event)s : %(decision)s.",
                wish=wish,
                event=_first(payload, "event_name") or "",
                decision=decision,
            )
        subject = _("Réponse de l'éditeur : « %(wish)s »", wish=wish)
        event_slug = _first(payload, "event_slug")
        if event_slug:
            path = site_path(
                "events.restitution", f"/events/{event_slug}/restitution", slug=event_slug
            )
        else:
            path = _wish_path(notification.wish_id)
    elif kind == "funding_reached":
        item = _item_title(notification)
        message = ngettext(
            "Le cofinancement de « %(item)s » a atteint son objectif : %(pledged)s promis "
            "par %(num)s territoire pour %(goal)s.",
            "Le cofinancement de « %(item)s » a atteint son objectif : %(pledged)s promis "
            "par %(num)s territoires pour %(goal)s.",
            len(payload.get("territories") or []),
            item=item,
            pledged=money(_first(payload, "pledged") or 0),
            goal=money(_first(payload, "goal") or 0),
        )
        subject = _("Cofinancement atteint : « %(item)s »", item=item)
        path = _item_path(notification.roadmap_item_id)
    else:
        message = _("Du nouveau sur un sujet que vous suivez.")
        subject = message
        if notification.roadmap_item_id is not None:
            path = _item_path(notification.roadmap_item_id)
        else:
            path = _wish_path(notification.wish_id)
    return NotificationText(subject=subject, message=message, note=note, path=path)


def subject_heading(notification: Notification) -> tuple[str, str]:
    """The title and path of what the notification is about: its roadmap item, else its
    wish (how the page groups them), else its own subject line and link."""
    if notification.roadmap_item_id is not None:
        return _item_title(notification), _item_path(notification.roadmap_item_id)
    if notification.wish_id is not None:
        return _wish_title(notification), _wish_path(notification.wish_id)
    text = render(notification)
    return text.subject, text.path


def _footer(user: User) -> str:
    account = absolute_url(site_path("auth.account", "/account"))
    return "\n".join(
        [
            "-- ",
            _(
                "Vous recevez ce message parce que vous suivez ce sujet sur %(site)s.",
                site=current_app.config["SITE_NAME"],
            ),
            _("Choisir quand recevoir des e-mails : %(url)s", url=account),
        ]
    )


def notification_email(user: User, notification: Notification) -> tuple[str, str]:
    """Subject and plain-text body of the immediate e-mail, in the recipient's language."""
    with force_locale(recipient_locale(user)):
        text = render(notification)
        site = current_app.config["SITE_NAME"]
        lines = [_("Bonjour %(name)s,", name=user.display_name), "", text.message]
        if text.note:
            lines += ["", _("Note : %(note)s", note=text.note)]
        lines += ["", _("Lire la suite : %(url)s", url=absolute_url(text.path)), "", _footer(user)]
        return f"[{site}] {text.subject}", "\n".join(lines) + "\n"


def digest_email(user: User, notifications: Sequence[Notification]) -> tuple[str, str]:
    """One e-mail listing several notifications (oldest first), in the recipient's language."""
    with force_locale(recipient_locale(user)):
        site = current_app.config["SITE_NAME"]
        count = len(notifications)
        subject = ngettext(
            "%(num)d nouveauté sur les sujets que vous suivez",
            "%(num)d nouveautés sur les sujets que vous suivez",
            count,
        )
        lines = [
            _("Bonjour %(name)s,", name=user.display_name),
            "",
            _("Voici ce qui a changé depuis votre dernier résumé :"),
        ]
        for notification in notifications:
            text = render(notification)
            lines += ["", f"* {datetime_text(notification.created_at, 'short')} — {text.message}"]
            if text.note:
                lines.append("  " + _("Note : %(note)s", note=text.note))
            lines.append("  " + absolute_url(text.path))
        all_url = absolute_url(site_path("notifications.index", "/notifications"))
        lines += ["", _("Toutes vos notifications : %(url)s", url=all_url), "", _footer(user)]
        return f"[{site}] {subject}", "\n".join(lines) + "\n"
