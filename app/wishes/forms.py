from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.http_input import DbIntegerField, db_int
from app.services.wishes import BODY_MAX, PROVIDERS_ASKING_MAX, TITLE_MAX, TITLE_MIN


class WishForm(FlaskForm):
    title = StringField(
        _l("Titre"),
        validators=[DataRequired(), Length(min=TITLE_MIN, max=TITLE_MAX)],
        description=_l(
            "Une phrase qui dit le besoin, par exemple « Tarification par saison dans Open Pro »."
        ),
    )
    body = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=BODY_MAX)],
        description=_l("Le contexte, ce que demandent les prestataires. Markdown accepté."),
    )
    product = SelectField(_l("Produit"), coerce=db_int, validators=[DataRequired()])
    category = SelectField(_l("Catégorie"), coerce=db_int, validators=[DataRequired()])
    territory = SelectField(_l("Territoire"), coerce=db_int, validate_choice=False)
    providers_asking = DbIntegerField(
        _l("Nombre de prestataires demandeurs"),
        validators=[Optional(), NumberRange(min=0, max=PROVIDERS_ASKING_MAX)],
    )
    submit = SubmitField(_l("Déposer le souhait"))


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Votre commentaire"),
        validators=[
            DataRequired(_l("Écrivez un commentaire.")),
            Length(max=10_000, message=_l("10 000 caractères au plus.")),
        ],
    )
    submit = SubmitField(_l("Commenter"))
