"""Admin pages: users, territories, clubs, products and categories (admin role only)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import (
    CatalogForm,
    ClubForm,
    EmptyForm,
    MemberForm,
    PasswordResetForm,
    TerritoryForm,
    UserEditForm,
    UserForm,
    kind_choices,
    role_choices,
)
from app.extensions import db, login_manager
from app.http_input import clamp_page
from app.models import Category, Club, Product, Role, Territory, User
from app.selectors import admin as selectors
from app.selectors.pagination import paginate
from app.services import accounts
from app.services import catalog as catalog_services
from app.services import territories as territory_services
from app.services.errors import ServiceError

CATALOGS = {"products": Product, "categories": Category}


@bp.before_request
def _admins_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != Role.ADMIN:
        abort(403)
    return None


def _apply_errors(form, error: ServiceError) -> None:
    """Put the service's messages next to the fields; the rest as a flash."""
    for name, message in error.fields.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*list(field.errors or []), message]
    flash(error.message, "error")


def _save(form, write: Callable[[], object], success: str) -> object | None:
    """Run a service on a valid form: commit and flash, or roll back and show the errors."""
    if not form.validate_on_submit():
        if request.method == "POST":
            flash(_("Le formulaire contient des erreurs."), "error")
        return None
    try:
        result = write()
    except ServiceError as error:
        db.session.rollback()
        _apply_errors(form, error)
        return None
    db.session.commit()
    flash(success, "success")
    return result


