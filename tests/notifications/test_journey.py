"""With the roadmap services: the vendor ships an item; the referents are told."""

from __future__ import annotations

from sqlalchemy import select

from app.models import OutboxEmail
from app.services import roadmap as roadmap_services
from app.services.notifications import unread_count
from app.services.roadmap import allowed_item_statuses


def test_shipping_an_item_notifies_and_emails_the_referents_behind_its_wishes(
    db, make, client, auth, runner, smtp
):
    vendor = make.user(role="vendor", notification_preference="never")
    drome = make.user(notification_preference="immediate")
    manche = make.user(notification_preference="daily")
    first = make.wish(author=drome, title="Passerelle Tourinsoft")
    second = make.wish(author=manche, title="Synchronisation Tourinsoft")
    item = roadmap_services.roadmap_item_create(actor=vendor, title="Passerelle Tourinsoft v2")
    for wish in (first, second):
        roadmap_services.wish_link(actor=vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    path = ["considering"]
    while "shipped" not in allowed_item_statuses(path[-1]):
        path.append(next(s for s in ("planned", "in_progress", "in_testing") if s not in path))
    for status in [*path[1:], "shipped"]:
        roadmap_services.roadmap_item_set_status(
            actor=vendor,
            item_id=item.id,
            status=status,
            shipped_on="2027-04-02" if status == "shipped" else None,
            release="5.12" if status == "shipped" else None,
        )
        db.session.commit()

    assert unread_count(drome.id) == unread_count(manche.id) == len(path) + 1
    emails = db.session.execute(select(OutboxEmail.to_address)).scalars().all()
    assert set(emails) == {drome.email}  # manche gets a digest, the vendor nothing

    result = runner.invoke(args=["notifications", "send"])
    assert "Digests built: 1" in result.output
    subjects = {m["To"]: m["Subject"] for _, m in smtp.inbox.messages}
    assert (
        subjects[drome.email] == "[Souhaits] Feuille de route : « Passerelle Tourinsoft v2 » Livré"
    )
    assert len([m for _, m in smtp.inbox.messages if m["To"] == manche.email]) == 1

    auth.login(manche)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Version : 5.12." in html
    assert f'href="/roadmap/{item.id}"' in html
