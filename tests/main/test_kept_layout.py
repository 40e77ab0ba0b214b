"""The header and footer are kept as rendered for each reader: each page shows its
reader's name, role, club and unread count, in their language, and its own form token
and return path."""

import re

import pytest

from app.models import Notification, Role
from tests.kept import afresh, page

BELL = re.compile(r'data-testid="unread-count">(\d+)<')


@pytest.fixture
def layouts(app):
    return app.extensions["souhaits_kept_layout"]


def unread(html: str) -> int:
    return int(BELL.search(html).group(1))


def notify(db, user) -> None:
    db.session.add(
        Notification(user_id=user.id, kind="wish_status", payload={"wish_title": "Souhait"})
    )
    db.session.commit()


def test_each_reader_sees_their_own_name_and_count(db, client, auth, make, layouts):
    club = make.club(slug="club-des-alpes")
    alice = make.user(role=Role.REFERENT, display_name="Alice Martin", club=club)
    bruno = make.user(role=Role.REFERENT, display_name="Bruno Petit")
    auth.login(alice)
    first = page(client, "/roadmap")
    assert page(client, "/roadmap") == first
    auth.login(bruno)
    theirs = page(client, "/roadmap")
    assert "Bruno Petit" in theirs and "Alice Martin" not in theirs
    assert "/clubs/club-des-alpes" in first and "/clubs/club-des-alpes" not in theirs
    assert len(layouts) == 3  # a header each and the footer they share

    notify(db, alice)
    auth.login(alice)
    again = page(client, "/roadmap")
    assert (unread(first), unread(again)) == (0, 1)
    assert unread(page(client, "/roadmap")) == 1
    auth.login(bruno)
    assert unread(page(client, "/roadmap")) == 0


def test_a_kept_header_is_the_header_rendered_afresh(app, client, auth, make):
    auth.login(make.user(role=Role.ADMIN, display_name='Ann <b>"&"</b> \ue000next\ue000'))
    for url in ("/wishes?sort=new&region=Bretagne", "/roadmap", "/territories"):
        fresh = afresh(app, client, url)
        assert page(client, url) == fresh
        assert page(client, url) == fresh


def test_the_language_switch_returns_to_each_page(client, auth):
    auth.as_role(Role.REFERENT)
    for url in ("/roadmap", "/wishes?sort=new&region=Bretagne", "/shipped"):
        html = client.get(url).get_data(as_text=True)
        switch = html[html.index('class="inline-form lang-switch"') :]
        assert f'name="next" value="{url.replace("&", "&amp;")}"' in switch


def test_the_header_follows_the_language(client, auth):
    auth.as_role(Role.REFERENT)
    assert "Feuille de route" in page(client, "/roadmap")
    with client.session_transaction() as session:
        session["locale"] = "en"
    english = page(client, "/roadmap")
    assert "Roadmap" in english and "Feuille de route" not in english


def test_a_visitor_sees_the_anonymous_header(client, auth):
    auth.as_role(Role.REFERENT, display_name="Claire Durand")
    assert "Claire Durand" in page(client, "/roadmap")
    auth.logout()
    html = client.get("/").get_data(as_text=True)
    assert "Claire Durand" not in html and 'data-testid="unread-count"' not in html


def test_the_unread_count_comes_with_the_user(client, auth, count_queries, db):
    """A page read with GET counts the unread notifications in the statement that reads
    the signed-in user: no statement of its own."""
    user = auth.as_role(Role.REFERENT)
    notify(db, user)
    with count_queries() as queries:
        html = page(client, "/roadmap")
    assert unread(html) == 1
    assert len([s for s in queries.statements if "FROM notification" in s]) == 1
    assert [s for s in queries.statements if "FROM notification" in s][0].count("user_account") > 0


def test_a_post_shows_the_count_after_its_change(db, client, auth):
    user = auth.as_role(Role.REFERENT)
    notify(db, user)
    notify(db, user)
    response = client.post(
        "/notifications/read-all", headers={"HX-Request": "true"}, follow_redirects=True
    )
    assert response.status_code == 200
    assert unread(response.get_data(as_text=True)) == 0
    assert unread(page(client, "/roadmap")) == 0
