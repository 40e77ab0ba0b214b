from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from app.labels import NOTIFICATION_PREFERENCE_LABELS


class LoginForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired()])
    remember = BooleanField(_l("Rester connecté"))
    submit = SubmitField(_l("Se connecter"))


class PreferencesForm(FlaskForm):
    locale = SelectField(_l("Langue"), choices=[("fr", "Français"), ("en", "English")])
    notification_preference = SelectField(
        _l("E-mails de notification"),
        choices=[(k, v) for k, v in NOTIFICATION_PREFERENCE_LABELS.items()],
    )
    submit = SubmitField(_l("Enregistrer"))


class ResetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    new_password = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(), Length(min=10, max=200)]
    )
    confirm = PasswordField(
        _l("Confirmer le mot de passe"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("Les mots de passe diffèrent.")),
        ],
    )
    submit = SubmitField(_l("Changer le mot de passe"))


class ChangePasswordForm(ResetPasswordForm):
    current_password = PasswordField(_l("Mot de passe actuel"), validators=[DataRequired()])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Adresse e-mail"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Recevoir un lien"))
