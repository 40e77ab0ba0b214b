"""The dashboard (``dashboard.index``), its CSV downloads and the printable presentation."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app import labels
from app.dashboard import bp
from app.decorators import roles_required
from app.models import Role
from app.selectors import dashboard as figures

DASHBOARD_ROLES = (Role.CLUB_MEMBER, *Role.STAFF)
CHARTS = ("status", "category", "monthly", "timing", "gap", "progress")


@bp.get("/dashboard")
@roles_required(*DASHBOARD_ROLES)
def index():
    scope = figures.scope_for(current_user)
    by_status = figures.wishes_by_status(scope)
    by_category = figures.wishes_by_category(scope)
    monthly = figures.monthly_series(scope)
    return render_template(
        "dashboard/index.html",
        by_status=by_status,
        by_category=by_category,
        monthly=monthly,
        timing=figures.timing(scope),
        gap=figures.gap_list(scope),
        progress=figures.roadmap_progress(scope),
        total_wishes=sum(n for _, n in by_status),
        scoped=scope is not None,
        club=current_user.club if scope is not None and current_user.club_id else None,
    )


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_rows(chart: str, scope) -> list[list]:
    if chart == "status":
        return [[_("Statut"), _("Code"), _("Souhaits")]] + [
            [labels.label(labels.WISH_STATUS_LABELS, s), s, n]
            for s, n in figures.wishes_by_status(scope)
        ]
    if chart == "category":
        return [[_("Catégorie"), _("Souhaits")]] + [
            [name, n] for name, n in figures.wishes_by_category(scope)
        ]
    if chart == "monthly":
        return [[_("Mois"), _("Déposés"), _("Livrés")]] + [
            [p.month.strftime("%Y-%m"), p.filed, p.delivered] for p in figures.monthly_series(scope)
        ]
    if chart == "timing":
        t = figures.timing(scope)
        return [
            [_("Mesure"), _("Médiane (jours)"), _("Souhaits")],
            [_("Du dépôt à la livraison"), t.median_days_to_delivery, t.delivered],
            [_("Du dépôt à la première réponse"), t.median_days_to_answer, t.answered],
        ]
    if chart == "gap":
        return [
            [
                _("Numéro"),
                _("Souhait"),
                _("Territoire"),
                _("Produit"),
                _("Statut"),
                _("Territoires"),
                _("Soutiens"),
            ]
        ] + [
            [
                w.id,
                w.title,
                w.territory.name,
                w.product.name,
                labels.label(labels.WISH_STATUS_LABELS, w.status),
                w.territories_count,
                w.votes_count,
            ]
            for w in figures.gap_list(scope)
        ]
    return [
        [
            _("Échéance"),
            _("Éléments"),
            _("Livrés"),
            _("Souhaits liés"),
            _("Souhaits satisfaits"),
        ]
    ] + [
        [p.target or _("Sans échéance"), p.items, p.shipped, p.wishes, p.wishes_answered]
        for p in figures.roadmap_progress(scope)
    ]


@bp.get("/dashboard/<chart>.csv")
@roles_required(*DASHBOARD_ROLES)
def chart_csv(chart: str):
    if chart not in CHARTS:
        abort(404)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in _csv_rows(chart, figures.scope_for(current_user)):
        writer.writerow([_cell(v) for v in row])
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="souhaits-{chart}.csv"'},
    )


@bp.get("/dashboard/presentation")
@roles_required(*DASHBOARD_ROLES)
def presentation():
    return render_template("dashboard/presentation.html", periods=figures.presentation())
