from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp
from app.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    PreferencesForm,
    ResetPasswordForm,
)
from app.extensions import db, limiter
from app.redirects import safe_local_path
from app.selectors.home import user_clubs
from app.services import accounts, password_reset
from app.writes import run_write


# Two limits on each credential form: one per account tried, whatever the address (a
# distributed guess at one password), one per address, whatever the account (one machine
# trying many accounts). Every POST counts.
def _account_key() -> str:
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def _address_key() -> str:
    return f"address:{request.remote_addr}"


def _limit(setting: str):
    return lambda: current_app.config[setting]


def _safe_next(target: str | None) -> str | None:
    return safe_local_path(target)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("LOGIN_RATE_LIMIT"), key_func=_account_key, methods=["POST"])
@limiter.limit(_limit("LOGIN_ADDRESS_RATE_LIMIT"), key_func=_address_key, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
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
            return redirect(_safe_next(request.args.get("next")) or url_for("main.index"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        # A new session token: this cookie and the remember cookie stop working even if
        # copied (the account's other sessions end too).
        accounts.sessions_end(current_user)
        db.session.commit()
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
        saved = run_write(
            lambda: accounts.set_preferences(
                current_user,
                locale=preferences.locale.data,
                notification_preference=preferences.notification_preference.data,
            ),
            success=_("Préférences enregistrées."),
            abort_on=(),
        )
        if saved.ok:
            session["locale"] = preferences.locale.data
            return redirect(url_for("auth.account"))
    elif password_form.submit.data and password_form.validate_on_submit():
        if accounts.authenticate(current_user.email, password_form.current_password.data) is None:
            password_form.current_password.errors.append(_("Mot de passe actuel incorrect."))
        else:
            changed = run_write(
                lambda: accounts.set_password(current_user, password_form.new_password.data),
                success=_("Mot de passe modifié."),
                abort_on=(),
                quiet=True,
            )
            if changed.error is not None:
                password_form.new_password.errors.append(changed.error.message)
            else:
                # The new password ended every session of this account, this one included:
                # open a fresh one here, the others stay closed.
                login_user(current_user._get_current_object())
                flash(changed.message, "success")
                return redirect(url_for("auth.account"))
    from app.auth.tokens import account_tokens_context

    return render_template(
        "auth/account.html",
        preferences=preferences,
        password_form=password_form,
        clubs=user_clubs(current_user),
        **account_tokens_context(),
    )


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("PASSWORD_RESET_RATE_LIMIT"), key_func=_account_key, methods=["POST"])
@limiter.limit(_limit("PASSWORD_RESET_ADDRESS_RATE_LIMIT"), key_func=_address_key, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        password_reset.password_reset_request(email=form.email.data)
        db.session.commit()
        # The same answer whether the address has an account or not.
        flash(
            _(
                "Si un compte existe pour cette adresse, un e-mail vient de lui être envoyé "
                "avec un lien pour choisir un nouveau mot de passe (valable une heure)."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    if password_reset.user_for_token(token) is None:
        return render_template("auth/reset_password.html", form=None), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        reset = run_write(
            lambda: password_reset.password_reset_complete(
                token=token, password=form.new_password.data
            ),
            abort_on=(),
            quiet=True,
        )
        if reset.error is not None:
            form.new_password.errors.append(reset.error.message)
        else:
            logout_user()
            session.clear()
            flash(_("Mot de passe modifié. Connectez-vous avec le nouveau."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
