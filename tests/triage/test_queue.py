"""The vendor's triage as a work queue: a list beside one wish's panel, forms that start
on the wish's current status and on no roadmap item, in-place actions with htmx, bulk
actions on several wishes (all or nothing), the provider figures explained."""

import re

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import Role, Wish, WishLink

HX = {"HX-Request": "true"}


@pytest.fixture
def queue(make, roadmap):
    with freeze_time("2024-01-01"):
        first = make.wish(title="Plus ancien", providers_asking=4)
    with freeze_time("2024-02-01"):
        second = make.wish(title="À l'étude", status="under_review", providers_asking=40)
    with freeze_time("2024-03-01"):
        third = make.wish(title="Plus récent")
    item = roadmap.item(title="Saisons tarifaires")
    return {"first": first, "second": second, "third": third, "item": item}


def _status(db, wish_id):
    db.session.expire_all()
    return db.session.get(Wish, wish_id).status


def test_the_queue_opens_the_oldest_wish_in_the_panel(client, auth, queue):
    auth.as_role(Role.VENDOR)
    html = client.get("/triage/triage").get_data(as_text=True)
    panel = html[html.index('id="triage-panel"') :]
    assert f"#{queue['first'].id} Plus ancien" in panel
    # The status select starts on the current status; the link field on no item.
    assert re.search(r'<option value="new" selected>[^<]*\(actuel\)', panel)
    field = re.search(r'<input type="search" name="item" id="panel-item"[^>]*>', panel).group(0)
    assert 'value=""' in field
    assert 'name="choice"' not in panel


def test_a_wish_chosen_in_the_list_opens_in_the_panel(client, auth, queue):
    auth.as_role(Role.VENDOR)
    second = queue["second"]
    html = client.get(f"/triage/triage?wish={second.id}").get_data(as_text=True)
    panel = html[html.index('id="triage-panel"') :]
    assert f"#{second.id} À l" in panel
    assert re.search(r'<option value="under_review" selected>', panel)
    assert f'aria-current="true">#{second.id}' in html


def test_with_htmx_the_panel_alone_is_answered(client, auth, queue):
    auth.as_role(Role.VENDOR)
    second = queue["second"]
    response = client.get(
        f"/triage/triage?wish={second.id}", headers={**HX, "HX-Target": "triage-panel"}
    )
    html = response.get_data(as_text=True)
    assert "<html" not in html
    assert html.lstrip().startswith('<aside id="triage-panel"')
    assert "HX-Request" in response.headers["Vary"]


def test_a_status_change_from_the_panel_in_place(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    wish = queue["first"]
    response = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "accepted", "panel": "1", "next": f"/triage/triage?wish={wish.id}"},
        headers=HX,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<aside id="triage-panel"' in html
    assert re.search(r'<option value="accepted" selected>', html)
    assert re.search(rf'<tr id="wish-{wish.id}"[^>]*hx-swap-oob="true"', html)
    assert f"Statut du souhait n°{wish.id} changé." in html
    assert _status(db, wish.id) == "accepted"


def test_a_refused_status_change_in_place_says_why(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    wish = queue["first"]
    html = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "declined", "panel": "1"},
        headers=HX,
    ).get_data(as_text=True)
    assert "Indiquez pourquoi" in html
    assert _status(db, wish.id) == "new"


