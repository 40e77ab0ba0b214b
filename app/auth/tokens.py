"""API tokens on the profile page: create (shown once), list, revoke."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from app.auth import bp
from app.extensions import db
from app.services import tokens as services
from app.writes import run_write


class TokenForm(FlaskForm):
    name = StringField(
        _l("Nom du jeton"),
        validators=[DataRequired(), Length(max=services.NAME_MAX)],
        description=_l("Pour vous souvenir de son usage, par exemple « Tableur du club »."),
    )
    submit = SubmitField(_l("Créer un jeton"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Révoquer"))


def account_tokens_context() -> dict:
    """What the tokens section of the account page needs."""
    return {
        "api_tokens": services.tokens_for_user(current_user.id),
        "token_form": TokenForm(prefix="token"),
        "revoke_form": RevokeForm(prefix="revoke"),
    }


@bp.post("/account/tokens")
@login_required
def token_create():
    form = TokenForm(prefix="token")
    if form.validate_on_submit():
        created = run_write(
            lambda: services.token_create(user=current_user, name=form.name.data), abort_on=()
        )
        if created.ok:
            token, plaintext = created.value
            # Rendered, not redirected: the plain text is never put in the session cookie.
            return render_template("auth/token_created.html", token=token, plaintext=plaintext)
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("auth.account", _anchor="api-tokens"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def token_revoke(token_id: int):
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        abort(400)
    run_write(
        lambda: services.token_revoke(user=current_user, token_id=token_id),
        success=lambda token: _("Le jeton « %(name)s » est révoqué.", name=token.name),
    )
    return redirect(url_for("auth.account", _anchor="api-tokens"))


@bp.post("/account/tokens/revoke-all")
@login_required
def tokens_revoke_all():
    form = RevokeForm(prefix="revoke")
    if not form.validate_on_submit():
        abort(400)
    count = services.tokens_revoke_all(user=current_user)
    db.session.commit()
    flash(
        ngettext("%(num)d jeton révoqué.", "%(num)d jetons révoqués.", count),
        "success",
    )
    return redirect(url_for("auth.account", _anchor="api-tokens"))
