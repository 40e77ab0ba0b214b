from __future__ import annotations

from app.services import follows as follow_services
from app.services.notifications import notify_followers


def quiet_wish(make, **kw):
    """A wish whose author unfollowed it, so only the test's followers are notified."""
    wish = make.wish(**kw)
    follow_services.follow_set(user=wish.author, active=False, wish_id=wish.id)
    make.db.session.commit()
    return wish


def status_change(wish, **kw):
    """What the triage service will call when a wish's status changes."""
    return notify_followers(
        kind="wish_status",
        actor=None,
        wish_ids=[wish.id],
        payload={"wish_title": wish.title, "from": "new", "to": "accepted", **kw},
    )
