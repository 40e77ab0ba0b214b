"""Linking wishes from a roadmap item's page: by number or by the words of their title,
with suggestions while typing from the wish search, and a choice of candidates when the
text names several wishes without JavaScript."""

import pytest
from sqlalchemy import select

from app.models import Role, WishLink
from app.selectors import linking

HX = {"HX-Request": "true"}


@pytest.fixture
def wishes(make):
    return {
        "seasons": make.wish(title="Tarification par saison"),
        "apidae": make.wish(title="Passerelle vers Apidae"),
        "tourinsoft": make.wish(title="Passerelle vers Tourinsoft"),
    }


def _linked(db, item_id):
    db.session.expire_all()
    return set(
        db.session.execute(
            select(WishLink.wish_id).where(WishLink.roadmap_item_id == item_id)
        ).scalars()
    )


def test_wish_candidates_come_from_the_search_and_leave_out_linked_and_duplicates(
    db, roadmap, wishes
):
    item = roadmap.item(title="Passerelles SIT", wishes=[wishes["apidae"]])
    found = linking.wish_candidates("passerel", item_id=item.id)
    assert [w.id for w in found] == [wishes["tourinsoft"].id]
    assert {w.id for w in linking.wish_candidates("passerelles")} == {
        wishes["apidae"].id,
        wishes["tourinsoft"].id,
    }
    assert [w.id for w in linking.wish_candidates(str(wishes["seasons"].id))] == [
        wishes["seasons"].id
    ]
    assert linking.wish_candidates("le la") == []


def test_suggestions_bounded_and_constant_queries(client, auth, make, roadmap, count_queries):
    item = roadmap.item(title="Calendrier")
    make.wish(title="Calendrier des activités 0")
    auth.as_role(Role.VENDOR)
    url = f"/roadmap/{item.id}/wish-suggestions?wish=calendrier"
    client.get(url)
    with count_queries() as one:
        html = client.get(url, headers=HX).get_data(as_text=True)
    assert html.count('name="choice"') == 1
    for n in range(1, 12):
        make.wish(title=f"Calendrier des activités {n}")
    client.get(url)
    with count_queries() as many:
        html = client.get(url, headers=HX).get_data(as_text=True)
    assert html.count('name="choice"') == linking.SUGGESTIONS_MAX
    assert many.count == one.count


def test_the_item_page_offers_the_field_with_suggestions(client, auth, roadmap):
    item = roadmap.item(title="Calendrier")
    auth.as_role(Role.VENDOR)
    html = client.get(f"/roadmap/{item.id}").get_data(as_text=True)
    assert f'hx-get="/roadmap/{item.id}/wish-suggestions"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html


def test_a_title_naming_one_wish_links_it(client, auth, db, roadmap, wishes):
    item = roadmap.item(title="Saisons")
    auth.as_role(Role.VENDOR)
    response = client.post(f"/roadmap/{item.id}/wishes", data={"wish": "tarification"})
    assert response.status_code == 302
    assert _linked(db, item.id) == {wishes["seasons"].id}


def test_several_wishes_named_are_listed_to_choose_then_the_choice_links(
    client, auth, db, roadmap, wishes
):
    item = roadmap.item(title="Passerelles")
    auth.as_role(Role.VENDOR)
    response = client.post(f"/roadmap/{item.id}/wishes", data={"wish": "passerelle"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Plusieurs souhaits correspondent" in html
    assert f'name="choice" value="{wishes["apidae"].id}"' in html
    assert _linked(db, item.id) == set()
    client.post(
        f"/roadmap/{item.id}/wishes",
        data={"wish": "passerelle", "choice": str(wishes["apidae"].id)},
    )
    assert _linked(db, item.id) == {wishes["apidae"].id}


def test_an_empty_or_unknown_text_links_nothing(client, auth, db, roadmap, wishes):
    item = roadmap.item(title="Rien")
    auth.as_role(Role.VENDOR)
    empty = client.post(f"/roadmap/{item.id}/wishes", data={"wish": ""})
    assert empty.status_code == 422
    assert "numéro ou le titre" in empty.get_data(as_text=True)
    unknown = client.post(f"/roadmap/{item.id}/wishes", data={"wish": "introuvable"})
    assert "Aucun souhait ne correspond" in unknown.get_data(as_text=True)
    assert _linked(db, item.id) == set()
