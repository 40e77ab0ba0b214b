"""Admin pages of the user clubs: list, create, edit, members, deactivate."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.common import (
    get_or_404,
    listed_active_action,
    post_action,
    save_form,
    territory_choices,
)
from app.admin.forms import ClubForm, MemberForm
from app.errors import or_404
from app.forms import EmptyForm
from app.models import Club
from app.selectors import admin as selectors
from app.services import territories as territory_services


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
    form.host_territory_id.choices = territory_choices(_("— Aucun —"))
    saved = save_form(
        form,
        lambda: territory_services.club_create(actor=current_user, **_club_values(form)),
        _("Club créé."),
    )
    if saved.ok:
        return redirect(url_for("admin.club_edit", club_id=saved.value.id))
    return render_template("admin/club_form.html", form=form, club=None)


@bp.route("/admin/clubs/<int:club_id>", methods=["GET", "POST"])
def club_edit(club_id: int):
    club = or_404(selectors.club_with_members(club_id))
    form = ClubForm(obj=club if request.method == "GET" else None)
    form.host_territory_id.choices = territory_choices(_("— Aucun —"))
    if request.method == "GET":
        form.host_territory_id.data = club.host_territory_id or 0
    saved = save_form(
        form,
        lambda: territory_services.club_update(actor=current_user, club=club, **_club_values(form)),
        _("Club modifié."),
    )
    if saved.ok:
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
    club = or_404(selectors.club_with_members(club_id))
    member_form = MemberForm()
    member_form.territory.choices = []
    saved = save_form(
        member_form,
        lambda: territory_services.club_add_member(
            actor=current_user, club=club, territory_id=member_form.territory.data or None
        ),
        _("Territoire ajouté au club."),
    )
    if saved.ok:
        return redirect(url_for("admin.club_edit", club_id=club.id))
    club = or_404(selectors.club_with_members(club_id))
    form = ClubForm(formdata=None, obj=club)
    form.host_territory_id.choices = territory_choices(_("— Aucun —"))
    form.host_territory_id.data = club.host_territory_id or 0
    return _club_page(club, form, member_form)


@bp.post("/admin/clubs/<int:club_id>/members/<int:territory_id>/remove")
def club_member_remove(club_id: int, territory_id: int):
    club = get_or_404(Club, club_id)
    return post_action(
        lambda: territory_services.club_remove_member(
            actor=current_user, club=club, territory_id=territory_id
        ),
        _("Territoire retiré du club."),
        url_for("admin.club_edit", club_id=club.id),
    )


@bp.post("/admin/clubs/<int:club_id>/active")
def club_active(club_id: int):
    return listed_active_action(
        Club,
        club_id,
        (_("Club réactivé."), _("Club désactivé.")),
        url_for("admin.clubs"),
    )
