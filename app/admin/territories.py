"""Admin pages of the territories: list, create, edit, deactivate."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.common import get_or_404, listed_active_action, save_form
from app.admin.forms import TerritoryForm, kind_choices
from app.forms import EmptyForm
from app.models import Territory
from app.models.territory import TERRITORY_FIELDS
from app.selectors import admin as selectors
from app.services import territories as territory_services


@bp.get("/admin/territories")
def territories():
    return render_template(
        "admin/territories.html", rows=selectors.territory_rows(), action_form=EmptyForm()
    )


def _territory_values(form: TerritoryForm) -> dict:
    return {name: getattr(form, name).data for name in TERRITORY_FIELDS}


@bp.route("/admin/territories/new", methods=["GET", "POST"])
def territory_new():
    form = TerritoryForm()
    form.kind.choices = kind_choices()
    saved = save_form(
        form,
        lambda: territory_services.territory_create(actor=current_user, **_territory_values(form)),
        _("Territoire créé."),
    )
    if saved.ok:
        return redirect(url_for("admin.territories"))
    return render_template("admin/territory_form.html", form=form, territory=None)


@bp.route("/admin/territories/<int:territory_id>", methods=["GET", "POST"])
def territory_edit(territory_id: int):
    territory = get_or_404(Territory, territory_id)
    form = TerritoryForm(obj=territory if request.method == "GET" else None)
    form.kind.choices = kind_choices()
    saved = save_form(
        form,
        lambda: territory_services.territory_update(
            actor=current_user, territory=territory, **_territory_values(form)
        ),
        _("Territoire modifié."),
    )
    if saved.ok:
        return redirect(url_for("admin.territories"))
    return render_template(
        "admin/territory_form.html", form=form, territory=territory, action_form=EmptyForm()
    )


@bp.post("/admin/territories/<int:territory_id>/active")
def territory_active(territory_id: int):
    return listed_active_action(
        Territory,
        territory_id,
        (_("Territoire réactivé."), _("Territoire désactivé.")),
        url_for("admin.territories"),
    )
