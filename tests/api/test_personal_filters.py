"""``GET /api/v1/wishes?mine=&supported=&followed=``: the caller's own wishes."""

from __future__ import annotations

from app.models import Role
from app.services import follows as follow_services
from app.services import votes as vote_services


def test_api_lists_what_the_caller_filed_supports_and_follows(api, make, db):
    me = api.as_role(Role.REFERENT)
    filed = make.wish(author=me, title="Le mien")
    supported = make.wish(title="Celui que je soutiens")
    followed = make.wish(title="Celui que je suis")
    make.wish(title="Un autre")
    vote_services.vote_add(user=me, wish_id=supported.id)
    follow_services.follow_set(user=me, wish_id=followed.id, active=True)
    db.session.commit()

    def titles(query: str) -> set[str]:
        response = api.get(f"/wishes?{query}")
        assert response.status_code == 200
        return {item["title"] for item in response.get_json()["items"]}

    assert titles("mine=true") == {filed.title}
    assert titles("supported=1") == {filed.title, supported.title}
    assert followed.title in titles("followed=true")
    assert "Un autre" not in titles("followed=true")
    assert len(titles("mine=false")) == 4


def test_api_refuses_a_flag_that_is_neither_true_nor_false(api):
    api.as_role(Role.REFERENT)
    response = api.get("/wishes?mine=perhaps")
    assert response.status_code == 422
    assert "mine" in response.get_json()["error"]["fields"]
