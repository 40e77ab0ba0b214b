from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.http_input import db_int
from app.labels import ROADMAP_STATUS_LABELS


class RoadmapItemForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(), Length(min=3, max=160)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("Markdown accepté."),
    )
    product = SelectField(_l("Produit"), coerce=db_int, validators=[Optional()])
    target = StringField(
        _l("Échéance visée"),
        validators=[Optional(), Length(max=10)],
        description=_l("Une année (2027) ou un trimestre (2027-T2)."),
    )
    external_ref = StringField(
        _l("Référence externe"),
        validators=[Optional(), Length(max=80)],
        description=_l("Par exemple le numéro du ticket chez l'éditeur."),
    )
    status = SelectField(_l("Statut de départ"), validators=[Optional()])
    version = HiddenField()
    submit = SubmitField(_l("Enregistrer"))


class ItemStatusForm(FlaskForm):
    status = SelectField(_l("Nouveau statut"), validators=[DataRequired()])
    note = TextAreaField(_l("Note (facultative)"), validators=[Optional(), Length(max=5_000)])
    shipped_on = DateField(
        _l("Date de livraison"),
        validators=[Optional()],
        description=_l("Obligatoire pour « Livré »."),
    )
    release = StringField(
        _l("Version livrée"),
        validators=[Optional(), Length(max=80)],
        description=_l("Obligatoire pour « Livré », par exemple « Open Pro 2024.3 »."),
    )
    version = HiddenField()
    submit = SubmitField(_l("Changer le statut"))


class LinkWishForm(FlaskForm):
    # Empty when a suggestion was chosen (the radio button ``choice``): the view asks
    # for one or the other.
    wish = StringField(_l("Lier un souhait"), validators=[Optional(), Length(max=160)])
    submit = SubmitField(_l("Lier ce souhait"))


def status_choices(statuses) -> list[tuple[str, str]]:
    return [(s, str(ROADMAP_STATUS_LABELS[s])) for s in statuses]


class PledgeForm(FlaskForm):
    amount = IntegerField(
        _l("Montant promis (euros)"),
        validators=[DataRequired(), NumberRange(min=1, max=10_000_000)],
    )
    submit = SubmitField(_l("Promettre"))


class FundingGoalForm(FlaskForm):
    goal = IntegerField(
        _l("Objectif de cofinancement (euros)"),
        validators=[Optional(), NumberRange(min=1, max=100_000_000)],
        description=_l("Le devis de l'éditeur ; vide pour ne pas proposer de cofinancement."),
    )
    deadline = DateField(_l("Date limite des promesses"), validators=[Optional()])
    submit = SubmitField(_l("Enregistrer l'objectif"))
