"""Admin pages of the accounts: list, create, edit, reset a password, deactivate."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.common import (
    club_choices,
    get_or_404,
    save_form,
    set_active_action,
    territory_choices,
)
from app.admin.forms import PasswordResetForm, UserEditForm, UserForm, role_choices
from app.forms import EmptyForm
from app.http_input import clamp_page
from app.models import Role, User
from app.selectors import admin as selectors
from app.selectors.pagination import paginate
from app.services import accounts


@bp.get("/admin/users")
def users():
    args = {k: (request.args.get(k) or "").strip() for k in ("role", "territory", "q", "status")}
    page_number, per_page = clamp_page(request.args.get("page"), request.args.get("per_page"))
    page = paginate(selectors.user_list(**args), page=page_number, per_page=per_page)
    return render_template(
        "admin/users.html",
        page=page,
        args=args,
        roles=role_choices(),
        territories=selectors.all_territories(),
        action_form=EmptyForm(),
    )


def _fill_user_choices(form) -> None:
    form.role.choices = role_choices()
    form.territory.choices = territory_choices(_("— Aucun —"))
    form.club.choices = club_choices()


@bp.route("/admin/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    _fill_user_choices(form)
    if request.method == "GET":
        form.role.data = Role.REFERENT
    saved = save_form(
        form,
        lambda: accounts.user_create(
            email=form.email.data,
            display_name=form.display_name.data,
            role=form.role.data,
            password=form.password.data or None,
            territory_id=form.territory.data or None,
            club_id=form.club.data or None,
        ),
        _("Compte créé."),
    )
    if saved.ok:
        return redirect(url_for("admin.user_edit", user_id=saved.value.id))
    return render_template("admin/user_form.html", form=form, user=None)


def _user_edit_form(user: User, *, submitted: bool) -> UserEditForm:
    """The account's form: what was posted, or the account as it stands."""
    form = UserEditForm() if submitted else UserEditForm(formdata=None)
    _fill_user_choices(form)
    if not submitted:
        form.display_name.data = user.display_name
        form.role.data = user.role
        form.territory.data = user.territory_id or 0
        form.club.data = user.club_id or 0
    return form


def _user_page(user: User, form: UserEditForm, password_form: PasswordResetForm):
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        password_form=password_form,
        action_form=EmptyForm(),
    )


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = get_or_404(User, user_id)
    form = _user_edit_form(user, submitted=request.method == "POST")
    saved = save_form(
        form,
        lambda: accounts.user_update(
            actor=current_user,
            user=user,
            display_name=form.display_name.data,
            role=form.role.data,
            territory_id=form.territory.data or None,
            club_id=form.club.data or None,
        ),
        _("Compte modifié."),
    )
    if saved.ok:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return _user_page(user, form, PasswordResetForm(formdata=None))


@bp.post("/admin/users/<int:user_id>/password")
def user_password(user_id: int):
    user = get_or_404(User, user_id)
    form = PasswordResetForm()
    chosen = form.password.data or None
    saved = save_form(
        form,
        lambda: accounts.password_reset(actor=current_user, user=user, password=chosen),
        _("Mot de passe réinitialisé."),
    )
    if saved.ok and chosen is None:
        # Shown once, on this response only; never stored in clear nor flashed.
        return render_template("admin/password_shown.html", user=user, password=saved.value)
    if saved.ok:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return _user_page(user, _user_edit_form(user, submitted=False), form)


@bp.post("/admin/users/<int:user_id>/active")
def user_active(user_id: int):
    user = get_or_404(User, user_id)
    return set_active_action(
        lambda active: accounts.user_set_active(actor=current_user, user=user, active=active),
        (_("Compte réactivé."), _("Compte désactivé.")),
        url_for("admin.user_edit", user_id=user.id),
    )
