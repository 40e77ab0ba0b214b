"""Roadmap pages: the board, the periods, an item's page; staff edit and link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.decorators import public_roadmap, roles_required
from app.errors import or_404
from app.forms import EmptyForm
from app.http_input import clamp_page, int_or_none
from app.models import RoadmapStatus, Role
from app.roadmap import bp
from app.roadmap.forms import (
    FundingGoalForm,
    ItemStatusForm,
    LinkWishForm,
    PledgeForm,
    RoadmapItemForm,
    status_choices,
)
from app.selectors import catalog, linking
from app.selectors import funding as funding_selectors
from app.selectors import roadmap as selectors
from app.selectors.delivery import deliveries_for
from app.selectors.territory_map import territories_for_roadmap_item
from app.services import follows as follow_services
from app.services import funding as funding_services
from app.services import permissions
from app.services import roadmap as services
from app.staff_forms import link_suggestions
from app.writes import check_button, run_write


def _fill_product_choices(form: RoadmapItemForm) -> None:
    form.product.choices = [(0, _("— Aucun —"))] + [
        (p.id, p.name) for p in catalog.active_products()
    ]


ROADMAP_PER_PAGE = 50
# The service names the product field by its column.
FIELD_ALIASES = {"product_id": "product"}


def _item_fields(form: RoadmapItemForm) -> dict:
    """What the item form says, as ``roadmap_item_create`` and ``roadmap_item_update``
    take it."""
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "product_id": form.product.data or None,
        "target": form.target.data,
        "external_ref": form.external_ref.data,
    }


@bp.get("/roadmap")
@public_roadmap
def index():
    """The board (a few items per status), one status's full list (``?status=``), or
    the periods (``?view=periods``); the last two paginated. An unknown status is
    ignored: the board is shown."""
    product = (request.args.get("product") or "").strip()
    status = request.args.get("status") if request.args.get("status") in RoadmapStatus.ALL else ""
    late = request.args.get("late") == "1"
    view = "status" if status else "periods" if request.args.get("view") == "periods" else "board"
    if late and view == "board":
        view = "periods"  # the late items, by the period they missed
    if view == "board":
        board, page = selectors.board(product=product), None
        items = [item for column in board for item in column.items]
        total = sum(column.total for column in board)
    else:
        page_number, per_page = clamp_page(
            request.args.get("page"), None, default_per_page=ROADMAP_PER_PAGE
        )
        board = None
        page = selectors.roadmap_page(
            product=product, status=status, late=late, page=page_number, per_page=per_page
        )
        items, total = page.items, page.total
    return render_template(
        "roadmap/index.html",
        view=view,
        status=status,
        late=late,
        product=product,
        products=catalog.active_products(),
        board=board,
        page=page,
        periods=selectors.by_period(items) if view == "periods" else None,
        counts=selectors.item_counts([i.id for i in items]),
        total=total,
        can_manage=permissions.can_manage_roadmap(current_user),
    )


def _status_form(item, formdata=None) -> ItemStatusForm:
    form = ItemStatusForm(formdata=formdata)
    form.status.choices = status_choices(services.allowed_item_statuses(item.status))
    if formdata is None:
        form.version.data = str(item.version)
    return form


def _render_show(item, *, status_form=None, link_form=None, link_candidates=None, code=200):
    wishes = selectors.wishes_by_item([item.id])[item.id]
    is_member = permissions.can_browse(current_user)
    return (
        render_template(
            "roadmap/show.html",
            item=item,
            wishes=wishes,
            deliveries=deliveries_for(wishes),
            territories=selectors.territories_by_wish([w.id for w in wishes]),
            counts=selectors.item_counts([item.id])[item.id],
            territory_map=territories_for_roadmap_item(item.id),
            history=selectors.item_history(item.id),
            following=is_member
            and follow_services.is_following(current_user, roadmap_item_id=item.id),
            is_member=is_member,
            can_manage=permissions.can_manage_roadmap(current_user),
            status_form=status_form or _status_form(item),
            link_form=link_form or LinkWishForm(formdata=None),
            link_candidates=link_candidates or [],
            action_form=EmptyForm(formdata=None),
            **_funding_context(item),
        ),
        code,
    )


def _funding_context(item) -> dict:
    funding = funding_selectors.funding_for_item(item)
    own = None
    if funding_services.can_pledge(current_user) and current_user.territory_id is not None:
        own = next(
            (p for p in funding.pledges if p.territory_id == current_user.territory_id), None
        )
    goal_form = FundingGoalForm(formdata=None)
    goal_form.goal.data, goal_form.deadline.data = item.funding_goal, item.funding_deadline
    pledge_form = PledgeForm(formdata=None)
    pledge_form.amount.data = own.amount if own is not None else None
    return {
        "funding": funding,
        "own_pledge": own,
        "can_pledge": current_user.is_authenticated
        and current_user.role == Role.REFERENT
        and current_user.territory_id is not None,
        "pledge_form": pledge_form,
        "goal_form": goal_form,
    }


def _load_item_or_404(item_id: int):
    return or_404(selectors.item_detail(item_id))


@bp.get("/roadmap/<int:item_id>")
@public_roadmap
def show(item_id: int):
    return _render_show(_load_item_or_404(item_id))


@bp.route("/roadmap/new", methods=["GET", "POST"])
@roles_required(*Role.STAFF)
def new():
    form = RoadmapItemForm()
    _fill_product_choices(form)
    form.status.choices = status_choices(
        [s for s in RoadmapStatus.ALL if s != RoadmapStatus.SHIPPED]
    )
    if form.validate_on_submit():
        created = run_write(
            lambda: services.roadmap_item_create(
                actor=current_user,
                status=form.status.data or RoadmapStatus.CONSIDERING,
                **_item_fields(form),
            ),
            success=_("Élément de feuille de route créé."),
            form=form,
            aliases=FIELD_ALIASES,
            abort_on=(),
        )
        if created.ok:
            return redirect(url_for("roadmap.show", item_id=created.value.id))
    return render_template("roadmap/form.html", form=form, item=None)


@bp.route("/roadmap/<int:item_id>/edit", methods=["GET", "POST"])
@roles_required(*Role.STAFF)
def edit(item_id: int):
    item = _load_item_or_404(item_id)
    form = RoadmapItemForm(obj=None if request.method == "POST" else item)
    _fill_product_choices(form)
    del form.status
    if request.method == "GET":
        form.product.data = item.product_id or 0
        form.version.data = str(item.version)
    if form.validate_on_submit():
        updated = run_write(
            lambda: services.roadmap_item_update(
                actor=current_user,
                item_id=item.id,
                expected_version=int_or_none(form.version.data),
                **_item_fields(form),
            ),
            success=_("Élément de feuille de route modifié."),
            form=form,
            aliases=FIELD_ALIASES,
            abort_on=(),
        )
        if updated.error is not None:
            return render_template("roadmap/form.html", form=form, item=item), updated.error.status
        return redirect(url_for("roadmap.show", item_id=item.id))
    return render_template("roadmap/form.html", form=form, item=item)


@bp.post("/roadmap/<int:item_id>/status")
@roles_required(*Role.STAFF)
def set_status(item_id: int):
    item = _load_item_or_404(item_id)
    form = _status_form(item, formdata=request.form)
    form.status.choices = status_choices(RoadmapStatus.ALL)
    if form.validate_on_submit():
        changed = run_write(
            lambda: services.roadmap_item_set_status(
                actor=current_user,
                item_id=item.id,
                status=form.status.data,
                note=form.note.data or "",
                shipped_on=form.shipped_on.data,
                release=form.release.data,
                expected_version=int_or_none(form.version.data),
            ),
            success=_("Statut de l'élément changé."),
            form=form,
            aliases=FIELD_ALIASES,
        )
        if changed.error is not None:
            item = _load_item_or_404(item_id)
            form.status.choices = status_choices(services.allowed_item_statuses(item.status))
            return _render_show(item, status_form=form, code=changed.error.status)
        return redirect(url_for("roadmap.show", item_id=item.id))
    flash(_("Le statut n'a pas été changé : vérifiez le formulaire."), "error")
    return _render_show(item, status_form=form, code=422)


@bp.get("/roadmap/<int:item_id>/wish-suggestions")
@roles_required(*Role.STAFF)
def wish_suggestions(item_id: int):
    """Wishes matching what is typed in the item's link field (htmx), not yet linked."""
    text = request.args.get("wish", "")
    return link_suggestions(
        kind="wish",
        field_id="link-wish",
        text=text,
        candidates=linking.wish_candidates(text, item_id=item_id),
    )


