from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import ChangePasswordForm, LoginForm, PreferencesForm
from app.extensions import db, limiter
from app.services import accounts
from app.services.errors import ServiceError


def _login_key() -> str:
    """Rate-limit key: the address and the account tried, so neither can be hammered."""
    email = accounts.normalise_email(request.form.get("email", ""))
    return f"{request.remote_addr}|{email}"


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_key,
    methods=["POST"],
    error_message="too_many_attempts",
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("wishes.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Adresse e-mail ou mot de passe incorrect."))
        else:
            session.clear()
            login_user(user, remember=form.remember.data)
            db.session.commit()
            flash(_("Bienvenue, %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("wishes.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(_("Vous êtes déconnecté."), "info")
    return redirect(url_for("main.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    preferences = PreferencesForm(
        prefix="prefs",
        data={
            "locale": current_user.locale or "fr",
            "notification_preference": current_user.notification_preference,
        },
    )
    password_form = ChangePasswordForm(prefix="pw")
    if preferences.submit.data and preferences.validate_on_submit():
        try:
            accounts.set_preferences(
                current_user,
                locale=preferences.locale.data,
                notification_preference=preferences.notification_preference.data,
            )
        except ServiceError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            session["locale"] = preferences.locale.data
            flash(_("Préférences enregistrées."), "success")
            return redirect(url_for("auth.account"))
    elif password_form.submit.data and password_form.validate_on_submit():
        if accounts.authenticate(current_user.email, password_form.current_password.data) is None:
            password_form.current_password.errors.append(_("Mot de passe actuel incorrect."))
        else:
            try:
                accounts.set_password(current_user, password_form.new_password.data)
            except ServiceError as error:
                db.session.rollback()
                password_form.new_password.errors.append(error.message)
            else:
                db.session.commit()
                flash(_("Mot de passe modifié."), "success")
                return redirect(url_for("auth.account"))
    from app.auth.tokens import account_tokens_context

    return render_template(
        "auth/account.html",
        preferences=preferences,
        password_form=password_form,
        **account_tokens_context(),
    )
