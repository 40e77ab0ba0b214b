"""The dashboard (``dashboard.index``), its CSV downloads and the printable presentation."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import labels
from app.dashboard import bp
from app.decorators import roles_required
from app.models import Role
from app.selectors import dashboard as figures
from app.selectors import funding
from app.spreadsheet import csv_download

DASHBOARD_ROLES = (Role.CLUB_MEMBER, Role.REFERENT, *Role.STAFF)
CHARTS = ("status", "category", "monthly", "timing", "gap", "progress")
MAX_MONTHS = 240


def _month(text: str | None) -> date | None:
    """``YYYY-MM`` as the first day of that month; ``None`` when it is not one."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return None


def _period() -> tuple[date, date] | None:
    """The months the reader asked for (``from``/``to``, ``YYYY-MM``), in order and capped.

    Without ``to`` the period runs up to this month; without ``from``, it is the twelve
    months up to ``to``.
    """
    first, last = _month(request.args.get("from")), _month(request.args.get("to"))
    if first is None and last is None:
        return None
    if first is None:
        assert last is not None
        first = figures.month_window(last, figures.MONTHS)[0]
    if last is None:
        last = max(figures.month_window(datetime.now(UTC).date(), 1)[0], first)
    first, last = min(first, last), max(first, last)
    span = figures.months_between(first, last)
    if len(span) > MAX_MONTHS:
        first = span[-MAX_MONTHS]
    return first, last


def _network() -> bool:
    return request.args.get("scope") == "network"


def _scope():
    return figures.scope_for(current_user, network=_network())


def _own_name() -> str:
    if current_user.club_id is not None:
        return current_user.club.name
    if current_user.territory is not None:
        return current_user.territory.name
    return _("Mon territoire")


@bp.get("/dashboard")
@roles_required(*DASHBOARD_ROLES)
def index():
    scope = _scope()
    period = _period()
    shown = figures.dashboard_figures(scope, period=period)
    own = figures.scope_for(current_user)
    return render_template(
        "dashboard/index.html",
        by_status=shown.by_status,
        by_category=shown.by_category,
        monthly=shown.monthly,
        period=period,
        timing=shown.timing,
        gap=figures.gap_list(scope),
        progress=shown.progress,
        being_funded=funding.items_being_funded(),
        total_wishes=sum(n for _, n in shown.by_status),
        scoped=scope is not None,
        can_scope=own is not None,
        network=scope is None,
        club=current_user.club if scope is not None and current_user.club_id else None,
        territory=current_user.territory if scope is not None else None,
        own_name=_own_name(),
        query={k: v for k, v in request.args.items() if k in ("scope", "from", "to") and v},
    )


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
            [p.month.strftime("%Y-%m"), p.filed, p.delivered]
            for p in figures.monthly_series(scope, period=_period())
        ]
    if chart == "timing":
        t = figures.timing(scope)
        return [
            [_("Mesure"), _("Médiane (jours)"), _("Souhaits")],
            [_("Du dépôt à la livraison"), t.median_days_to_delivery, t.delivered],
            [_("Déjà disponibles au dépôt"), None, t.already_available],
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
    header, *rows = _csv_rows(chart, _scope())
    columns = [str(i) for i in range(len(header))]
    return csv_download(
        columns,
        (dict(zip(columns, row, strict=True)) for row in rows),
        f"souhaits-{chart}.csv",
        header,
    )


@bp.get("/dashboard/presentation")
@roles_required(*DASHBOARD_ROLES)
def presentation():
    return render_template("dashboard/presentation.html", periods=figures.presentation())
