from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.forms import WishClassificationForm
from app.http_input import DbIntegerField, db_int
from app.services.wish_rules import BODY_MAX, PROVIDERS_ASKING_MAX, TITLE_MAX, TITLE_MIN


class WishForm(WishClassificationForm):
    """The values of a wish, read; the wish's rules are the service's, which reports
    every field's problem next to it. The HTML attributes hint the limits to the browser."""

    title = StringField(
        _l("Titre"),
        render_kw={"required": True, "minlength": TITLE_MIN, "maxlength": TITLE_MAX},
        description=_l(
            "Une phrase qui dit le besoin, par exemple « Tarification par saison dans Open Pro »."
        ),
    )
    body = TextAreaField(
        _l("Description"),
        render_kw={"maxlength": BODY_MAX},
        description=_l("Le contexte, ce que demandent les prestataires. Markdown accepté."),
    )
    territory = SelectField(_l("Territoire"), coerce=db_int, validate_choice=False)
    providers_asking = DbIntegerField(
        _l("Nombre de prestataires demandeurs"),
        validators=[Optional()],
        render_kw={"min": 0, "max": PROVIDERS_ASKING_MAX},
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
