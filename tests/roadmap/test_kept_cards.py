"""The roadmap board and the shipped page keep each card as rendered: they must read
exactly as rendered afresh, and a card must change as soon as what it shows changes."""

from datetime import date

from freezegun import freeze_time

from app.models import Role
from app.services import roadmap as roadmap_services
from tests.kept import afresh, page


def card(html: str, item_id: int) -> str:
    start = html.index(f'id="item-{item_id}"')
    return html[start : html.index("</article>", start)]


def test_a_moved_item_is_shown_in_its_new_column_with_its_new_figures(
    app, client, make, roadmap, db
):
    wish = make.wish(title="Tarifs saisonniers")
    item = roadmap.item(title="Saisons tarifaires", target="2030-T1")
    fresh = afresh(app, client, "/roadmap")
    assert page(client, "/roadmap") == fresh and page(client, "/roadmap") == fresh
    before = card(fresh, item.id)
    assert 'data-testid="item-wishes">0<' in before
    roadmap_services.roadmap_item_set_status(
        actor=roadmap.vendor, item_id=item.id, status="planned"
    )
    roadmap_services.wish_link(actor=roadmap.vendor, item_id=item.id, wish_id=wish.id)
    db.session.commit()
    after = page(client, "/roadmap")
    assert card(after, item.id) != before
    assert "status-planned" in card(after, item.id)
    assert 'data-testid="item-wishes">1<' in card(after, item.id)
    assert after == afresh(app, client, "/roadmap")


def test_a_card_turns_late_when_its_period_ends(client, roadmap):
    item = roadmap.item(title="Bientôt", target="2030-T1", status="planned")
    with freeze_time(date(2030, 3, 1)):
        assert "late-flag" not in card(page(client, "/roadmap"), item.id)
    with freeze_time(date(2030, 4, 2)):
        assert "late-flag" in card(page(client, "/roadmap"), item.id)


def test_a_renamed_territory_is_renamed_on_the_shipped_page(app, client, make, roadmap, db):
    home = make.territory(name="Pays basque")
    wish = make.wish(territory=home, title="Tarifs saisonniers")
    item = roadmap.item(title="Livré", wishes=[wish], status="shipped")
    assert "Pays basque" in card(page(client, "/shipped"), item.id)
    home.name = "Labourd"
    db.session.commit()
    after = page(client, "/shipped")
    assert "Labourd" in card(after, item.id) and "Pays basque" not in card(after, item.id)
    assert after == afresh(app, client, "/shipped")


def test_only_members_get_links_to_the_wishes_of_a_kept_shipped_item(client, auth, make, roadmap):
    wish = make.wish(title="Tarifs saisonniers")
    item = roadmap.item(title="Livré", wishes=[wish], status="shipped")
    link = f'href="/wishes/{wish.id}"'
    auth.as_role(Role.REFERENT)
    assert link in card(page(client, "/shipped"), item.id)
    auth.logout()
    assert link not in card(page(client, "/shipped"), item.id)
    auth.as_role(Role.REFERENT)
    assert link in card(page(client, "/shipped"), item.id)