def _post_action(write: Callable[[], object], success: str, target: str):
    """A state-changing button: CSRF-checked, one transaction, flash, redirect."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        write()
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(target)


def _get_or_404(model, object_id: int):
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _territory_choices(blank: str) -> list[tuple[int, str]]:
    return [(0, blank)] + [
        (t.id, t.name + ("" if t.active else " " + _("(désactivé)")))
        for t in selectors.all_territories()
    ]


def _club_choices() -> list[tuple[int, str]]:
    return [(0, _("— Aucun —"))] + [(c.id, c.name) for c in selectors.all_clubs()]


@bp.get("/admin")
def index():
    return render_template("admin/index.html")


# Users -----------------------------------------------------------------------------------


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
    form.territory.choices = _territory_choices(_("— Aucun —"))
    form.club.choices = _club_choices()


@bp.route("/admin/users/new", methods=["GET", "POST"])
def user_new():
    form = UserForm()
    _fill_user_choices(form)
    if request.method == "GET":
        form.role.data = Role.REFERENT
    user = _save(
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
    if user is not None:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = _get_or_404(User, user_id)
    form = UserEditForm()
    _fill_user_choices(form)
    if request.method == "GET":
        form.display_name.data = user.display_name
        form.role.data = user.role
        form.territory.data = user.territory_id or 0
        form.club.data = user.club_id or 0
    saved = _save(
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
    if saved is not None:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        password_form=PasswordResetForm(formdata=None),
        action_form=EmptyForm(),
    )


@bp.post("/admin/users/<int:user_id>/password")
def user_password(user_id: int):
    user = _get_or_404(User, user_id)
    form = PasswordResetForm()
    chosen = form.password.data or None
    new_password = _save(
        form,
        lambda: accounts.password_reset(actor=current_user, user=user, password=chosen),
        _("Mot de passe réinitialisé."),
    )
    if new_password is not None and chosen is None:
        # Shown once, on this response only; never stored in clear nor flashed.
        return render_template("admin/password_shown.html", user=user, password=new_password)
    if new_password is not None:
        return redirect(url_for("admin.user_edit", user_id=user.id))
    edit_form = UserEditForm(formdata=None)
    _fill_user_choices(edit_form)
    edit_form.display_name.data = user.display_name
    edit_form.role.data = user.role
    edit_form.territory.data = user.territory_id or 0
    edit_form.club.data = user.club_id or 0
    return render_template(
        "admin/user_form.html",
        form=edit_form,
        user=user,
        password_form=form,
        action_form=EmptyForm(),
    )


@bp.post("/admin/users/<int:user_id>/active")
def user_active(user_id: int):
    user = _get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    return _post_action(
        lambda: accounts.user_set_active(actor=current_user, user=user, active=active),
        _("Compte réactivé.") if active else _("Compte désactivé."),
        url_for("admin.user_edit", user_id=user.id),
    )


# Territories -----------------------------------------------------------------------------


@bp.get("/admin/territories")
def territories():
    return render_template(
        "admin/territories.html", rows=selectors.territory_rows(), action_form=EmptyForm()
    )


def _territory_values(form: TerritoryForm) -> dict:
    return {
        name: getattr(form, name).data
        for name in (
            "name",
            "slug",
            "kind",
            "region",
            "department_code",
            "sit",
            "providers_count",
            "joined_year",
        )
    }


@bp.route("/admin/territories/new", methods=["GET", "POST"])
def territory_new():
    form = TerritoryForm()
    form.kind.choices = kind_choices()
    saved = _save(
        form,
        lambda: territory_services.territory_create(actor=current_user, **_territory_values(form)),
        _("Territoire créé."),
    )
    if saved is not None:
        return redirect(url_for("admin.territories"))
    return render_template("admin/territory_form.html", form=form, territory=None)


@bp.route("/admin/territories/<int:territory_id>", methods=["GET", "POST"])
def territory_edit(territory_id: int):
    territory = _get_or_404(Territory, territory_id)
    form = TerritoryForm(obj=territory if request.method == "GET" else None)
    form.kind.choices = kind_choices()
    saved = _save(
        form,
        lambda: territory_services.territory_update(
            actor=current_user, territory=territory, **_territory_values(form)
        ),
        _("Territoire modifié."),
    )
    if saved is not None:
        return redirect(url_for("admin.territories"))
    return render_template(
        "admin/territory_form.html", form=form, territory=territory, action_form=EmptyForm()
    )


@bp.post("/admin/territories/<int:territory_id>/active")
def territory_active(territory_id: int):
    territory = _get_or_404(Territory, territory_id)
    active = request.form.get("active") == "1"
    return _post_action(
        lambda: territory_services.territory_set_active(
            actor=current_user, territory=territory, active=active
        ),
        _("Territoire réactivé.") if active else _("Territoire désactivé."),
        url_for("admin.territories"),
    )


# Clubs -----------------------------------------------------------------------------------


@bp.get("/admin/clubs")
def clubs():
    return render_template("admin/clubs.html", clubs=selectors.all_clubs())


def _club_values(form: ClubForm) -> dict:
    return {
        "name": form.name.data,
        "slug": form.slug.data,
        "description": form.description.data,
        "host_territory_id": form.host_territory_id.data or None,
    }


@bp.route("/admin/clubs/new", methods=["GET", "POST"])
def club_new():
    form = ClubForm()
    form.host_territory_id.choices = _territory_choices(_("— Aucun —"))
    club = _save(
        form,
        lambda: territory_services.club_create(actor=current_user, **_club_values(form)),
        _("Club créé."),
    )
    if club is not None:
        return redirect(url_for("admin.club_edit", club_id=club.id))
    return render_template("admin/club_form.html", form=form, club=None)


@bp.route("/admin/clubs/<int:club_id>", methods=["GET", "POST"])
def club_edit(club_id: int):
    club = selectors.club_with_members(club_id)
    if club is None:
        abort(404)
    form = ClubForm(obj=club if request.method == "GET" else None)
    form.host_territory_id.choices = _territory_choices(_("— Aucun —"))
    if request.method == "GET":
        form.host_territory_id.data = club.host_territory_id or 0
    saved = _save(
        form,
        lambda: territory_services.club_update(actor=current_user, club=club, **_club_values(form)),
        _("Club modifié."),
    )
    if saved is not None:
        return redirect(url_for("admin.club_edit", club_id=club.id))
    return _club_page(club, form, MemberForm(formdata=None))


def _club_page(club: Club, form: ClubForm, member_form: MemberForm):
    members = selectors.member_ids(club.id)
    member_form.territory.choices = [(0, _("— Choisir —"))] + [
        (t.id, t.name) for t in selectors.all_territories() if t.id not in members
    ]
    return render_template(
        "admin/club_form.html",
        form=form,
        club=club,
        member_form=member_form,
        action_form=EmptyForm(),
    )


@bp.post("/admin/clubs/<int:club_id>/members")
def club_member_add(club_id: int):
    found = selectors.club_with_members(club_id)
    if found is None:
        abort(404)
    club: Club = found
    member_form = MemberForm()
    member_form.territory.choices = []
    saved = _save(
        member_form,
        lambda: (
            territory_services.club_add_member(
                actor=current_user, club=club, territory_id=member_form.territory.data or None
            )
            or True
        ),
        _("Territoire ajouté au club."),
    )
    if saved is not None:
        return redirect(url_for("admin.club_edit", club_id=club.id))
    found = selectors.club_with_members(club_id)
    if found is None:
        abort(404)
    club = found
    form = ClubForm(formdata=None, obj=club)
    form.host_territory_id.choices = _territory_choices(_("— Aucun —"))
    form.host_territory_id.data = club.host_territory_id or 0
    return _club_page(club, form, member_form)


@bp.post("/admin/clubs/<int:club_id>/members/<int:territory_id>/remove")
def club_member_remove(club_id: int, territory_id: int):
    club = _get_or_404(Club, club_id)
    return _post_action(
        lambda: territory_services.club_remove_member(
            actor=current_user, club=club, territory_id=territory_id
        ),
        _("Territoire retiré du club."),
        url_for("admin.club_edit", club_id=club.id),
    )


@bp.post("/admin/clubs/<int:club_id>/active")
def club_active(club_id: int):
    club = _get_or_404(Club, club_id)
    active = request.form.get("active") == "1"
    return _post_action(
        lambda: territory_services.club_set_active(actor=current_user, club=club, active=active),
        _("Club réactivé.") if active else _("Club désactivé."),
        url_for("admin.clubs"),
    )


# Products and categories -----------------------------------------------------------------


def _catalog_model(kind: str):
    model = CATALOGS.get(kind)
    if model is None:
        abort(404)
    return model


@bp.get("/admin/<any(products, categories):kind>")
def catalog(kind: str):
    model = _catalog_model(kind)
    return render_template(
        "admin/catalog.html",
        kind=kind,
        entries=selectors.catalog_entries(model),
        action_form=EmptyForm(),
    )


def _catalog_form(kind: str, entry=None) -> CatalogForm:
    form = CatalogForm(obj=entry if request.method == "GET" else None)
    if kind != "products":
        del form.description
        del form.ticket_url_pattern
    return form


def _catalog_values(form: CatalogForm) -> dict:
    values = {"name": form.name.data, "slug": form.slug.data}
    if form.description is not None:
        values["description"] = form.description.data
    if form.ticket_url_pattern is not None:
        values["ticket_url_pattern"] = form.ticket_url_pattern.data
    return values


@bp.route("/admin/<any(products, categories):kind>/new", methods=["GET", "POST"])
def catalog_new(kind: str):
    model = _catalog_model(kind)
    form = _catalog_form(kind)
    saved = _save(
        form,
        lambda: catalog_services.catalog_create(
            actor=current_user, model=model, **_catalog_values(form)
        ),
        _("Produit créé.") if kind == "products" else _("Catégorie créée."),
    )
    if saved is not None:
        return redirect(url_for("admin.catalog", kind=kind))
    return render_template("admin/catalog_form.html", form=form, kind=kind, entry=None)


@bp.route("/admin/<any(products, categories):kind>/<int:entry_id>", methods=["GET", "POST"])
def catalog_edit(kind: str, entry_id: int):
    entry = _get_or_404(_catalog_model(kind), entry_id)
    form = _catalog_form(kind, entry)
    saved = _save(
        form,
        lambda: catalog_services.catalog_update(
            actor=current_user, entry=entry, **_catalog_values(form)
        ),
        _("Produit modifié.") if kind == "products" else _("Catégorie modifiée."),
    )
    if saved is not None:
        return redirect(url_for("admin.catalog", kind=kind))
    return render_template(
        "admin/catalog_form.html", form=form, kind=kind, entry=entry, action_form=EmptyForm()
    )


@bp.post("/admin/<any(products, categories):kind>/<int:entry_id>/move")
def catalog_move(kind: str, entry_id: int):
    entry = _get_or_404(_catalog_model(kind), entry_id)
    direction = request.form.get("direction", "")
    return _post_action(
        lambda: catalog_services.catalog_move(actor=current_user, entry=entry, direction=direction),
        _("Ordre mis à jour."),
        url_for("admin.catalog", kind=kind),
    )


@bp.post("/admin/<any(products, categories):kind>/<int:entry_id>/active")
def catalog_active(kind: str, entry_id: int):
    entry = _get_or_404(_catalog_model(kind), entry_id)
    active = request.form.get("active") == "1"
    return _post_action(
        lambda: catalog_services.catalog_set_active(actor=current_user, entry=entry, active=active),
        _("Réactivé.")
        if active
        else _("Désactivé : il n'est plus proposé pour les nouveaux souhaits."),
        url_for("admin.catalog", kind=kind),
    )
