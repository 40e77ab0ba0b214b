import pytest
from sqlalchemy import select

from app.models import Role, Vote, Wish
from app.services import wishes as wish_services
from app.services.errors import PermissionDenied

URL = "/events/rn-2023/workshops/tarification/capture"


def _form(catalog, title, **extra):
    data = {
        "title": title,
        "body": "Entendu en atelier.",
        "product": catalog["product"].id,
        "category": catalog["category"].id,
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("role", [Role.VISITOR, Role.CLUB_MEMBER])
def test_capture_is_for_referents_and_vendor(client, auth, event, role):
    auth.as_role(role)
    assert client.get(URL).status_code == 403


def test_unknown_workshop_is_404(client, auth, event):
    auth.as_role(Role.VENDOR)
    assert client.get("/events/rn-2023/workshops/nope/capture").status_code == 404


def test_referent_captures_several_wishes_in_a_row(client, auth, db, event, catalog):
    referent = auth.as_role(Role.REFERENT, territory=catalog["drome"])
    titles = ["Tarification par saison", "Copier une grille tarifaire", "Réductions longue durée"]
    for title in titles:
        response = client.post(
            URL, data=_form(catalog, title, supporters=[catalog["ardeche"].id, catalog["isere"].id])
        )
        assert response.status_code == 302
        assert "/capture" in response.headers["Location"]
        assert "saved=" in response.headers["Location"]
    wishes = db.session.execute(select(Wish).order_by(Wish.id)).scalars().all()
    assert [w.title for w in wishes] == titles
    for wish in wishes:
        assert wish.event_id == event.id and wish.workshop_id == event.workshops[0].id
        assert wish.territory_id == catalog["drome"].id and wish.author_id == referent.id
        assert wish.territories_count == 3
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for title in titles:
        assert title in html
    assert "Isère Attractivité" in html
    assert 'src="/static/js/events.js"' in html


def test_capture_keeps_product_and_category_for_the_next_wish(client, auth, event, catalog):
    auth.as_role(Role.REFERENT, territory=catalog["drome"])
    response = client.post(URL, data=_form(catalog, "Tarification par saison"))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<option selected value="{catalog["product"].id}">' in html
    assert 'name="title" required type="text" value=""' in html or 'value=""' in html


def test_support_is_recorded_on_behalf_of_other_territories(client, auth, db, event, catalog):
    referent = auth.as_role(Role.REFERENT, territory=catalog["drome"])
    client.post(
        URL, data=_form(catalog, "Tarification par saison", supporters=[catalog["ardeche"].id])
    )
    votes = db.session.execute(select(Vote).order_by(Vote.id)).scalars().all()
    assert [(v.territory_id, v.on_behalf, v.recorded_by_id) for v in votes] == [
        (catalog["drome"].id, False, None),
        (catalog["ardeche"].id, True, referent.id),
    ]


def test_referent_cannot_file_for_another_territory_in_capture(client, auth, db, event, catalog):
    auth.as_role(Role.REFERENT, territory=catalog["drome"])
    client.post(URL, data=_form(catalog, "Tarification par saison", territory=catalog["isere"].id))
    assert db.session.execute(select(Wish.territory_id)).scalar_one() == catalog["drome"].id


def test_vendor_chooses_the_filing_territory(client, auth, db, event, catalog):
    auth.as_role(Role.VENDOR)
    client.post(URL, data=_form(catalog, "Tarification par saison", territory=catalog["isere"].id))
    assert db.session.execute(select(Wish.territory_id)).scalar_one() == catalog["isere"].id


def test_capture_errors_keep_input_and_save_nothing(client, auth, db, event, catalog):
    auth.as_role(Role.REFERENT, territory=catalog["drome"])
    response = client.post(URL, data=_form(catalog, "Tarif", body="Mon texte gardé", product=0))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Mon texte gardé" in html
    assert 'aria-invalid="true"' in html
    assert db.session.query(Wish).count() == 0


def test_referent_cannot_record_other_territories_outside_a_workshop(db, make, catalog):
    referent = make.user(role=Role.REFERENT, territory=catalog["drome"])
    with pytest.raises(PermissionDenied):
        wish_services.wish_create(
            author=referent,
            title="Tarification par saison",
            body="",
            product_id=catalog["product"].id,
            category_id=catalog["category"].id,
            supporter_territory_ids=[catalog["ardeche"].id],
        )


def test_workshop_must_belong_to_the_event(db, make, event, catalog):
    from app.models import Event, Workshop
    from app.services.errors import ValidationFailed

    other = Event(name="Autre rencontre", slug="autre")
    db.session.add(other)
    db.session.flush()
    foreign = Workshop(event_id=other.id, title="Atelier", slug="atelier")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(ValidationFailed):
        wish_services.wish_create(
            author=make.user(role=Role.VENDOR),
            title="Tarification par saison",
            body="",
            product_id=catalog["product"].id,
            category_id=catalog["category"].id,
            territory_id=catalog["drome"].id,
            event_id=event.id,
            workshop_id=foreign.id,
        )
