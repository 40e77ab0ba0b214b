"""Co-funding on the pages: the item's funding section and forms, the territory and club
pages' pledges, the dashboard's items being funded, amounts written the reader's way."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Pledge, RoadmapItem, Role
from app.money import money

NNBSP, NBSP = "\u202f", "\u00a0"


def test_amounts_are_written_the_french_and_the_english_way(app):
    assert money(12500, "fr") == f"12{NNBSP}500{NBSP}€"
    assert money(1500000, "fr") == f"1{NNBSP}500{NNBSP}000{NBSP}€"
    assert money(800, "fr") == f"800{NBSP}€"
    assert money(12500, "en") == "€12,500"
    assert money(None, "fr") == "—"


def test_the_item_page_shows_goal_pledged_and_who(client, auth, make, funding):
    item = funding.item(goal=12_500)
    drome = make.user(territory=make.territory(name="Drôme Tourisme", slug="drome"))
    funding.pledge(item, drome, 5000)
    auth.as_role(Role.CLUB_MEMBER)

    page = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert f"12{NNBSP}500{NBSP}€" in page
    assert f"5{NNBSP}000{NBSP}€" in page
    assert "Drôme Tourisme" in page
    assert f"il manque 7{NNBSP}500{NBSP}€" in page
    assert f'action="/roadmap/{item.id}/pledge"' not in page  # members do not pledge


def test_the_item_page_reads_in_english_with_english_amounts(client, auth, make, funding):
    item = funding.item(goal=12_500)
    auth.as_role(Role.CLUB_MEMBER, locale="en")
    page = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert "€12,500" in page
    assert "Co-funding" in page


def test_a_referent_pledges_changes_and_withdraws_from_the_page(client, auth, db, make, funding):
    item = funding.item(goal=3000)
    referent = auth.as_role(Role.REFERENT)
    page = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert f'action="/roadmap/{item.id}/pledge"' in page

    response = client.post(f"/roadmap/{item.id}/pledge", data={"amount": "1200"})
    assert response.status_code == 303
    assert db.session.execute(select(Pledge.amount)).scalar_one() == 1200
    page = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert "Modifier ma promesse" in page
    assert f"1{NNBSP}200{NBSP}€" in page

    client.post(f"/roadmap/{item.id}/pledge", data={"amount": "0"})
    assert db.session.execute(select(Pledge.amount)).scalar_one() == 1200
    client.post(f"/roadmap/{item.id}/pledge/withdraw")
    assert db.session.execute(select(Pledge.id)).first() is None
    assert referent.territory.name in client.get(f"/roadmap/{item.id}").get_data(as_text=True)


def test_the_vendor_sets_the_goal_and_confirms_from_the_page(client, auth, db, make, funding):
    item = funding.item(goal=None)
    auth.as_role(Role.VENDOR)
    client.post(f"/roadmap/{item.id}/funding", data={"goal": "2000", "deadline": "2027-03-31"})
    db.session.expire_all()
    stored = db.session.get(RoadmapItem, item.id)
    assert stored.funding_goal == 2000
    assert stored.funding_deadline.isoformat() == "2027-03-31"
    funding.pledge(item, make.user(), 2000)
    page = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert "Confirmer le financement" in page
    assert client.post(f"/roadmap/{item.id}/funding/confirm").status_code == 303
    db.session.expire_all()
    assert db.session.get(RoadmapItem, item.id).funding_confirmed


def test_only_referents_post_pledges_and_only_staff_the_goal(client, auth, funding):
    item = funding.item()
    auth.as_role(Role.CLUB_MEMBER)
    assert client.post(f"/roadmap/{item.id}/pledge", data={"amount": "10"}).status_code == 403
    auth.as_role(Role.REFERENT)
    assert client.post(f"/roadmap/{item.id}/funding", data={"goal": "1"}).status_code == 403
    assert client.post(f"/roadmap/{item.id}/funding/confirm").status_code == 403


def test_territory_and_club_pages_list_their_pledges(client, auth, make, funding):
    drome = make.territory(name="Drôme Tourisme", slug="drome")
    ardeche = make.territory(name="Ardèche Tourisme", slug="ardeche")
    make.club(slug="club-ara", territories=[drome, ardeche])
    item = funding.item(goal=9000, title="Passerelle Décibelles Data")
    funding.pledge(item, make.user(territory=drome), 4000)
    funding.pledge(item, make.user(territory=ardeche), 2500)
    auth.as_role(Role.CLUB_MEMBER)

    territory_page = client.get("/territories/drome").get_data(as_text=True)
    assert "Passerelle Décibelles Data" in territory_page
    assert f"4{NNBSP}000{NBSP}€" in territory_page
    assert f"6{NNBSP}500{NBSP}€ / 9{NNBSP}000{NBSP}€" in territory_page
    club_page = client.get("/clubs/club-ara").get_data(as_text=True)
    assert "Ardèche Tourisme" in club_page and f"2{NNBSP}500{NBSP}€" in club_page


def test_the_dashboard_lists_the_items_being_funded(client, auth, make, funding):
    open_item = funding.item(goal=9000, title="Module bons cadeaux")
    done = funding.item(goal=100, title="Passerelle LEI")
    funding.pledge(done, make.user(), 100)
    from app.services import funding as services

    services.funding_confirm(actor=funding.vendor, item_id=done.id)
    funding.db.session.commit()
    auth.as_role(Role.VENDOR)
    page = client.get("/dashboard").get_data(as_text=True)
    section = page[page.index('data-testid="funding"') :]
    assert open_item.title in section
    assert "Passerelle LEI" not in section


def test_item_page_queries_do_not_grow_with_pledges(client, auth, make, funding, count_queries):
    item = funding.item(goal=100_000)
    auth.as_role(Role.CLUB_MEMBER)

    def queries():
        with count_queries() as counter:
            assert client.get(f"/roadmap/{item.id}").status_code == 200
        return counter.count

    funding.pledge(item, make.user(), 10)
    before = queries()
    for _ in range(4):
        funding.pledge(item, make.user(), 10)
    assert queries() == before