def test_the_same_action_without_javascript_goes_back_to_the_queue(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    wish = queue["first"]
    response = client.post(
        f"/vendor/wishes/{wish.id}/status",
        data={"status": "accepted", "panel": "1", "next": f"/triage/triage?wish={wish.id}"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/triage/triage?wish={wish.id}")
    assert _status(db, wish.id) == "accepted"


def test_link_from_the_panel_in_place(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    wish, item = queue["first"], queue["item"]
    html = client.post(
        f"/vendor/wishes/{wish.id}/link", data={"item": str(item.id), "panel": "1"}, headers=HX
    ).get_data(as_text=True)
    assert "Déjà lié à" in html and "Saisons tarifaires" in html
    assert db.session.execute(select(WishLink).filter_by(wish_id=wish.id)).first()


def test_bulk_status_changes_every_checked_wish(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    ids = [queue["first"].id, queue["third"].id]
    response = client.post(
        "/triage/triage/bulk",
        data={"wish": [str(i) for i in ids], "action": "status", "status": "under_review"},
        follow_redirects=True,
    )
    assert "2 souhaits traités." in response.get_data(as_text=True)
    assert [_status(db, i) for i in ids] == ["under_review", "under_review"]
    assert _status(db, queue["second"].id) == "under_review"


def test_bulk_is_all_or_nothing(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    # The second wish is already under review: that change is refused, so none is made.
    ids = [queue["first"].id, queue["second"].id]
    html = client.post(
        "/triage/triage/bulk",
        data={"wish": [str(i) for i in ids], "action": "status", "status": "under_review"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Rien n&#39;a été changé" in html or "Rien n'a été changé" in html
    assert _status(db, queue["first"].id) == "new"


def test_bulk_link(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    ids = [queue["first"].id, queue["second"].id]
    client.post(
        "/triage/triage/bulk",
        data={"wish": [str(i) for i in ids], "action": "link", "item": str(queue["item"].id)},
    )
    linked = db.session.execute(
        select(WishLink.wish_id).where(WishLink.roadmap_item_id == queue["item"].id)
    ).scalars()
    assert sorted(linked) == sorted(ids)


def test_bulk_without_a_wish_or_a_value_changes_nothing(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    html = client.post(
        "/triage/triage/bulk",
        data={"action": "status", "status": "accepted"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Cochez au moins un souhait." in html
    html = client.post(
        "/triage/triage/bulk",
        data={"wish": str(queue["first"].id), "action": "link"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Choisissez une action et sa valeur." in html
    assert _status(db, queue["first"].id) == "new"


def test_the_queue_explains_and_ranks_by_either_provider_figure(client, auth, queue):
    auth.as_role(Role.VENDOR)
    html = client.get("/triage/triage?sort=providers_asking").get_data(as_text=True)
    assert 'data-testid="providers-legend"' in html
    # Each column header is described by its definition in the legend (screen readers).
    for name in ("providers-concerned-help", "providers-asking-help"):
        assert f'aria-describedby="{name}"' in html
        assert f'id="{name}"' in html
    assert "Prestataires demandeurs" in html
    assert html.index("À l&#39;étude") < html.index("Plus ancien") < html.index("Plus récent")
    assert f'data-testid="providers-asking-{queue["second"].id}">40<' in html


def test_the_queue_page_runs_a_constant_number_of_queries(client, auth, make, queue, count_queries):
    auth.as_role(Role.VENDOR)
    client.get("/triage/triage")
    with count_queries() as few:
        client.get("/triage/triage")
    for _ in range(5):
        make.wish()
    # Warmed up again: the factory's commit expired the signed-in user, whose reload
    # is not the page's doing.
    client.get("/vendor/triage")
    with count_queries() as many:
        client.get("/vendor/triage")
    assert many.count == few.count


def test_the_wish_page_staff_forms_start_on_the_current_status(client, auth, queue):
    auth.as_role(Role.VENDOR)
    html = client.get(f"/wishes/{queue['second'].id}").get_data(as_text=True)
    assert re.search(r'<option value="under_review" selected>', html)
    field = re.search(
        rf'<input type="search" name="item" id="link-item-{queue["second"].id}"[^>]*>', html
    )
    assert 'value=""' in field.group(0)
    assert 'name="choice"' not in html


def page_statements(counter) -> list[str]:
    return [
        s
        for s in counter.statements
        if not s.startswith("SELECT user_account.id, user_account.email")
    ]


def test_a_staff_wish_page_reads_only_the_linked_roadmap_items(
    client, auth, make, roadmap, queue, count_queries
):
    """The link field asks for suggestions as one types: the page does not read the
    other roadmap items, so it costs the same however many there are."""
    wish = queue["second"]
    roadmap.item(title="Élément lié", wishes=[wish])
    auth.as_role(Role.VENDOR)
    client.get(f"/wishes/{wish.id}")
    with count_queries() as few:
        assert client.get(f"/wishes/{wish.id}").status_code == 200
    for i in range(6):
        roadmap.item(title=f"Élément sans lien {i}")
    client.get(f"/wishes/{wish.id}")
    with count_queries() as many:
        html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    # The signed-in user's reload after a commit is not the page's doing.
    assert page_statements(many) == page_statements(few)
    assert "Élément lié" in html and "Élément sans lien" not in html
    assert not any(
        "FROM roadmap_item" in statement and "wish_link" not in statement
        for statement in many.statements
    )


def test_the_bulk_link_still_offers_every_roadmap_item(client, auth, roadmap, queue):
    roadmap.item(title="Élément sans lien")
    auth.as_role(Role.VENDOR)
    html = client.get("/vendor/triage").get_data(as_text=True)
    assert re.search(r"<option value=\"\d+\">Élément sans lien \(", html)


def test_the_queue_lives_at_the_address_of_the_design(client, auth, queue):
    auth.as_role(Role.VENDOR)
    html = client.get("/vendor/triage").get_data(as_text=True)
    assert 'action="/vendor/triage/bulk"' in html
    assert f'href="/vendor/triage?wish={queue["second"].id}#triage-panel"' in html
    assert client.get("/triage/triage").status_code == 200
    auth.as_role(Role.REFERENT)
    assert client.get("/vendor/triage").status_code == 403


def test_merge_from_the_panel_in_place_and_its_refusal_too(client, auth, queue, db):
    auth.as_role(Role.VENDOR)
    first, third = queue["first"], queue["third"]
    refused = client.post(
        f"/vendor/wishes/{first.id}/merge",
        data={"into": "introuvable", "panel": "1", "next": "/vendor/triage"},
        headers=HX,
    )
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert '<aside id="triage-panel"' in html and "<html" not in html
    assert "Aucun souhait unique ne correspond" in html
    assert _status(db, first.id) == "new"
    merged = client.post(
        f"/vendor/wishes/{first.id}/merge",
        data={"into": str(third.id), "panel": "1", "next": "/vendor/triage"},
        headers=HX,
    ).get_data(as_text=True)
    assert "plus rien à trier" in merged
    assert re.search(r'id="live-region" hx-swap-oob="innerHTML">.*fusionné', merged)
    assert _status(db, first.id) == "duplicate"
