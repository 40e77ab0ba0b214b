"""Admin pages of the catalog: products and categories, their order and activity."""

from __future__ import annotations

from collections.abc import Callable

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.common import get_or_404, listed_active_action, post_action, save_form
from app.admin.forms import CatalogForm
from app.errors import or_404
from app.forms import EmptyForm
from app.models import Category, Product
from app.selectors import admin as selectors
from app.services import catalog as catalog_services

CATALOGS = {"products": Product, "categories": Category}


def _catalog_model(kind: str):
    return or_404(CATALOGS.get(kind))


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


def _catalog_form_page(kind: str, entry, write: Callable[[dict], object], success: str):
    """The new and edit pages: ``write`` receives the form's values."""
    form = _catalog_form(kind, entry)
    saved = save_form(form, lambda: write(_catalog_values(form)), success)
    if saved.ok:
        return redirect(url_for("admin.catalog", kind=kind))
    return render_template(
        "admin/catalog_form.html", form=form, kind=kind, entry=entry, action_form=EmptyForm()
    )


@bp.route("/admin/<any(products, categories):kind>/new", methods=["GET", "POST"])
def catalog_new(kind: str):
    model = _catalog_model(kind)
    return _catalog_form_page(
        kind,
        None,
        lambda values: catalog_services.catalog_create(actor=current_user, model=model, **values),
        _("Produit créé.") if kind == "products" else _("Catégorie créée."),
    )


@bp.route("/admin/<any(products, categories):kind>/<int:entry_id>", methods=["GET", "POST"])
def catalog_edit(kind: str, entry_id: int):
    entry = get_or_404(_catalog_model(kind), entry_id)
    return _catalog_form_page(
        kind,
        entry,
        lambda values: catalog_services.catalog_update(actor=current_user, entry=entry, **values),
        _("Produit modifié.") if kind == "products" else _("Catégorie modifiée."),
    )


@bp.post("/admin/<any(products, categories):kind>/<int:entry_id>/move")
def catalog_move(kind: str, entry_id: int):
    entry = get_or_404(_catalog_model(kind), entry_id)
    direction = request.form.get("direction", "")
    return post_action(
        lambda: catalog_services.catalog_move(actor=current_user, entry=entry, direction=direction),
        _("Ordre mis à jour."),
        url_for("admin.catalog", kind=kind),
    )


@bp.post("/admin/<any(products, categories):kind>/<int:entry_id>/active")
def catalog_active(kind: str, entry_id: int):
    return listed_active_action(
        _catalog_model(kind),
        entry_id,
        (_("Réactivé."), _("Désactivé : il n'est plus proposé pour les nouveaux souhaits.")),
        url_for("admin.catalog", kind=kind),
    )
