from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.forms import WishClassificationForm
from app.http_input import db_int
from app.services.wish_rules import BODY_MAX, TITLE_MAX, TITLE_MIN


class EventForm(FlaskForm):
    name = StringField(
        _l("Nom"),
        validators=[DataRequired(), Length(min=3, max=160)],
        description=_l("Par exemple « Rencontre nationale 2023 »."),
    )
    slug = StringField(
        _l("Identifiant dans l'adresse"),
        validators=[Optional(), Length(max=80)],
        description=_l("Minuscules, chiffres et tirets ; déduit du nom s'il est vide."),
    )
    location = StringField(_l("Lieu"), validators=[Optional(), Length(max=120)])
    starts_on = DateField(_l("Premier jour"), validators=[Optional()])
    ends_on = DateField(_l("Dernier jour"), validators=[Optional()])
    description = TextAreaField(_l("Présentation"), validators=[Optional(), Length(max=20_000)])
    workshops = TextAreaField(
        _l("Ateliers"),
        validators=[Optional(), Length(max=5_000)],
        description=_l(
            "Un atelier par ligne, dans l'ordre du programme ; son thème après « | » "
            "(par exemple « Tarification | saisons, promotions »)."
        ),
        render_kw={"rows": 6},
    )
    host_territory = SelectField(
        _l("Territoire hôte"), coerce=db_int, validate_choice=False, validators=[Optional()]
    )
    dots_per_territory = IntegerField(
        _l("Gommettes par territoire et par atelier"),
        default=5,
        validators=[Optional(), NumberRange(min=1, max=20)],
    )
    registered = SelectMultipleField(
        _l("Territoires inscrits"),
        coerce=db_int,
        validate_choice=False,
        render_kw={"size": 10},
    )
    submit = SubmitField(_l("Enregistrer la rencontre"))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CaptureForm(WishClassificationForm):
    """A wish heard at a workshop, read; its rules are the service's, as ``WishForm``'s."""

    title = StringField(
        _l("Titre du souhait"),
        render_kw={"required": True, "minlength": TITLE_MIN, "maxlength": TITLE_MAX},
    )
    body = TextAreaField(_l("En quelques mots"), render_kw={"rows": 3, "maxlength": BODY_MAX})
    territory = SelectField(_l("Territoire qui dépose"), coerce=db_int, validate_choice=False)
    supporters = MultiCheckboxField(
        _l("Autres territoires qui le demandent"), coerce=db_int, validate_choice=False
    )
    submit = SubmitField(_l("Enregistrer et saisir le suivant"))


class ImportForm(FlaskForm):
    file = FileField(
        _l("Fichier CSV"),
        validators=[FileRequired(_l("Choisissez un fichier CSV."))],
        description=_l(
            "Colonnes : title (titre), body, product, category, territory, supporters "
            "(identifiants séparés par « ; »), workshop. UTF-8 ou Windows-1252 (CSV d'Excel), "
            "séparateur « , » ou « ; ». 5 Mo et 2 000 lignes au plus."
        ),
    )
    event = SelectField(_l("Rencontre"), validate_choice=False)
    dry_run = BooleanField(_l("Essai à blanc : vérifier sans rien importer"), default=True)
    allow_duplicates = BooleanField(
        _l("Importer aussi les lignes déjà importées (même titre, territoire et rencontre)"),
        default=False,
    )
    submit = SubmitField(_l("Vérifier et importer"))
