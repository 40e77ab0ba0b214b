"""Preparing the next Rencontre: the admin or the host's referent creates it with its
programme (workshops and topics) and registered territories; the gap list seeds the
workshops' agendas, and those wishes can then take dots."""

from __future__ import annotations

from app.models import Event, EventRegistration, Role, WorkshopAgendaItem
from tests.events.conftest import open_vote


def form(**overrides):
    data = {
        "name": "Rencontre nationale 2024",
        "slug": "rn-2024",
        "location": "Annecy",
        "workshops": "Tarification | saisons et promotions\nPasserelles",
        "dots_per_territory": "4",
    }
    data.update(overrides)
    return data


def test_the_hosts_referent_creates_the_next_meeting_with_its_programme(
    client, auth, db, make, rencontre
):
    r = rencontre
    auth.login(r["referents"]["isere"])
    response = client.post(
        "/events/new",
        data=form(
            host_territory=str(r["isere"].id),
            registered=[str(r["drome"].id), str(r["isere"].id)],
        ),
    )
    assert response.status_code == 302
    event = db.session.query(Event).filter_by(slug="rn-2024").one()
    assert (event.host_territory_id, event.dots_per_territory) == (r["isere"].id, 4)
    assert [(w.title, w.topic) for w in event.workshops] == [
        ("Tarification", "saisons et promotions"),
        ("Passerelles", ""),
    ]
    registered = {row.territory_id for row in db.session.query(EventRegistration)}
    assert registered == {r["drome"].id, r["isere"].id}


def test_a_referent_cannot_host_for_another_territory(client, auth, db, rencontre):
    r = rencontre
    auth.login(r["referents"]["isere"])
    client.post("/events/new", data=form(host_territory=str(r["drome"].id)))
    assert db.session.query(Event).filter_by(slug="rn-2024").count() == 0


def test_a_referent_cannot_edit_a_meeting_hosted_elsewhere(client, auth, rencontre):
    auth.login(rencontre["referents"]["drome"])
    assert client.get("/events/rn-2023/edit").status_code == 403


def test_a_regional_committee_prepares_a_meeting_hosted_in_its_region(
    client, auth, db, make, rencontre
):
    r = rencontre
    crt = make.territory(name="CRT Auvergne-Rhône-Alpes", slug="crt-ara", kind="CRT")
    r["event"].host_territory_id = r["isere"].id
    db.session.commit()
    auth.as_role(Role.REFERENT, territory=crt)
    assert client.get("/events/rn-2023/edit").status_code == 200


def test_the_gap_list_seeds_a_workshops_agenda_and_those_wishes_take_dots(
    client, auth, api, db, make, rencontre
):
    r = rencontre
    older = make.wish(title="Bons cadeaux à montant libre", supporters=[r["drome"], r["ardeche"]])
    auth.as_role(Role.ADMIN)
    page = client.get("/events/rn-2023").get_data(as_text=True)
    assert "Préparer l'ordre du jour" in page and "Bons cadeaux à montant libre" in page
    client.post("/events/rn-2023/agenda", data={"workshop": r["gateways"].id, "wish": [older.id]})
    assert db.session.query(WorkshopAgendaItem).one().wish_id == older.id
    open_vote(db, r["gateways"])
    auth.logout()
    api.as_user(r["referents"]["drome"])
    response = api.put(f"/workshops/{r['gateways'].id}/dots/{older.id}", json={"count": 2})
    assert response.status_code == 200, response.get_json()
    board = api.get(f"/workshops/{r['gateways'].id}/board").get_json()
    assert board["items"][0]["wish"]["id"] == older.id


def test_club_members_cannot_seed_an_agenda(client, auth, db, make, rencontre):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    response = client.post(
        "/events/rn-2023/agenda", data={"workshop": rencontre["pricing"].id, "wish": [wish.id]}
    )
    assert response.status_code == 403
    assert db.session.query(WorkshopAgendaItem).count() == 0
