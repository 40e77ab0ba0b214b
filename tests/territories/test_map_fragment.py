"""The map is put together from pieces kept under what each shows: the page is the one a
fresh render gives, and a vote renders again only the pieces where the voter appears."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Role
from app.services.votes import vote_add
from app.territories import map_routes


@pytest.fixture(autouse=True)
def no_kept_pieces(app):
    app.extensions["souhaits_kept_html"].clear()
    yield
    app.extensions["souhaits_kept_html"].clear()


@pytest.fixture
def rendered(monkeypatch):
    """(macro, department code or territory slug) of every piece rendered, in order."""
    calls = []
    real = map_routes.get_template_attribute

    def counting(template, name):
        macro = real(template, name)

        def render(item):
            calls.append((name, item.code if name == "department" else item.territory.slug))
            return macro(item)

        return render

    monkeypatch.setattr(map_routes, "get_template_attribute", counting)
    return calls


def _map_of(html: str) -> str:
    """The map and its table (the layout around them carries a per-request token)."""
    return html[html.index('<div class="map-layout">') : html.index("</table>")]


def _row(html: str, slug: str) -> str:
    return re.search(rf'<tr data-slug="{slug}">.*?</tr>', html, re.S).group(0)


def _isere_votes_for_the_ot_wish(make, world) -> None:
    """Isère (department 38) supports a wish of the OT: only its figures move."""
    referent = make.user(role=Role.REFERENT, territory=world.isere)
    vote_add(user=referent, wish_id=world.w7.id)
    db.session.commit()


def test_the_map_cold_warm_and_after_a_vote_is_the_map_rendered_afresh(
    app, client, auth, make, world
):
    auth.as_role(Role.CLUB_MEMBER)
    cold = _map_of(client.get("/territories").get_data(as_text=True))
    warm = _map_of(client.get("/territories").get_data(as_text=True))
    assert warm == cold

    _isere_votes_for_the_ot_wish(make, world)
    after_vote = _map_of(client.get("/territories").get_data(as_text=True))
    app.extensions["souhaits_kept_html"].clear()
    afresh = _map_of(client.get("/territories").get_data(as_text=True))
    assert after_vote == afresh
    assert _row(after_vote, "isere") != _row(cold, "isere")
    assert '<td class="num">1</td>' in _row(after_vote, "isere")


def test_unchanged_figures_render_no_piece_and_a_vote_only_the_voters(
    client, auth, make, world, rendered
):
    auth.as_role(Role.CLUB_MEMBER)
    client.get("/territories")
    assert len([name for name, _ in rendered if name == "territory_row"]) == 6
    assert len([name for name, _ in rendered if name == "department"]) == 96

    rendered.clear()
    client.get("/territories")
    assert rendered == []

    _isere_votes_for_the_ot_wish(make, world)
    client.get("/territories")
    assert sorted(rendered) == [("department", "38"), ("territory_row", "isere")]


def test_a_new_sort_reorders_the_kept_rows_without_rendering_them(client, auth, world, rendered):
    auth.as_role(Role.CLUB_MEMBER)
    by_activity = client.get("/territories").get_data(as_text=True)
    rendered.clear()
    by_name = client.get("/territories?sort=name").get_data(as_text=True)
    assert rendered == []
    slugs = re.findall(r'<tr data-slug="([\w-]+)">', by_name)
    assert slugs == ["manche", "crt", "drome", "lille", "isere", "ot-vallee"]
    assert slugs != re.findall(r'<tr data-slug="([\w-]+)">', by_activity)
    assert 'href="/territories?sort=name&amp;dir=desc#territory-table"' in by_name


def test_each_language_has_its_own_pieces(client, auth, world, rendered):
    auth.as_role(Role.CLUB_MEMBER, locale="fr")
    french = _map_of(client.get("/territories").get_data(as_text=True))
    auth.as_role(Role.CLUB_MEMBER, locale="en")
    rendered.clear()
    english = _map_of(client.get("/territories").get_data(as_text=True))
    assert len(rendered) == 6 + 96
    assert "2 wishes filed" in english and "souhaits déposés" not in english
    assert "— (region)" in _row(english, "crt")
    assert "2 souhaits déposés" in french and "— (région)" in _row(french, "crt")


def test_a_filter_that_changes_the_figures_renders_the_pieces_that_show_them(
    client, auth, world, rendered
):
    auth.as_role(Role.CLUB_MEMBER)
    client.get("/territories")
    rendered.clear()
    html = client.get("/territories?product=passerelles").get_data(as_text=True)
    rows = {slug for name, slug in rendered if name == "territory_row"}
    # Passerelles: w1 (Drôme, supported by Manche and the CRT), w5 (Drôme), w7 (the OT);
    # Isère filed and supports none, Lille nothing either way.
    assert rows == {"drome", "manche", "crt", "isere"}
    assert '<td class="num">0</td>' in _row(html, "isere")
