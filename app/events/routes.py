"""Pages of the events feature: events, workshop quick entry, restitution, CSV import."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app import labels
from app.decorators import roles_required
from app.events import bp
from app.events.forms import CaptureForm, EventForm, ImportForm
from app.events.rencontre_routes import event_or_404, frozen_restitution_csv, workshop_or_404
from app.extensions import db
from app.http_input import int_or_none
from app.i18n import ngettext
from app.models import Event, Role
from app.selectors import catalog
from app.selectors import events as selectors
from app.selectors import rencontre as rencontre_selectors
from app.services import events as services
from app.services import permissions
from app.services import rencontre as rencontre_services
from app.services import wishes as wish_services
from app.services.imports import (
    MAX_FILE_BYTES,
    TEMPLATE_HEADERS,
    WEB_MAX_ROWS,
    WEB_MAX_SECONDS,
    default_author,
    import_wishes,
)
from app.spreadsheet import csv_download
from app.writes import Outcome, run_write


@bp.get("/events")
@roles_required(*Role.MEMBERS)
def index():
    return render_template(
        "events/index.html",
        events=selectors.event_list(),
        is_admin=rencontre_services.can_prepare_event(current_user),
    )


def _save_event(form: EventForm, event: Event | None, success: str) -> Outcome:
    return run_write(
        lambda: services.event_save(
            actor=current_user,
            event=event,
            name=form.name.data or "",
            slug=form.slug.data or "",
            location=form.location.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            description=form.description.data or "",
            workshop_titles=(form.workshops.data or "").splitlines(),
            host_territory_id=form.host_territory.data or None,
            dots_per_territory=form.dots_per_territory.data,
            registered_territory_ids=form.registered.data or [],
        ),
        success=success,
        form=form,
        abort_on=(),
    )


def _fill_event_choices(form: EventForm) -> None:
    territories = catalog.active_territories()
    if permissions.is_admin(current_user):
        hosts = territories
    else:
        hosts = [t for t in territories if rencontre_services.may_host(current_user, t.id)]
    form.host_territory.choices = [(0, _("— Aucun —"))] + [(t.id, t.name) for t in hosts]
    form.registered.choices = [(t.id, t.name) for t in territories]


def _may_prepare(event: Event | None) -> None:
    if not rencontre_services.can_prepare_event(current_user, event):
        abort(403)


@bp.route("/events/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.REFERENT)
def new():
    _may_prepare(None)
    form = EventForm()
    _fill_event_choices(form)
    if request.method == "GET" and current_user.role == Role.REFERENT:
        form.host_territory.data = current_user.territory_id
    if form.validate_on_submit():
        created = _save_event(form, None, _("Rencontre créée."))
        if created.ok:
            return redirect(url_for("events.show", slug=created.value.slug))
    return render_template("events/form.html", form=form, event=None)


@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN, Role.REFERENT)
def edit(slug: str):
    event = event_or_404(slug)
    _may_prepare(event)
    form = EventForm(obj=None if request.method == "POST" else event)
    _fill_event_choices(form)
    if request.method == "GET":
        form.workshops.data = "\n".join(
            f"{w.title} | {w.topic}" if w.topic else w.title for w in event.workshops
        )
        form.host_territory.data = event.host_territory_id or 0
        form.registered.data = [t.id for t in rencontre_selectors.registered_territories(event.id)]
    form.submit.label.text = _("Enregistrer les modifications")
    if form.validate_on_submit():
        saved = _save_event(form, event, _("Rencontre modifiée."))
        if saved.ok:
            return redirect(url_for("events.show", slug=saved.value.slug))
    return render_template("events/form.html", form=form, event=event)


@bp.get("/events/<slug>")
@roles_required(*Role.MEMBERS)
def show(slug: str):
    event = event_or_404(slug)
    is_admin = rencontre_services.can_prepare_event(current_user, event)
    can_facilitate = permissions.is_staff(current_user)
    agendas = rencontre_selectors.agendas(event)
    return render_template(
        "events/show.html",
        event=event,
        report=selectors.event_report(event),
        can_capture=services.can_capture(current_user),
        is_admin=is_admin,
        can_facilitate=can_facilitate,
        registered=rencontre_selectors.registered_territories(event.id),
        agendas=agendas,
        gaps=rencontre_selectors.agenda_candidates(agendas) if is_admin or can_facilitate else [],
    )


def _fill_capture_choices(form: CaptureForm) -> None:
    placeholder = [(0, _("— Choisir —"))]
    form.product.choices = placeholder + [(p.id, p.name) for p in catalog.active_products()]
    form.category.choices = placeholder + [(c.id, c.name) for c in catalog.active_categories()]
    territories = catalog.active_territories()
    own = current_user.territory_id if current_user.role == Role.REFERENT else None
    form.supporters.choices = [(t.id, t.name) for t in territories if t.id != own]
    if own is None:
        form.territory.choices = placeholder + [(t.id, t.name) for t in territories]
    else:
        del form.territory


def _sticky_int(name: str) -> int | None:
    return int_or_none(request.args.get(name), minimum=1)


@bp.route("/events/<slug>/workshops/<workshop_slug>/capture", methods=["GET", "POST"])
@roles_required(Role.REFERENT, *Role.STAFF)
def capture(slug: str, workshop_slug: str):
    event, workshop = workshop_or_404(slug, workshop_slug)
    form = CaptureForm()
    _fill_capture_choices(form)
    if request.method == "GET":
        # Keep the product, category and territory of the previous wish: fast entry.
        form.product.data = _sticky_int("product")
        form.category.data = _sticky_int("category")
        if form.territory is not None:
            form.territory.data = _sticky_int("territory")
    if form.validate_on_submit():
        territory_id = (form.territory.data or None) if form.territory is not None else None
        captured = run_write(
            lambda: wish_services.wish_create(
                author=current_user,
                title=form.title.data,
                body=form.body.data or "",
                product_id=form.product.data or None,
                category_id=form.category.data or None,
                territory_id=territory_id,
                workshop_id=workshop.id,
                supporter_territory_ids=form.supporters.data or [],
            ),
            success=lambda wish: _("Souhait « %(title)s » enregistré.", title=wish.title),
            form=form,
            abort_on=(403,),
        )
        if captured.ok:
            wish = captured.value
            return redirect(
                url_for(
                    "events.capture",
                    slug=event.slug,
                    workshop_slug=workshop.slug,
                    product=wish.product_id,
                    category=wish.category_id,
                    territory=territory_id or None,
                    saved=wish.id,
                )
            )
    wishes = selectors.event_wishes(event.id, workshop_id=workshop.id)
    return render_template(
        "events/capture.html",
        event=event,
        workshop=workshop,
        form=form,
        wishes=wishes,
        supporters=selectors.supporting_territories(wishes),
        saved=_sticky_int("saved"),
        own_territory=current_user.territory if current_user.role == Role.REFERENT else None,
    )


@bp.get("/events/<slug>/restitution")
@roles_required(*Role.MEMBERS)
def restitution(slug: str):
    event = event_or_404(slug)
    staff = permissions.is_staff(current_user)
    if event.restitution_frozen_at is not None:
        return render_template(
            "events/restitution_frozen.html",
            event=event,
            frozen=rencontre_selectors.restitution(event, staff=staff),
            staff=staff,
        )
    return render_template(
        "events/restitution.html",
        event=event,
        report=selectors.event_report(event),
        can_freeze=staff,
    )


RESTITUTION_COLUMNS = (
    "workshop",
    "id",
    "title",
    "product",
    "category",
    "territory",
    "supporters",
    "territories_count",
    "votes_count",
    "status",
    "delivery",
)


@bp.get("/events/<slug>/restitution.csv")
@roles_required(*Role.MEMBERS)
def restitution_csv(slug: str):
    event = event_or_404(slug)
    if event.restitution_frozen_at is not None:
        return frozen_restitution_csv(event)
    rows = selectors.event_report(event).as_rows()
    for row in rows:
        row["status"] = labels.label(labels.WISH_STATUS_LABELS, row["status"])
        row["delivery"] = labels.label(labels.DELIVERY_LABELS, row["delivery"])
    headers = [
        _("Atelier"),
        _("N°"),
        _("Souhait"),
        _("Produit"),
        _("Catégorie"),
        _("Territoire déposant"),
        _("Territoires qui soutiennent"),
        _("Nombre de territoires"),
        _("Nombre de soutiens"),
        _("Statut"),
        _("Avancement"),
    ]
    return csv_download(RESTITUTION_COLUMNS, rows, f"restitution-{event.slug}.csv", headers)


@bp.route("/events/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_csv():
    form = ImportForm()
    form.event.choices = [("", _("— Aucune —"))] + [(e.slug, e.name) for e in catalog.events()]
    report = None
    if form.validate_on_submit():
        event = selectors.event_by_slug(form.event.data) if form.event.data else None
        author = current_user if permissions.is_admin(current_user) else default_author()
        report = import_wishes(
            data=form.file.data.read(MAX_FILE_BYTES + 1),
            author=author,
            event=event,
            dry_run=form.dry_run.data,
            allow_duplicates=form.allow_duplicates.data,
            max_rows=WEB_MAX_ROWS,
            max_seconds=WEB_MAX_SECONDS,
        )
        if report.ok and not report.dry_run:
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d souhait importé.",
                    "%(num)d souhaits importés.",
                    len(report.created),
                ),
                "success",
            )
        else:
            db.session.rollback()
            if not report.ok:
                flash(_("Import refusé : aucun souhait n'a été importé."), "error")
    status = 422 if report is not None and not report.ok else 200
    return render_template("events/import.html", form=form, report=report), status


@bp.route("/events/import/modele.csv")
@roles_required(Role.ADMIN)
def import_template():
    """The import file to fill in: the header line and one example row made of names this
    network has (so that the example reads back), separated by ";" as French Excel
    expects."""
    language = str(get_locale() or "fr").split("_")[0]
    headers = TEMPLATE_HEADERS.get(language, TEMPLATE_HEADERS["fr"])
    choices = catalog.list_filter_choices()
    own = current_user.territory
    example = dict.fromkeys(headers, "")
    example.update(
        zip(
            headers[:5],
            [
                _("Saisir une grille tarifaire par saison"),
                _(
                    "Une ligne par souhait ; plusieurs soutiens dans une même cellule, séparés par « ; »."
                ),
                choices.products[0].slug if choices.products else "",
                choices.categories[0].slug if choices.categories else "",
                own.slug if own else (choices.territories[0].slug if choices.territories else ""),
            ],
            strict=True,
        )
    )
    return csv_download(headers, [example], "modele-import-souhaits.csv")
