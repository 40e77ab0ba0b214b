"""The account page names the reader's club (issue 15)."""

from __future__ import annotations

from app.models import Role


def test_club_member_sees_their_club_on_the_account_page(client, auth, make):
    club = make.club([make.territory()], name="Club des Alpes", slug="club-alpes")
    auth.as_role(Role.CLUB_MEMBER, club_id=club.id)
    html = client.get("/account").get_data(as_text=True)
    section = html.split('data-testid="account-clubs"')[1].split("</section>")[0]
    assert "Mon club" in section
    assert 'href="/clubs/club-alpes"' in section and "Club des Alpes" in section
    assert 'href="/shipped?club=club-alpes"' in section


def test_referent_sees_the_clubs_of_their_territory(client, auth, make):
    territory = make.territory()
    make.club([territory], name="Club B", slug="club-b")
    make.club([territory], name="Club A", slug="club-a")
    make.club([make.territory()], name="Club C", slug="club-c")
    auth.as_role(Role.REFERENT, territory=territory)
    html = client.get("/account").get_data(as_text=True)
    section = html.split('data-testid="account-clubs"')[1].split("</section>")[0]
    assert "Mes clubs" in section
    assert section.index("Club A") < section.index("Club B")
    assert "Club C" not in section


def test_no_club_section_without_a_club(client, auth):
    auth.as_role(Role.VENDOR)
    assert 'data-testid="account-clubs"' not in client.get("/account").get_data(as_text=True)
