"""Board reports: a territory's, a club's or the network's year, as a printable page and
as a PDF rendered by WeasyPrint from the same template.

Members only: the territory's referents, the club's members (club members and the
referents of its territories), the vendor and admins. French unless the reader chose
another language (their account or the language switch).
"""

from __future__ import annotations

from datetime import date

from babel import dates
from flask import abort, current_app, make_response, render_template, request, session, url_for
from flask_login import current_user, login_required

from app.errors import or_404
from app.i18n import force_locale
from app.reports import bp
from app.reports.pdf import render_pdf
from app.selectors import reports as selectors
from app.selectors import territories as territory_selectors
from app.services import permissions
from app.templating import format_locale

YEAR_MIN, YEAR_MAX = 2000, 2100
PDF_OF = {
    "reports.territory": "reports.territory_pdf",
    "reports.club": "reports.club_pdf",
    "reports.network": "reports.network_pdf",
}


def report_locale() -> str:
    """French by default: a board report follows the reader's choice, not the browser."""
    languages = current_app.config["LANGUAGES"]
    for choice in (session.get("locale"), getattr(current_user, "locale", None)):
        if choice in languages:
            return str(choice)
    return "fr"


def _year() -> int:
    raw = request.args.get("year")
    if raw is None or raw == "":
        return date.today().year
    try:
        year = int(raw)
    except ValueError:
        abort(400)
    if not YEAR_MIN <= year <= YEAR_MAX:
        abort(400)
    return year


def month_label(year: int, month: int) -> str:
    return dates.format_date(date(year, month, 1), "MMM", locale=format_locale())


def _render(report, *, pdf: bool, filename: str, pdf_endpoint: str = ""):
    locale = report_locale()
    with force_locale(locale):
        html = render_template(
            "reports/report.html",
            report=report,
            pdf=pdf,
            lang=locale,
            report_today=date.today(),
            month_label=month_label,
            pdf_url=url_for(pdf_endpoint, year=report.year, **(request.view_args or {}))
            if pdf_endpoint
            else "",
        )
        if not pdf:
            return html
        body = render_pdf(html)
    response = make_response(body)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _page(report):
    """The report as a page, with a link to the same report as a PDF."""
    return _render(report, pdf=False, filename="", pdf_endpoint=PDF_OF[request.endpoint or ""])


def _pdf(report, slug: str, year: int):
    return _render(report, pdf=True, filename=f"bilan-{slug}-{year}.pdf")


def _territory(slug: str):
    territory = or_404(territory_selectors.territory_by_slug(slug))
    if not permissions.can_read_territory_report(current_user, territory):
        abort(403)
    return territory


def _club(slug: str):
    club = or_404(territory_selectors.club_by_slug(slug))
    if not permissions.can_read_club_report(current_user, club):
        abort(403)
    return club


@bp.get("/territories/<slug>/report")
@login_required
def territory(slug: str):
    return _page(selectors.territory_report(_territory(slug), _year()))


@bp.get("/territories/<slug>/report.pdf")
@login_required
def territory_pdf(slug: str):
    territory = _territory(slug)
    year = _year()
    return _pdf(selectors.territory_report(territory, year), territory.slug, year)


@bp.get("/clubs/<slug>/report")
@login_required
def club(slug: str):
    return _page(selectors.club_report(_club(slug), _year()))


@bp.get("/clubs/<slug>/report.pdf")
@login_required
def club_pdf(slug: str):
    club = _club(slug)
    year = _year()
    return _pdf(selectors.club_report(club, year), club.slug, year)


def _network_year() -> int:
    if not permissions.is_staff(current_user):
        abort(403)
    return _year()


@bp.get("/report")
@login_required
def network():
    return _render(
        selectors.network_report(_network_year()),
        pdf=False,
        filename="",
        pdf_endpoint=PDF_OF[request.endpoint or ""],
    )


@bp.get("/report.pdf")
@login_required
def network_pdf():
    year = _network_year()
    return _render(
        selectors.network_report(year), pdf=True, filename=f"bilan-annuel-reseau-{year}.pdf"
    )