@bp.post("/roadmap/<int:item_id>/wishes")
@roles_required(*Role.STAFF)
def link(item_id: int):
    """Link the wish chosen among the suggestions, else the one the text names (its
    number or its title); when the text names several, the page lists them to choose."""
    item = _load_item_or_404(item_id)
    check_button()
    form = LinkWishForm()
    if not form.validate():
        return _render_show(item, link_form=form, code=422)
    text = (form.wish.data or "").strip()
    found = linking.resolve_wish(
        text, item_id=item.id, choice=int_or_none(request.form.get("choice"), minimum=1)
    )
    wish_id = found.chosen
    if wish_id is None:
        if found.candidates:
            error = _("Plusieurs souhaits correspondent : choisissez-en un.")
        elif text:
            error = _("Aucun souhait ne correspond à « %(text)s ».", text=text)
        else:
            error = _("Indiquez le numéro ou le titre d'un souhait.")
        form.wish.errors = [error]
        return _render_show(item, link_form=form, link_candidates=found.candidates, code=422)
    chosen = wish_id
    linked = run_write(
        lambda: services.wish_link(actor=current_user, item_id=item.id, wish_id=chosen),
        success=lambda done: (
            _("Souhait n°%(id)d lié.", id=chosen)
            if done
            else _("Le souhait n°%(id)d était déjà lié.", id=chosen)
        ),
        abort_on=(403,),
        quiet=True,
    )
    if linked.error is not None:
        form.wish.errors = [linked.error.message]
        return _render_show(_load_item_or_404(item_id), link_form=form, code=linked.error.status)
    flash(linked.message, "success")
    return redirect(url_for("roadmap.show", item_id=item.id))


