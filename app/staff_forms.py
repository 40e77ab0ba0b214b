"""The staff's forms on a wish: status and merge; the roadmap items of the bulk link.

The triage panel and the wish page both show them, so they live outside either
blueprint."""

from __future__ import annotations

from flask import Response
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import EmptyForm
from app.htmx import fragment
from app.labels import ROADMAP_STATUS_LABELS, WISH_STATUS_LABELS, label
from app.models import Wish, WishStatus
from app.selectors.roadmap import roadmap_choices


class WishStatusForm(FlaskForm):
    status = SelectField(_l("Nouveau statut"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=5_000)],
        description=_l("Obligatoire pour « Non retenu » : la raison est montrée aux territoires."),
    )
    next = HiddenField()
    submit = SubmitField(_l("Changer le statut"))


class MergeForm(FlaskForm):
    into = StringField(
        _l("Fusionner dans le souhait"),
        validators=[DataRequired(), Length(max=160)],
        description=_l("Numéro (#12) ou début du titre du souhait qui reste."),
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=5_000)])
    next = HiddenField()
    submit = SubmitField(_l("Fusionner"))


SETTABLE_STATUSES = (
    WishStatus.NEW,
    WishStatus.UNDER_REVIEW,
    WishStatus.ACCEPTED,
    WishStatus.DECLINED,
)


def wish_status_choices() -> list[tuple[str, str]]:
    return [(s, str(WISH_STATUS_LABELS[s])) for s in SETTABLE_STATUSES]


def roadmap_item_choices() -> list[tuple[int, str]]:
    """Every roadmap item as ``(id, "title (status)")``, for the triage queue's bulk
    link select. A single wish's link field asks for suggestions instead, so its pages
    do not read every item."""
    return [
        (item.id, f"{item.title} ({label(ROADMAP_STATUS_LABELS, item.status)})")
        for item in roadmap_choices()
    ]


def staff_forms(wish: Wish | None = None) -> dict:
    """Forms shown to staff on a wish (the triage panel and the wish page): the status
    select starts on the wish's current status."""
    status_form = WishStatusForm(formdata=None)
    status_form.status.choices = wish_status_choices()
    if wish is not None:
        status_form.status.data = wish.status
    return {
        "status_form": status_form,
        "merge_form": MergeForm(formdata=None),
        "action_form": EmptyForm(formdata=None),
    }


def link_suggestions(*, kind: str, field_id: str, text: str, candidates: list) -> Response:
    """What a link field suggests as the staff type (htmx): wishes under an item's field,
    roadmap items under a wish's."""
    return fragment(
        "triage/_link_suggestions.html",
        field_id=field_id,
        kind=kind,
        candidates=candidates,
        typed=text.strip(),
    )
