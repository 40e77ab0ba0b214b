"""The board for the projector, dot voting from a phone, opening the vote (pages)."""

from __future__ import annotations

from app.models import DotVote, Role
from tests.events.conftest import open_vote


def board_path(r):
    return f"/events/rn-2023/workshops/{r['pricing'].slug}/board"


def vote_path(r):
    return f"/events/rn-2023/workshops/{r['pricing'].slug}/vote"


def test_the_board_page_lists_the_ranking_and_loads_its_script(client, auth, db, rencontre):
    r = rencontre
    auth.as_role(Role.CLUB_MEMBER)
    page = client.get(board_path(r))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Tarification par saison" in html
    assert "js/board.js" in html
    assert "<script>" not in html  # no inline script: the CSP stays strict
    assert f'data-board-url="/api/v1/workshops/{r["pricing"].id}/board"' in html


def test_visitors_are_sent_to_log_in(client, rencontre):
    assert client.get(board_path(rencontre)).status_code == 302


def test_a_referent_votes_from_the_phone_page(client, auth, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    auth.login(r["referents"]["ardeche"])
    page = client.get(vote_path(r)).get_data(as_text=True)
    assert "0 gommette posée sur 5" in page
    response = client.post(vote_path(r), data={"wish_id": r["seasons"].id, "count": 1})
    assert response.status_code == 302
    vote = db.session.query(DotVote).one()
    assert (vote.territory_id, vote.count, vote.on_behalf) == (r["ardeche"].id, 1, False)
    assert "1 gommette posée sur 5" in client.get(vote_path(r)).get_data(as_text=True)


def test_the_vote_page_says_when_the_vote_is_closed(client, auth, db, rencontre):
    r = rencontre
    auth.login(r["referents"]["ardeche"])
    client.post(vote_path(r), data={"wish_id": r["seasons"].id, "count": 1})
    assert db.session.query(DotVote).count() == 0
    assert "Le vote de cet atelier est fermé." in client.get(vote_path(r)).get_data(as_text=True)


def test_the_facilitator_records_dots_on_behalf_of_a_territory(client, auth, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    auth.as_role(Role.VENDOR)
    client.post(vote_path(r), data={"wish_id": r["copy"].id, "count": 2, "territory": "isere"})
    vote = db.session.query(DotVote).one()
    assert (vote.territory_id, vote.count, vote.on_behalf) == (r["isere"].id, 2, True)


def test_club_members_cannot_vote(client, auth, db, rencontre):
    r = rencontre
    open_vote(db, r["pricing"])
    auth.as_role(Role.CLUB_MEMBER)
    assert client.get(vote_path(r)).status_code == 403


def test_the_facilitator_opens_and_closes_the_vote(client, auth, db, rencontre):
    r = rencontre
    auth.as_role(Role.ADMIN)
    url = f"/events/rn-2023/workshops/{r['pricing'].slug}/open"
    client.post(url, data={"open": "1"})
    db.session.refresh(r["pricing"])
    assert r["pricing"].is_open is True
    client.post(url, data={"open": "0"})
    db.session.refresh(r["pricing"])
    assert r["pricing"].is_open is False


def test_referents_cannot_open_the_vote(client, auth, db, rencontre):
    r = rencontre
    auth.login(r["referents"]["drome"])
    url = f"/events/rn-2023/workshops/{r['pricing'].slug}/open"
    assert client.post(url, data={"open": "1"}).status_code == 403
