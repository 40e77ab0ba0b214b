"""Territory and club pages: figures, wishes filed and supported, shipped and pending."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.collation import by_name
from app.decorators import roles_required
from app.errors import or_404
from app.models import Role
from app.selectors import funding
from app.selectors import rencontre as rencontre_selectors
from app.selectors import territories as selectors
from app.services import permissions
from app.territories import bp


@bp.get("/territories/<slug>")
@roles_required(*Role.MEMBERS)
def show(slug: str):
    territory = or_404(selectors.territory_by_slug(slug))
    return render_template(
        "territories/show.html",
        territory=territory,
        portfolio=selectors.territory_portfolio(territory),
        limit=selectors.LIST_LIMIT,
        waiting=rencontre_selectors.awaiting_answer(territory),
        pledges=funding.pledges_of_territories([territory.id]),
        can_report=permissions.can_read_territory_report(current_user, territory),
        table_rows=selectors.table_rows,
    )


@bp.get("/clubs/<slug>")
@roles_required(*Role.MEMBERS)
def club(slug: str):
    club = or_404(selectors.club_by_slug(slug))
    return render_template(
        "territories/club.html",
        club=club,
        members=by_name(club.territories),
        portfolio=selectors.club_portfolio(club),
        limit=selectors.LIST_LIMIT,
        pledges=funding.pledges_of_territories([t.id for t in club.territories]),
        can_report=permissions.can_read_club_report(current_user, club),
        table_rows=selectors.table_rows,
    )
