import csv
import io

from app.models import RoadmapItem, RoadmapStatus, Role, WishLink
from tests.events.test_pages import make_event_wish


def test_restitution_lists_wishes_by_workshop_with_support_and_delivery(
    client, auth, db, event, catalog
):
    wish = make_event_wish(db, catalog, event.workshops[1], "Passerelle Apidae vers Open Pro")
    item = RoadmapItem(title="Passerelle Apidae", status=RoadmapStatus.SHIPPED)
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    db.session.commit()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/events/rn-2023/restitution").get_data(as_text=True)
    assert "Restitution" in html
    section = html[html.index("Passerelles SIT") :]
    assert wish.title in section
    assert "Drôme Tourisme" in section and "Ardèche Tourisme" in section
    assert "Livré" in section
    assert "data-print" in html
    assert "onclick" not in html


def test_restitution_csv(client, auth, db, event, catalog):
    make_event_wish(db, catalog, event.workshops[0], "=Tarification par saison")
    auth.as_role(Role.VENDOR)
    response = client.get("/events/rn-2023/restitution.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Atelier", "N°", "Souhait"]
    row = rows[1]
    assert row[0] == "Tarification"
    assert row[2] == "'=Tarification par saison"
    assert row[5] == "Drôme Tourisme"
    assert row[6] == "Ardèche Tourisme"
    assert row[7:10] == ["2", "2", "Nouveau"]


def test_restitution_query_count_is_constant(client, auth, db, event, catalog, count_queries):
    auth.as_role(Role.VENDOR)
    make_event_wish(db, catalog, event.workshops[0], "Premier souhait d'atelier")
    with count_queries() as few:
        client.get("/events/rn-2023/restitution")
    for n in range(5):
        make_event_wish(db, catalog, event.workshops[n % 2], f"Souhait d'atelier {n}")
    with count_queries() as many:
        client.get("/events/rn-2023/restitution")
    assert many.count == few.count


def test_restitution_needs_a_member(client, auth, event):
    auth.as_role(Role.VISITOR)
    assert client.get("/events/rn-2023/restitution.csv").status_code == 403
