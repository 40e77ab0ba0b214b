"""Who takes part in the Rencontre: who votes with dots, who prepares a meeting and
which meetings a referent may host."""

from __future__ import annotations

from app.extensions import db
from app.models import Event, Role, Territory, User
from app.services import permissions


def can_vote_dots(user: User | None) -> bool:
    return permissions.can_vote(user)


def can_prepare_event(user: User | None, event: Event | None = None) -> bool:
    """The admin; for an event with a host territory, the host's referents and those of
    its region's regional committee (CRT). Any referent may propose to host one."""
    if permissions.is_admin(user):
        return True
    if not (user and user.is_authenticated and user.role == Role.REFERENT):
        return False
    territory = user.territory
    if territory is None:
        return False
    if event is None:
        return True
    return may_host(user, event.host_territory_id)


def may_host(user: User, host_territory_id: int | None) -> bool:
    """A referent prepares a meeting hosted by their own territory or, for a regional
    committee (CRT), by a territory of their region."""
    if permissions.is_admin(user):
        return True
    territory = user.territory if user.role == Role.REFERENT else None
    if territory is None or host_territory_id is None:
        return False
    if host_territory_id == territory.id:
        return True
    host = db.session.get(Territory, host_territory_id)
    return territory.kind == "CRT" and host is not None and host.region == territory.region
