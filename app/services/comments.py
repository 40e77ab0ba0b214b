"""Writing, editing and deleting comments on a wish.

The author may edit or delete a comment for ``COMMENT_EDIT_MINUTES`` after posting it;
the text it replaced stays in a ``CommentRevision``, and a deleted comment keeps its
place in the thread, so a discussion never loses the message someone answered.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.models import Comment, CommentRevision, User, utcnow
from app.services import permissions
from app.services.errors import NotFound, PermissionDenied, ValidationFailed
from app.services.locks import get_wish_for_update
from app.services.text import unstorable

COMMENT_MAX = 10_000


def edit_window() -> timedelta:
    return timedelta(minutes=current_app.config.get("COMMENT_EDIT_MINUTES", 15))


def editable_until(comment: Comment) -> datetime:
    return comment.created_at + edit_window()


def _refusal_reason(user: User, comment: Comment, now: datetime | None) -> str | None:
    """Why a change is refused, as a code (``not_yours``, ``deleted``, ``late``) or None:
    a wish page asks about each of its 50 comments and needs no translated message."""
    if not user.is_authenticated or comment.author_id != user.id:
        return "not_yours"
    if comment.deleted_at is not None:
        return "deleted"
    if (now or utcnow()) >= editable_until(comment):
        return "late"
    return None


def change_refusal(user: User, comment: Comment, *, now: datetime | None = None) -> str | None:
    """Why ``user`` may not edit or delete ``comment`` any more, or None if they may."""
    reason = _refusal_reason(user, comment, now)
    if reason == "not_yours":
        return _("Vous ne pouvez modifier ou supprimer que vos propres commentaires.")
    if reason == "deleted":
        return _("Ce commentaire a été supprimé.")
    if reason == "late":
        minutes = int(edit_window().total_seconds() // 60)
        return ngettext(
            "Un commentaire se modifie ou se supprime dans la minute qui suit sa "
            "publication ; ce délai est passé.",
            "Un commentaire se modifie ou se supprime dans les %(num)d minutes qui "
            "suivent sa publication ; ce délai est passé.",
            minutes,
        )
    return None


def can_change(user: User, comment: Comment, *, now: datetime | None = None) -> bool:
    """Whether ``user`` may still edit or delete ``comment`` (for showing the buttons)."""
    return _refusal_reason(user, comment, now) is None


def _clean_body(body: str | None) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationFailed(
            _("Le commentaire est vide."), fields={"body": _("Écrivez un commentaire.")}
        )
    if len(text) > COMMENT_MAX:
        raise ValidationFailed(
            _("Le commentaire est trop long."),
            fields={"body": _("%(max)d caractères au plus.", max=COMMENT_MAX)},
        )
    if unstorable(text):
        message = _("Le commentaire contient des caractères invalides.")
        raise ValidationFailed(message, fields={"body": message})
    return text


def comment_add(*, user: User, wish_id: int, body: str) -> Comment:
    if not permissions.can_comment(user):
        raise PermissionDenied(_("Votre rôle ne permet pas de commenter."))
    text = _clean_body(body)
    wish = get_wish_for_update(wish_id)
    comment = Comment(wish_id=wish.id, author_id=user.id, body=text)
    db.session.add(comment)
    wish.comments_count = (wish.comments_count or 0) + 1
    db.session.flush()
    return comment


def _own_comment_in_window(user: User, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id) if isinstance(comment_id, int) else None
    if comment is None or not permissions.can_comment(user):
        raise NotFound(_("Commentaire introuvable."))
    refusal = change_refusal(user, comment)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return comment


def comment_edit(*, user: User, comment_id: int, body: str) -> Comment:
    """Replace the text of one's own recent comment; the old text becomes a revision."""
    comment = _own_comment_in_window(user, comment_id)
    text = _clean_body(body)
    if text == comment.body:
        return comment
    db.session.add(
        CommentRevision(comment_id=comment.id, editor_id=user.id, kind="edit", body=comment.body)
    )
    comment.body = text
    comment.edited_at = utcnow()
    db.session.flush()
    return comment


def comment_delete(*, user: User, comment_id: int) -> Comment:
    """Withdraw one's own recent comment: its place stays, its text goes to a revision."""
    comment = _own_comment_in_window(user, comment_id)
    db.session.add(
        CommentRevision(comment_id=comment.id, editor_id=user.id, kind="delete", body=comment.body)
    )
    comment.body = ""
    comment.deleted_at = utcnow()
    comment.is_official = False
    db.session.flush()
    return comment
