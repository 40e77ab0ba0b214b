"""The restitution page, its CSV and printable form, the vendor's answers from the page,
and the review page (bilan) with its chart and table."""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from app.models import Notification, RestitutionEntry, RoadmapItem, Role, WishLink
from app.services import rencontre as services


def freeze(db, r, vendor):
    services.restitution_freeze(actor=vendor, event_id=r["event"].id)
    db.session.commit()


def answer(db, r, vendor, key, decision, target=None, text=""):
    services.answer_set(
        actor=vendor,
        event_id=r["event"].id,
        wish_id=r[key].id,
        decision=decision,
        target=target,
        text=text,
    )
    db.session.commit()


def test_before_freezing_the_vendor_sees_the_freeze_button(client, auth, rencontre):
    auth.as_role(Role.VENDOR)
    page = client.get("/events/rn-2023/restitution").get_data(as_text=True)
    assert "Figer la restitution" in page
    auth.as_role(Role.REFERENT)
    assert "Figer la restitution" not in client.get("/events/rn-2023/restitution").get_data(
        as_text=True
    )


def test_the_vendor_freezes_from_the_page(client, auth, db, rencontre):
    auth.as_role(Role.VENDOR)
    response = client.post("/events/rn-2023/restitution/freeze")
    assert response.status_code == 302
    assert db.session.query(RestitutionEntry).count() == 3
    page = client.get("/events/rn-2023/restitution").get_data(as_text=True)
    assert "Liste figée le" in page
    assert "Statut à la restitution" in page


def test_a_referent_cannot_freeze(client, auth, db, rencontre):
    auth.login(rencontre["referents"]["drome"])
    assert client.post("/events/rn-2023/restitution/freeze").status_code == 403
    assert db.session.query(RestitutionEntry).count() == 0


def test_answers_are_drafted_on_the_page_then_published(client, auth, db, make, rencontre):
    r = rencontre
    vendor = auth.as_role(Role.VENDOR)
    freeze(db, r, vendor)
    client.post(
        f"/events/rn-2023/restitution/{r['seasons'].id}/answer",
        data={"decision": "retained", "target": "2024-T2", "text": "Avec la version 24.2."},
    )
    page = client.get("/events/rn-2023/restitution").get_data(as_text=True)
    assert "Avec la version 24.2." in page
    assert "(brouillon)" in page
    auth.login(r["referents"]["isere"])
    assert "Avec la version 24.2." not in client.get("/events/rn-2023/restitution").get_data(
        as_text=True
    )
    auth.login(vendor)
    client.post("/events/rn-2023/restitution/publish")
    assert db.session.query(Notification).filter_by(kind="restitution_answer").count() == 2
    auth.login(r["referents"]["isere"])
    page = client.get("/events/rn-2023/restitution").get_data(as_text=True)
    assert "Avec la version 24.2." in page
    assert "(brouillon)" not in page


def test_a_retained_answer_without_target_is_refused_on_the_page(client, auth, db, rencontre):
    r = rencontre
    vendor = auth.as_role(Role.VENDOR)
    freeze(db, r, vendor)
    client.post(
        f"/events/rn-2023/restitution/{r['seasons'].id}/answer",
        data={"decision": "retained", "text": "Oui"},
    )
    entry = db.session.query(RestitutionEntry).filter_by(wish_id=r["seasons"].id).one()
    assert entry.decision is None


def test_the_csv_puts_the_frozen_list_the_answer_and_todays_delivery_side_by_side(
    client, auth, db, rencontre
):
    r = rencontre
    vendor = auth.as_role(Role.VENDOR)
    freeze(db, r, vendor)
    answer(db, r, vendor, "seasons", "retained", "2024-T1", "Printemps")
    services.restitution_publish(actor=vendor, event_id=r["event"].id)
    item = RoadmapItem(title="Saisons", target="2024-T1", status="shipped")
    item.shipped_on = date(2024, 5, 2)
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=r["seasons"].id, roadmap_item_id=item.id))
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    csv = client.get("/events/rn-2023/restitution.csv").get_data(as_text=True)
    header, *rows = csv.lstrip("\ufeff").strip().splitlines()
    assert header.split(";")[:4] == ["Atelier", "Rang", "N°", "Souhait"]
    seasons = next(row for row in rows if "Tarification par saison" in row).split(";")
    assert seasons[7:] == [
        "Nouveau",
        "Retenu par l'éditeur",
        "2024-T1",
        "Printemps",
        "Livré",
        "2024-05-02",
        "oui",
    ]


def test_the_review_page_shows_the_chart_and_its_table(client, auth, db, rencontre):
    r = rencontre
    vendor = auth.as_role(Role.VENDOR)
    freeze(db, r, vendor)
    answer(db, r, vendor, "seasons", "retained", "2024-T1")
    answer(db, r, vendor, "copy", "retained", "2024-T2")
    answer(db, r, vendor, "apidae", "declined", None, "Hors périmètre")
    services.restitution_publish(actor=vendor, event_id=r["event"].id)
    db.session.commit()
    with freeze_time("2024-09-01"):
        auth.as_role(Role.CLUB_MEMBER)
        page = client.get("/events/rn-2023/review").get_data(as_text=True)
    assert 'data-testid="chart-review-territories"' in page
    assert "Drôme Tourisme" in page and "Ardèche Tourisme" in page
    assert "Isère Attractivité" not in page  # only declined there
    assert page.count("late-flag") >= 3  # summary, and both wishes are overdue


def test_the_review_page_runs_a_constant_number_of_queries(
    client, auth, db, rencontre, count_queries
):
    r = rencontre
    vendor = auth.as_role(Role.VENDOR)
    freeze(db, r, vendor)
    answer(db, r, vendor, "seasons", "retained", "2024-T1")
    services.restitution_publish(actor=vendor, event_id=r["event"].id)
    db.session.commit()
    client.get("/events/rn-2023/review")
    db.session.expire_all()
    with count_queries() as few:
        client.get("/events/rn-2023/review")
    answer(db, r, vendor, "copy", "retained", "2024-T1")
    answer(db, r, vendor, "apidae", "retained", "2025")
    services.restitution_publish(actor=vendor, event_id=r["event"].id)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        client.get("/events/rn-2023/review")
    assert many.count == few.count, "\n\n".join(many.statements)