@bp.post("/roadmap/<int:item_id>/wishes/<int:wish_id>/unlink")
@roles_required(*Role.STAFF)
def unlink(item_id: int, wish_id: int):
    check_button()
    unlinked = run_write(
        lambda: services.wish_unlink(actor=current_user, item_id=item_id, wish_id=wish_id),
        success=_("Souhait n°%(id)d retiré de cet élément.", id=wish_id),
        quiet=True,
    )
    if not unlinked.ok:
        abort(400)
    flash(unlinked.message, "success")
    return redirect(url_for("roadmap.show", item_id=item_id))


def _follow(item_id: int, active: bool, message: str):
    _load_item_or_404(item_id)
    check_button()
    followed = run_write(
        lambda: follow_services.follow_set(
            user=current_user, roadmap_item_id=item_id, active=active
        ),
        success=message,
        quiet=True,
    )
    if not followed.ok:
        abort(400)
    flash(followed.message, "success")
    return redirect(url_for("roadmap.show", item_id=item_id))


@bp.post("/roadmap/<int:item_id>/follow")
@roles_required(*Role.MEMBERS)
def follow(item_id: int):
    return _follow(item_id, True, _("Vous suivez cet élément de la feuille de route."))


@bp.post("/roadmap/<int:item_id>/unfollow")
@roles_required(*Role.MEMBERS)
def unfollow(item_id: int):
    return _follow(item_id, False, _("Vous ne suivez plus cet élément."))
