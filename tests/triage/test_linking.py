"""Linking a wish to a roadmap item from the triage panel or the wish page: by number
or title, suggestions while typing (htmx), and without JavaScript the server links the
one item the text names or shows the candidates to choose from."""

import re

import pytest
from sqlalchemy import select

from app.models import Role, WishLink
from app.selectors import linking

HX = {"HX-Request": "true"}


@pytest.fixture
def items(roadmap):
    return {
        "seasons": roadmap.item(title="Tarification par saison dans Open Pro"),
        "apidae": roadmap.item(title="Passerelle Apidae"),
        "tourinsoft": roadmap.item(title="Passerelle Tourinsoft"),
        "calendar": roadmap.item(title="Échéancier des paiements"),
    }


def _linked(db, wish_id):
    db.session.expire_all()
    return set(
        db.session.execute(
            select(WishLink.roadmap_item_id).where(WishLink.wish_id == wish_id)
        ).scalars()
    )


def test_item_candidates_by_number_by_title_words_and_without_accents(items):
    assert [i.id for i in linking.item_candidates(f"#{items['apidae'].id}")] == [items["apidae"].id]
    assert {i.id for i in linking.item_candidates("passerelle")} == {
        items["apidae"].id,
        items["tourinsoft"].id,
    }
    assert [i.id for i in linking.item_candidates("passerelle tourin")] == [items["tourinsoft"].id]
    assert [i.id for i in linking.item_candidates("echeancier")] == [items["calendar"].id]
    assert linking.item_candidates("p") == []
    assert linking.item_candidates("introuvable") == []


def test_item_candidates_leave_out_the_items_already_linked(db, make, roadmap, items):
    wish = make.wish()
    roadmap.item(title="Passerelle Décibelles", wishes=[wish])
    found = linking.item_candidates("passerelle", wish_id=wish.id)
    assert {i.title for i in found} == {"Passerelle Apidae", "Passerelle Tourinsoft"}


def test_suggestions_are_bounded_and_cost_the_same_whatever_the_matches(
    client, auth, make, roadmap, count_queries
):
    wish = make.wish()
    roadmap.item(title="Passerelle numéro 0")
    auth.as_role(Role.VENDOR)
    url = f"/vendor/wishes/{wish.id}/item-suggestions?item=passerelle"
    client.get(url)
    with count_queries() as one:
        html = client.get(url, headers=HX).get_data(as_text=True)
    assert html.count('name="choice"') == 1
    for n in range(1, 12):
        roadmap.item(title=f"Passerelle numéro {n}")
    client.get(url)
    with count_queries() as many:
        html = client.get(url, headers=HX).get_data(as_text=True)
    assert html.count('name="choice"') == linking.SUGGESTIONS_MAX
    assert many.count == one.count
    assert "<html" not in html


def test_suggestions_are_for_staff_only(client, auth, make, items):
    wish = make.wish()
    auth.as_role(Role.REFERENT)
    assert client.get(f"/vendor/wishes/{wish.id}/item-suggestions?item=pass").status_code == 403


def test_a_number_links_without_javascript(client, auth, db, make, items):
    wish = make.wish()
    auth.as_role(Role.VENDOR)
    response = client.post(
        f"/vendor/wishes/{wish.id}/link",
        data={"item": f"#{items['apidae'].id}", "next": f"/wishes/{wish.id}"},
    )
    assert response.status_code == 302
    assert _linked(db, wish.id) == {items["apidae"].id}


def test_a_title_naming_one_item_links_it(client, auth, db, make, items):
    wish = make.wish()
    auth.as_role(Role.VENDOR)
    client.post(f"/vendor/wishes/{wish.id}/link", data={"item": "tarification saison"})
    assert _linked(db, wish.id) == {items["seasons"].id}


def test_a_title_naming_several_items_shows_them_to_choose(client, auth, db, make, items):
    wish = make.wish()
    auth.as_role(Role.VENDOR)
    response = client.post(
        f"/vendor/wishes/{wish.id}/link",
        data={"item": "passerelle", "next": f"/wishes/{wish.id}"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Plusieurs éléments correspondent" in html
    assert f'name="choice" value="{items["apidae"].id}"' in html
    assert f'name="choice" value="{items["tourinsoft"].id}"' in html
    assert 'value="passerelle"' in html
    assert _linked(db, wish.id) == set()
    # The choice made on that page links the item and goes back where the staff were.
    response = client.post(
        f"/vendor/wishes/{wish.id}/link",
        data={"item": "passerelle", "choice": str(items["tourinsoft"].id), "next": "/wishes"},
    )
    assert response.headers["Location"].endswith("/wishes")
    assert _linked(db, wish.id) == {items["tourinsoft"].id}


def test_nothing_matching_says_so_and_links_nothing(client, auth, db, make, items):
    wish = make.wish()
    auth.as_role(Role.VENDOR)
    response = client.post(f"/vendor/wishes/{wish.id}/link", data={"item": "introuvable"})
    assert response.status_code == 422
    assert "ne correspond à « introuvable »" in response.get_data(as_text=True)
    assert _linked(db, wish.id) == set()


def test_in_the_panel_several_matches_come_back_as_choices_in_place(client, auth, db, make, items):
    wish = make.wish()
    auth.as_role(Role.VENDOR)
    response = client.post(
        f"/vendor/wishes/{wish.id}/link",
        data={"item": "passerelle", "panel": "1", "next": f"/vendor/triage?wish={wish.id}"},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.startswith('<aside id="triage-panel"') or 'id="triage-panel"' in html[:300]
    assert "<html" not in html
    assert re.search(r'id="live-region" hx-swap-oob="innerHTML">.*Plusieurs éléments', html)
    assert html.count('name="choice"') == 2
    assert 'aria-invalid="true"' in html
