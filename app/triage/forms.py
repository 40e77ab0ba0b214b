from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.http_input import db_int


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


class LinkItemForm(FlaskForm):
    item = SelectField(
        _l("Élément de feuille de route"), coerce=db_int, validators=[DataRequired()]
    )
    next = HiddenField()
    submit = SubmitField(_l("Lier"))
