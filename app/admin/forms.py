from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from app.http_input import DbIntegerField, db_int
from app.labels import ROLE_LABELS, TERRITORY_KIND_LABELS

REQUIRED = _l("Ce champ est obligatoire.")
SLUG_HELP = _l("Utilisé dans l'adresse de la page : minuscules, chiffres et tirets.")


def role_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in ROLE_LABELS.items()]


def kind_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in TERRITORY_KIND_LABELS.items()]


def _slug_field() -> StringField:
    return StringField(
        _l("Identifiant"), validators=[DataRequired(REQUIRED)], description=SLUG_HELP
    )


def _territory_select() -> SelectField:
    return SelectField(
        _l("Territoire"),
        coerce=db_int,
        validate_choice=False,
        description=_l("Obligatoire pour un référent territorial."),
    )


def _optional_password(label, description) -> PasswordField:
    """A password an admin may leave empty; ``description`` says what empty means."""
    return PasswordField(label, validators=[Optional()], description=description)


class UserForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(REQUIRED), Length(max=254)])
    display_name = StringField(_l("Nom affiché"), validators=[Length(max=120)])
    role = SelectField(_l("Rôle"), validate_choice=False)
    territory = _territory_select()
    club = SelectField(
        _l("Club"),
        coerce=db_int,
        validate_choice=False,
        description=_l("Pour un membre de club d'utilisateurs."),
    )
    password = _optional_password(
        _l("Mot de passe initial"),
        _l(
            "Au moins 10 caractères. Laissez vide : le compte ne pourra se connecter "
            "qu'après une réinitialisation du mot de passe."
        ),
    )
    submit = SubmitField(_l("Créer le compte"))


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Nom affiché"), validators=[Length(max=120)])
    role = SelectField(_l("Rôle"), validate_choice=False)
    territory = _territory_select()
    club = SelectField(_l("Club"), coerce=db_int, validate_choice=False)
    submit = SubmitField(_l("Enregistrer"))


class PasswordResetForm(FlaskForm):
    password = _optional_password(
        _l("Nouveau mot de passe"),
        _l(
            "Au moins 10 caractères. Laissez vide pour générer un mot de passe temporaire, "
            "affiché une seule fois."
        ),
    )
    submit = SubmitField(_l("Réinitialiser le mot de passe"))


class TerritoryForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=160)])
    slug = _slug_field()
    kind = SelectField(_l("Type de structure"), validate_choice=False)
    region = StringField(_l("Région"), validators=[DataRequired(REQUIRED), Length(max=80)])
    department_code = StringField(
        _l("Département"), validators=[Optional()], description=_l("Code, ex. 26, 2A ou 73/74.")
    )
    sit = StringField(
        _l("SIT"),
        validators=[Optional(), Length(max=60)],
        description=_l("Système d'information touristique : Apidae, Tourinsoft, LEI…"),
    )
    providers_count = DbIntegerField(
        _l("Prestataires sur la place de marché"),
        default=0,
        validators=[
            Optional(),
            NumberRange(min=0, max=1_000_000, message=_l("Indiquez un nombre positif.")),
        ],
    )
    joined_year = DbIntegerField(_l("Année d'arrivée"), validators=[Optional()])
    submit = SubmitField(_l("Enregistrer"))


class ClubForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=160)])
    slug = _slug_field()
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    host_territory_id = SelectField(_l("Territoire hôte"), coerce=db_int, validate_choice=False)
    submit = SubmitField(_l("Enregistrer"))


class MemberForm(FlaskForm):
    territory = SelectField(_l("Territoire à ajouter"), coerce=db_int, validate_choice=False)
    submit = SubmitField(_l("Ajouter au club"))


class CatalogForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(REQUIRED), Length(max=120)])
    slug = _slug_field()
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    ticket_url_pattern = StringField(
        _l("Adresse des tickets"),
        validators=[Optional(), Length(max=300)],
        description=_l(
            "Adresse d'un ticket dans l'outil de suivi de l'éditeur, {ref} à la place de la "
            "référence ; par exemple https://suivi.exemple.fr/browse/{ref}. La référence "
            "externe des éléments de ce produit devient alors un lien."
        ),
    )
    submit = SubmitField(_l("Enregistrer"))


class ThesaurusForm(FlaskForm):
    groups = TextAreaField(
        _l("Groupes de synonymes"),
        validators=[Length(max=20000)],
        description=_l(
            "Un groupe par ligne, ses expressions séparées par des virgules "
            "(ex. « chèque cadeau, bon cadeau »)."
        ),
        render_kw={"rows": 16},
    )
    submit = SubmitField(_l("Enregistrer"))
