import pytest

from app.models import Event, Role, Wish


def test_event_list_shows_events(client, auth, event):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/events").get_data(as_text=True)
    assert "Rencontre nationale 2023" in html
    assert "Orléans" in html


def test_event_list_needs_a_member(client, auth, event):
    auth.as_role(Role.VISITOR)
    assert client.get("/events").status_code == 403


@pytest.mark.parametrize("role", [Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR])
@pytest.mark.parametrize("path", ["/events/new", "/events/rn-2023/edit", "/events/import"])
def test_event_admin_pages_are_for_admins_only(client, auth, event, role, path):
    if role == Role.REFERENT and path == "/events/new":
        pytest.skip("a referent may propose to host the next meeting (test_rencontre_preparation)")
    auth.as_role(role)
    assert client.get(path).status_code == 403
    assert client.post(path, data={"name": "Piratage"}).status_code == 403


def test_admin_creates_event_with_workshops(client, auth, db):
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/events/new",
        data={
            "name": "Rencontre nationale 2024",
            "location": "Annecy",
            "starts_on": "2024-04-09",
            "ends_on": "2024-04-10",
            "workshops": "Tarification\nPasserelles SIT\n\nActivités",
        },
    )
    assert response.status_code == 302
    event = db.session.query(Event).filter_by(slug="rencontre-nationale-2024").one()
    assert event.location == "Annecy"
    assert [w.title for w in event.workshops] == ["Tarification", "Passerelles SIT", "Activités"]
    assert [w.slug for w in event.workshops][2] == "activites"


def test_event_form_errors_save_nothing(client, auth, db, event):
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/events/new",
        data={
            "name": "Autre",
            "slug": "rn-2023",
            "starts_on": "2024-04-10",
            "ends_on": "2024-04-09",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "utilise déjà cet identifiant" in html
    assert "La fin ne peut pas précéder le début" in html
    assert db.session.query(Event).count() == 1


def test_admin_edits_event_and_workshops(client, auth, db, event):
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/events/rn-2023/edit",
        data={"name": "Rencontre 2023", "slug": "rn-2023", "workshops": "Activités\nTarification"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.name == "Rencontre 2023"
    assert [w.title for w in event.workshops] == ["Activités", "Tarification"]


def test_workshop_with_wishes_cannot_be_removed(client, auth, db, event, make):
    wish = make.wish()
    wish.event_id, wish.workshop_id = event.id, event.workshops[1].id
    db.session.commit()
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/events/rn-2023/edit", data={"name": "Rencontre 2023", "workshops": "Tarification"}
    )
    assert "ne peuvent pas être retirés" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Event, event.id).workshops) == 2


def test_event_page_lists_wishes_by_workshop_with_territories(client, auth, db, event, catalog):
    wish = make_event_wish(db, catalog, event.workshops[1], "Passerelle Apidae vers Open Pro")
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/events/rn-2023").get_data(as_text=True)
    section = html[html.index("Passerelles SIT") :]
    assert wish.title in section
    assert "Drôme Tourisme" in section and "Ardèche Tourisme" in section


def test_unknown_event_is_404(client, auth):
    auth.as_role(Role.CLUB_MEMBER)
    assert client.get("/events/nope").status_code == 404


def test_event_page_query_count_is_constant(client, auth, db, event, catalog, count_queries):
    auth.as_role(Role.CLUB_MEMBER)
    make_event_wish(db, catalog, event.workshops[0], "Premier souhait d'atelier")
    with count_queries() as few:
        client.get("/events/rn-2023")
    for n in range(6):
        make_event_wish(db, catalog, event.workshops[n % 2], f"Souhait d'atelier {n}")
    with count_queries() as many:
        client.get("/events/rn-2023")
    assert many.count == few.count


@pytest.mark.parametrize(("role", "queries"), [(Role.CLUB_MEMBER, 8), (Role.ADMIN, 9)])
def test_event_page_costs_a_pinned_number_of_queries(
    client, auth, db, event, catalog, count_queries, role, queries
):
    """An admin also gets the agenda's candidates: the agendas are read once for both."""
    auth.as_role(role)
    for n in range(4):
        make_event_wish(db, catalog, event.workshops[n % 2], f"Souhait d'atelier {n}")
    db.session.expire_all()
    with count_queries() as counter:
        assert client.get("/events/rn-2023").status_code == 200
    assert counter.count == queries


def make_event_wish(db, catalog, workshop, title) -> Wish:
    from app.services.wishes import wish_create

    vendor = _vendor(db)
    wish = wish_create(
        author=vendor,
        title=title,
        body="",
        product_id=catalog["product"].id,
        category_id=catalog["category"].id,
        territory_id=catalog["drome"].id,
        workshop_id=workshop.id,
        supporter_territory_ids=[catalog["ardeche"].id],
    )
    db.session.commit()
    return wish


def _vendor(db):
    from app.models import User

    vendor = db.session.query(User).filter_by(email="vendor-fixture@example.org").first()
    if vendor is None:
        vendor = User(email="vendor-fixture@example.org", display_name="Éditeur", role=Role.VENDOR)
        db.session.add(vendor)
        db.session.commit()
    return vendor


def test_the_report_names_each_wishs_other_supporting_territories_by_name(db, make, rencontre):
    from app.selectors.events import event_by_slug, event_report

    isere, ardeche = rencontre["isere"], rencontre["ardeche"]
    several = rencontre["wish"](
        "Exporter les tarifs", rencontre["drome"], rencontre["pricing"], [isere, ardeche]
    )
    report = event_report(event_by_slug("rn-2023"))
    assert report.supporter_names[several.id] == "Ardèche Tourisme, Isère Attractivité"
    assert report.supporter_names[rencontre["seasons"].id] == "Ardèche Tourisme"
    assert rencontre["copy"].id not in report.supporter_names
