"""Forms shared by every blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from app.http_input import db_int


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for buttons that change state."""

    submit = SubmitField()


class WishClassificationForm(FlaskForm):
    """The product and category a wish is filed under, both required, for every form
    that files one; the view sets the choices, the service checks them."""

    product = SelectField(
        _l("Produit"), coerce=db_int, validate_choice=False, render_kw={"required": True}
    )
    category = SelectField(
        _l("Catégorie"), coerce=db_int, validate_choice=False, render_kw={"required": True}
    )
