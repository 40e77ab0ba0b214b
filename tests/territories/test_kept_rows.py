"""The tables of the territory and club pages keep each row as rendered: the page must
read exactly as one rendered afresh, and a row must change with what it shows, the
late flag of its roadmap items included."""

import pytest
from freezegun import freeze_time

from app.models import Role, WishStatus
from app.services import triage, votes
from tests.kept import afresh, page, row


@pytest.fixture
def kept(app):
    return app.extensions["souhaits_kept_html"]


@pytest.fixture
def network(make, roadmap):
    """A club of two territories, a wish each filed, one supported by the other member
    and planned on the roadmap for the first quarter of 2030."""
    drome, ardeche, alps = (
        make.territory(name="Drôme", slug="drome"),
        make.territory(name="Ardèche", slug="ardeche"),
        make.territory(name="Alpes", slug="alpes"),
    )
    make.club(slug="club-ara", territories=[drome, ardeche])
    planned = make.wish(territory=drome, title="Agenda <partagé> & co", supporters=[ardeche])
    other = make.wish(territory=alps, title="Tarifs saisonniers", supporters=[drome])
    item = roadmap.item(title="Agenda 2030", wishes=[planned], status="planned", target="2030-T1")
    return {"drome": drome, "ardeche": ardeche, "planned": planned, "other": other, "item": item}


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMIN])
@pytest.mark.parametrize("url", ["/territories/drome", "/clubs/club-ara"])
def test_pages_read_from_kept_rows_are_the_pages_rendered_afresh(
    app, client, auth, kept, network, role, language, url
):
    auth.as_role(role, territory=network["drome"] if role == Role.REFERENT else None)
    with client.session_transaction() as session:
        session["locale"] = language
    fresh = afresh(app, client, url)
    cold = page(client, url)
    rendered = kept.renders
    assert rendered > 0
    warm = page(client, url)
    assert kept.renders == rendered  # no row rendered again
    assert cold == fresh and warm == fresh


def test_a_member_supporting_a_wish_changes_its_club_row(app, client, auth, make, network):
    auth.as_role(Role.ADMIN)
    other = network["other"]
    assert "Ardèche" not in row(page(client, "/clubs/club-ara"), other.id)
    referent = make.user(role=Role.REFERENT, territory=network["ardeche"])
    votes.vote_add(user=referent, wish_id=other.id)
    make.db.session.commit()
    after = page(client, "/clubs/club-ara")
    assert "Ardèche, Drôme" in row(after, other.id)
    assert after == afresh(app, client, "/clubs/club-ara")


def test_a_status_change_changes_the_row(app, client, auth, make, network):
    auth.as_role(Role.ADMIN)
    wish = network["other"]
    assert "status-new" in row(page(client, "/territories/drome"), wish.id)
    triage.wish_set_status(
        actor=make.user(role=Role.VENDOR), wish_id=wish.id, status=WishStatus.ACCEPTED
    )
    make.db.session.commit()
    after = page(client, "/territories/drome")
    assert "status-accepted" in row(after, wish.id)
    assert after == afresh(app, client, "/territories/drome")


def test_an_item_becomes_late_in_its_row_when_its_quarter_ends(app, client, auth, network):
    wish = network["planned"]
    with freeze_time("2030-03-31"):
        auth.as_role(Role.ADMIN)
        assert "late-flag" not in row(page(client, "/territories/drome"), wish.id)
    with freeze_time("2030-04-01"):
        late = page(client, "/territories/drome")
        assert "late-flag" in row(late, wish.id)
        assert late == afresh(app, client, "/territories/drome")


def test_what_waits_on_the_vendor_is_kept_row_by_row(app, client, auth, kept, network):
    """The territory page renders each piece once: its four table rows (two pending,
    one filed, one supported) and the row of the wish it filed that waits on the
    vendor; the next request renders none."""
    auth.as_role(Role.ADMIN)
    kept.clear()
    start = kept.renders
    cold = page(client, "/territories/drome")
    assert 'data-testid="waiting"' in cold and "déposé, pas encore examiné" in cold
    assert kept.renders - start == 5
    assert page(client, "/territories/drome") == cold == afresh(app, client, "/territories/drome")
    assert kept.renders - start == 5
