"""Support and follow in place: htmx gets the swapped fragment, a browser without
JavaScript the redirect it always had; both come from the same partial templates."""

import re

from app.models import Role, Vote
from app.services import follows as follow_services
from app.services import votes as vote_services

HX = {"HX-Request": "true"}


def _vote_count(db, wish_id):
    """Votes on the wish; its author's own support counts as one."""
    return db.session.query(Vote).filter_by(wish_id=wish_id).count()


def test_support_without_javascript_redirects_back_to_the_list(client, auth, make, db):
    wish = make.wish(title="Calendrier partagé")
    auth.as_role(Role.REFERENT)
    response = client.post(f"/wishes/{wish.id}/vote", data={"next": "/wishes?sort=new"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/wishes?sort=new")
    assert _vote_count(db, wish.id) == 2


def test_support_with_htmx_answers_the_row_fragment_with_new_counts(client, auth, make, db):
    wish = make.wish(title="Calendrier partagé")
    auth.as_role(Role.REFERENT)
    response = client.post(
        f"/wishes/{wish.id}/vote", data={"variant": "row", "next": "/wishes"}, headers=HX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["Vary"]
    assert "<html" not in html
    assert f'id="vote-{wish.id}"' in html
    assert f'action="/wishes/{wish.id}/unvote"' in html
    assert 'aria-pressed="true"' in html
    # The counts beside the row are swapped out of band, and the change is announced.
    assert re.search(rf'id="support-{wish.id}"[^>]*hx-swap-oob="true"', html)
    assert "2 soutiens" in html
    assert 'id="live-region" hx-swap-oob="innerHTML"' in html
    assert "Votre soutien est enregistré." in html
    assert _vote_count(db, wish.id) == 2


def test_withdraw_with_htmx_on_the_wish_page_answers_the_page_variant(client, auth, make, db):
    wish = make.wish()
    user = auth.as_role(Role.REFERENT)
    vote_services.vote_add(user=user, wish_id=wish.id)
    db.session.commit()
    response = client.post(f"/wishes/{wish.id}/unvote", data={"variant": "page"}, headers=HX)
    html = response.get_data(as_text=True)
    assert "Soutenir ce souhait" in html
    assert 'data-testid="votes-count">1<' in html
    assert "Votre soutien est retiré." in html
    assert _vote_count(db, wish.id) == 1


def test_htmx_support_refused_by_the_rules_says_why_and_changes_nothing(client, auth, make, db):
    wish = make.wish(status="declined")
    auth.as_role(Role.REFERENT)
    response = client.post(f"/wishes/{wish.id}/vote", data={"variant": "page"}, headers=HX)
    assert response.status_code == 200
    assert 'id="live-region"' in response.get_data(as_text=True)
    assert _vote_count(db, wish.id) == 1


def test_a_role_that_cannot_support_gets_403_with_htmx_too(client, auth, make):
    wish = make.wish()
    auth.as_role(Role.VISITOR)
    assert client.post(f"/wishes/{wish.id}/vote", headers=HX).status_code == 403


def test_follow_and_unfollow_in_place(client, auth, make):
    wish = make.wish()
    user = auth.as_role(Role.CLUB_MEMBER)
    html = client.post(f"/wishes/{wish.id}/follow", headers=HX).get_data(as_text=True)
    assert f'action="/wishes/{wish.id}/unfollow"' in html
    assert f'id="follow-button-{wish.id}"' in html
    assert "Vous suivez ce souhait." in html
    assert follow_services.is_following(user, wish_id=wish.id)
    html = client.post(f"/wishes/{wish.id}/unfollow", headers=HX).get_data(as_text=True)
    assert f'action="/wishes/{wish.id}/follow"' in html
    assert not follow_services.is_following(user, wish_id=wish.id)


def test_follow_without_javascript_redirects_to_the_wish(client, auth, make):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    response = client.post(f"/wishes/{wish.id}/follow")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/wishes/{wish.id}")


def test_pages_carry_the_htmx_attributes_and_a_live_region(client, auth, make):
    wish = make.wish(title="Carte interactive")
    auth.as_role(Role.REFERENT)
    for path in ("/wishes", f"/wishes/{wish.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "vendor/htmx/htmx.min.js" in html
        assert 'name="htmx-config"' in html
        assert 'aria-live="polite"' in html
        assert f'hx-post="/wishes/{wish.id}/vote"' in html
        # Still a real form for browsers without JavaScript.
        assert f'<form method="post" action="/wishes/{wish.id}/vote"' in html


def test_english_fragment(client, auth, make):
    wish = make.wish()
    auth.as_role(Role.REFERENT)
    with client.session_transaction() as session:
        session["locale"] = "en"
    html = client.post(f"/wishes/{wish.id}/vote", data={"variant": "row"}, headers=HX).get_data(
        as_text=True
    )
    assert "2 supporters" in html
    assert "Your support has been recorded." in html
