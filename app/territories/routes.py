"""Territory and club pages: figures, wishes filed and supported, shipped and pending."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from app.collation import by_name
from app.decorators import roles_required
from app.models import Role
from app.selectors import funding
from app.selectors import rencontre as rencontre_selectors
from app.selectors import territories as selectors
from app.services import permissions
from app.territories import bp


@bp.get("/territories/<slug>")
@roles_required(*Role.MEMBERS)
def show(slug: str):
    territory = selectors.territory_by_slug(slug)
    if territory is None:
        abort(404)
    return render_template(
        "territories/show.html",
        territory=territory,
        portfolio=selectors.territory_portfolio(territory),
        waiting=rencontre_selectors.awaiting_answer(territory),
        pledges=funding.pledges_of_territories([territory.id]),
        can_report=permissions.can_read_territory_report(current_user, territory),
    )


@bp.get("/clubs/<slug>")
@roles_required(*Role.MEMBERS)
def club(slug: str):
    club = selectors.club_by_slug(slug)
    if club is None:
        abort(404)
    return render_template(
        "territories/club.html",
        club=club,
        members=by_name(club.territories),
        portfolio=selectors.club_portfolio(club),
        pledges=funding.pledges_of_territories([t.id for t in club.territories]),
        can_report=permissions.can_read_club_report(current_user, club),
    )
