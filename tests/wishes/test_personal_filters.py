"""The wish list's own filters for a signed-in member: the wishes I filed, those I
support, those I follow (issue 15) — on the page, in the API and in the export."""

from __future__ import annotations

import pytest

from app.models import Role
from app.selectors.wishes import WishFilters, wish_page
from app.services import follows as follow_services
from app.services import votes as vote_services


@pytest.fixture
def three_wishes(make, db):
    """A referent who filed one wish, supports another and follows a third."""
    me = make.user(role=Role.REFERENT)
    make.wish(author=me, title="Déposé par moi")
    supported = make.wish(title="Soutenu par moi")
    followed = make.wish(title="Suivi par moi")
    make.wish(title="Sans lien avec moi")
    vote_services.vote_add(user=me, wish_id=supported.id)
    follow_services.follow_set(user=me, wish_id=followed.id, active=True)
    db.session.commit()
    return me


def _titles(filters: WishFilters) -> set[str]:
    return {row.title for row in wish_page(filters, page=1, per_page=50).items}


def test_mine_lists_the_wishes_i_filed(three_wishes):
    filters = WishFilters.from_args({"mine": "1"}, viewer_id=three_wishes.id)
    assert _titles(filters) == {"Déposé par moi"}


def test_supported_lists_the_wishes_i_support(three_wishes):
    filters = WishFilters.from_args({"supported": "1"}, viewer_id=three_wishes.id)
    # Filing a wish supports it too.
    assert _titles(filters) == {"Déposé par moi", "Soutenu par moi"}


def test_followed_lists_the_wishes_i_follow_and_not_those_i_unfollowed(three_wishes, db):
    filters = WishFilters.from_args({"followed": "1"}, viewer_id=three_wishes.id)
    followed = _titles(filters)
    assert "Suivi par moi" in followed
    assert "Sans lien avec moi" not in followed
    rows = wish_page(filters, page=1, per_page=50).items
    wish_id = next(r.id for r in rows if r.title == "Suivi par moi")
    follow_services.follow_set(user=three_wishes, wish_id=wish_id, active=False)
    db.session.commit()
    assert "Suivi par moi" not in _titles(filters)


def test_personal_filters_combine(three_wishes):
    filters = WishFilters.from_args({"mine": "1", "supported": "1"}, viewer_id=three_wishes.id)
    assert _titles(filters) == {"Déposé par moi"}


def test_personal_filters_are_ignored_without_a_viewer(three_wishes):
    filters = WishFilters.from_args({"mine": "1"})
    assert filters.mine == ""
    assert len(_titles(filters)) == 4


def test_the_page_filters_and_keeps_the_box_checked(client, auth, three_wishes):
    auth.login(three_wishes)
    html = client.get("/wishes?supported=1").get_data(as_text=True)
    assert "Soutenu par moi" in html
    assert "Sans lien avec moi" not in html
    assert 'name="supported" value="1" checked' in html
    assert "2 souhaits" in html


def test_the_page_works_as_a_plain_form_and_links_its_script(client, auth, three_wishes):
    auth.login(three_wishes)
    html = client.get("/wishes").get_data(as_text=True)
    assert '<form method="get" action="/wishes" class="filters" id="wish-filters"' in html
    assert 'class="filters-submit"' in html
    assert "js/wish-filters.js" in html
    assert 'aria-controls="filters-more"' in html


def test_a_club_member_cannot_file_nor_support_so_only_follows(client, auth):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes").get_data(as_text=True)
    assert 'name="followed"' in html
    assert 'name="mine"' not in html
    assert 'name="supported"' not in html


def test_personal_filter_query_count_is_constant(client, auth, make, db, count_queries):
    me = auth.as_role(Role.REFERENT)

    def supported_and_followed(count: int) -> None:
        for n in range(count):
            wish = make.wish(title=f"Suivi {n}")
            follow_services.follow_set(user=me, wish_id=wish.id, active=True)
            vote_services.vote_add(user=me, wish_id=wish.id)
        db.session.commit()

    supported_and_followed(1)
    with count_queries() as few:
        assert client.get("/wishes?supported=1&followed=1").status_code == 200
    supported_and_followed(6)
    with count_queries() as many:
        assert client.get("/wishes?supported=1&followed=1").status_code == 200
    assert many.count == few.count


def test_the_export_follows_the_personal_filters(client, auth, three_wishes):
    auth.login(three_wishes)
    body = client.get("/wishes/export.csv?mine=1").get_data(as_text=True)
    assert "Déposé par moi" in body
    assert "Soutenu par moi" not in body
