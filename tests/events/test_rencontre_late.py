"""One rule for "late" (target period over, neither shipped nor cancelled), used by every
page and the API; the territory page's list of what waits on the vendor."""

from __future__ import annotations

from datetime import date

import pytest
from freezegun import freeze_time

from app.models import RoadmapItem, RoadmapStatus, Role, WishLink
from app.selectors.late import is_late, late_condition, period_end
from app.services import rencontre as services


@pytest.mark.parametrize(
    ("target", "end"),
    [
        ("2027", date(2027, 12, 31)),
        ("2027-T1", date(2027, 3, 31)),
        ("2027-T2", date(2027, 6, 30)),
        ("2027-T3", date(2027, 9, 30)),
        ("2027-T4", date(2027, 12, 31)),
        ("soon", None),
        (None, None),
    ],
)
def test_the_end_of_a_target_period(target, end):
    assert period_end(target) == end


def test_late_means_the_period_ended_and_it_is_neither_shipped_nor_cancelled():
    today = date(2027, 7, 1)
    assert is_late("2027-T2", RoadmapStatus.IN_PROGRESS, today)
    assert not is_late("2027-T2", RoadmapStatus.SHIPPED, today)
    assert not is_late("2027-T2", RoadmapStatus.CANCELLED, today)
    assert is_late("2026", RoadmapStatus.POSTPONED, today)
    assert not is_late("2027-T3", RoadmapStatus.PLANNED, today)
    assert not is_late("2027", RoadmapStatus.PLANNED, today)
    assert not is_late(None, RoadmapStatus.PLANNED, today)
    # The last day of the period is still on time.
    assert not is_late("2027-T2", RoadmapStatus.PLANNED, date(2027, 6, 30))


def test_the_sql_rule_agrees_with_the_python_rule(db):
    today = date(2027, 7, 1)
    cases = [
        (target, status)
        for target in ("2025", "2026-T4", "2027-T1", "2027-T2", "2027-T3", "2027", "2028", None)
        for status in RoadmapStatus.ALL
    ]
    for n, (target, status) in enumerate(cases):
        db.session.add(RoadmapItem(title=f"Élément {n}", target=target, status=status))
    db.session.commit()
    from sqlalchemy import select

    late_ids = set(
        db.session.execute(select(RoadmapItem.id).where(late_condition(today))).scalars()
    )
    for item in db.session.execute(select(RoadmapItem)).scalars():
        assert (item.id in late_ids) == is_late(item.target, item.status, today), item.target


def item(db, title, target, status, wish=None):
    row = RoadmapItem(title=title, target=target, status=status)
    db.session.add(row)
    db.session.flush()
    if wish is not None:
        db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=row.id))
    db.session.commit()
    return row


@freeze_time("2024-09-01")
def test_roadmap_pages_flag_late_items_and_filter_on_them(client, auth, db, rencontre):
    late = item(db, "Grille copiée", "2024-T2", RoadmapStatus.IN_PROGRESS, rencontre["copy"])
    item(db, "Saisons", "2024-T4", RoadmapStatus.PLANNED)
    auth.as_role(Role.CLUB_MEMBER)
    board = client.get("/roadmap").get_data(as_text=True)
    assert board.count('class="late-flag"') == 1
    only_late = client.get("/roadmap?late=1").get_data(as_text=True)
    assert "Grille copiée" in only_late and "Saisons" not in only_late
    detail = client.get(f"/roadmap/{late.id}").get_data(as_text=True)
    assert "late-flag" in detail
    wish_page = client.get(f"/wishes/{rencontre['copy'].id}").get_data(as_text=True)
    assert "late-flag" in wish_page
    territory_page = client.get("/territories/ardeche").get_data(as_text=True)
    assert "late-flag" in territory_page


def test_the_territory_page_shows_what_waits_for_an_answer_and_since_when(
    client, auth, db, make, rencontre
):
    r = rencontre
    with freeze_time("2023-04-05 17:00"):
        vendor = make.user(role=Role.VENDOR)
        services.restitution_freeze(actor=vendor, event_id=r["event"].id)
        db.session.commit()
    services.answer_set(
        actor=vendor, event_id=r["event"].id, wish_id=r["apidae"].id, decision="later"
    )
    services.restitution_publish(actor=vendor, event_id=r["event"].id)
    db.session.commit()
    with freeze_time("2023-05-05 18:00"):
        auth.as_role(Role.CLUB_MEMBER)
        page = client.get("/territories/ardeche").get_data(as_text=True)
    section = page.split('data-testid="waiting"', 1)[1].split("</section>", 1)[0]
    # Ardèche filed one handed-over wish and supports the other; both unanswered.
    assert "Copier une grille tarifaire" in section
    assert "Tarification par saison" in section
    assert "Rencontre nationale 2023" in section
    assert "30 jours" in section
    isere = None
    with freeze_time("2023-05-05 18:00"):
        isere = client.get("/territories/isere").get_data(as_text=True)
    # Isère's wish got its (published) answer: nothing waits any more.
    assert (
        "Passerelle Apidae"
        not in isere.split('data-testid="waiting"', 1)[1].split("</section>", 1)[0]
    )
