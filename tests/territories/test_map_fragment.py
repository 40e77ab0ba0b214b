"""The map's rendered fragment is kept under what it shows, never past a change."""

from __future__ import annotations

import re

import pytest

from app.models import Role
from app.territories import map_routes


@pytest.fixture(autouse=True)
def no_kept_fragments():
    map_routes._fragments.clear()
    yield
    map_routes._fragments.clear()


def _drome_row(html: str) -> str:
    return re.search(r'<tr data-slug="drome">.*?</tr>', html, re.S).group(0)


def test_the_same_figures_reuse_the_fragment_and_a_new_wish_renews_it(
    client, auth, make, world, monkeypatch
):
    auth.as_role(Role.CLUB_MEMBER)
    rendered = []
    real = map_routes.render_template

    def counting(name, **context):
        if name == "territories/_map_body.html":
            rendered.append(name)
        return real(name, **context)

    monkeypatch.setattr(map_routes, "render_template", counting)
    first = client.get("/territories").get_data(as_text=True)
    again = client.get("/territories").get_data(as_text=True)
    assert len(rendered) == 1 and first == again
    sorted_by_name = client.get("/territories?sort=name").get_data(as_text=True)
    assert len(rendered) == 2 and sorted_by_name != first
    before = _drome_row(first)
    make.wish(territory=world.drome)
    after = client.get("/territories").get_data(as_text=True)
    assert len(rendered) == 3 and _drome_row(after) != before
