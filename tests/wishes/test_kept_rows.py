"""The wish list keeps each row as rendered and copies the vote form rendered once a page:
the page must read exactly as one rendered afresh, for every reader and language, and a
row must change as soon as what it shows changes."""

import pytest

from app.models import Role, WishStatus
from app.services import triage
from app.templating import KeptHtml
from tests.kept import afresh, page


def row(html: str, wish_id: int) -> str:
    start = html.index(f'<article class="wish-row" id="wish-{wish_id}">')
    return html[start : html.index("</article>", start)]


def speak(client, language: str) -> None:
    with client.session_transaction() as session:
        session["locale"] = language


@pytest.fixture
def kept(app) -> KeptHtml:
    return app.extensions["souhaits_kept_html"]


@pytest.fixture
def listed(make):
    """Wishes whose rows differ: supported by the viewer's territory or not, closed,
    commented on, with providers asking, and a title with markup characters."""
    home, other = make.territory(name="Pays basque"), make.territory(name="Alpes")
    return {
        "home": home,
        "plain": make.wish(territory=other, title="Agenda des activités"),
        "supported": make.wish(territory=other, supporters=[home], providers_asking=4),
        "closed": make.wish(territory=other, status=WishStatus.DECLINED),
        "commented": make.wish(territory=home, comments_count=3),
        "markup": make.wish(territory=other, title='Tarifs <b>"été"</b> & 2147483647 \ue000'),
    }


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMIN])
def test_the_list_read_from_kept_rows_is_the_list_rendered_afresh(
    app, client, auth, kept, listed, role, language
):
    auth.as_role(role, territory=listed["home"] if role == Role.REFERENT else None)
    speak(client, language)
    fresh = afresh(app, client, "/wishes")
    assert len(kept) == 0
    cold = page(client, "/wishes")
    assert len(kept) == kept.renders == len(listed) - 1
    warm = page(client, "/wishes")
    assert kept.renders == len(listed) - 1  # no row rendered again
    assert cold == fresh and warm == fresh


def test_a_vote_changes_the_row_and_its_button(app, client, auth, kept, listed):
    auth.as_role(Role.REFERENT, territory=listed["home"])
    wish = listed["plain"]
    before = row(page(client, "/wishes"), wish.id)
    assert 'aria-pressed="false"' in before
    client.post(f"/wishes/{wish.id}/vote", data={"next": "/wishes"})
    page(client, "/wishes")  # the flash message shown once
    after = page(client, "/wishes")
    assert row(after, wish.id) != before
    assert 'aria-pressed="true"' in row(after, wish.id)
    assert ">2</strong>" in row(after, wish.id)  # the author's territory and the voter's
    assert after == afresh(app, client, "/wishes")


def test_a_status_change_changes_the_row(app, client, auth, db, make, kept, listed):
    auth.as_role(Role.ADMIN)
    wish = listed["plain"]
    assert "status-new" in row(page(client, "/wishes"), wish.id)
    vendor = make.user(role=Role.VENDOR)
    triage.wish_set_status(actor=vendor, wish_id=wish.id, status=WishStatus.ACCEPTED)
    db.session.commit()
    after = page(client, "/wishes")
    assert "status-accepted" in row(after, wish.id)
    assert after == afresh(app, client, "/wishes")


def test_rows_are_kept_apart_per_language(app, client, auth, kept, listed):
    auth.as_role(Role.ADMIN)
    speak(client, "fr")
    french = row(page(client, "/wishes"), listed["commented"].id)
    speak(client, "en")
    english = page(client, "/wishes")
    assert "3 commentaires" in french
    assert "3 comments" in row(english, listed["commented"].id)
    assert english == afresh(app, client, "/wishes")


def test_each_reader_gets_their_own_vote_forms_from_the_kept_rows(app, client, auth, listed):
    auth.as_role(Role.REFERENT, territory=listed["home"])
    supported = listed["plain"].id
    client.post(f"/wishes/{supported}/vote", data={"next": "/wishes"})
    page(client, "/wishes")  # the flash message shown once
    as_referent = page(client, "/wishes?sort=new")
    auth.as_role(Role.CLUB_MEMBER)
    as_member = page(client, "/wishes?sort=new")
    assert 'aria-pressed="true"' in row(as_referent, supported)
    assert 'name="next" value="/wishes?sort=new"' in row(as_referent, supported)
    assert "<form" not in row(as_member, supported)  # a club member reads, does not vote
    assert as_member == afresh(app, client, "/wishes?sort=new")
