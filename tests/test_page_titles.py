"""Every page names itself: its <title> is "<page> · Souhaits", never the bare site name
nor the site name twice, and its breadcrumb, when it has one, is a single navigation
element named in the reader's language."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.models import Event, RoadmapItem, Role

SITE = "Souhaits"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.fixture
def world(db, make):
    territory = make.territory(name="Drôme Attractivité", slug="drome")
    club = make.club(name="Club Rhône-Alpes", slug="club-ra", territories=[territory])
    wish = make.wish(title="Tarification par saison", territory=territory)
    item = RoadmapItem(title="Saisons", status="planned", target="2027")
    event = Event(name="Rencontre", slug="rn", starts_on=date(2023, 4, 4), ends_on=date(2023, 4, 5))
    db.session.add_all([item, event])
    db.session.commit()
    return {"territory": territory, "club": club, "wish": wish, "item": item}


PAGES = [
    "/",
    "/login",
    "/wishes",
    "/wishes/new",
    "/wishes/{wish}",
    "/roadmap",
    "/roadmap/{item}",
    "/roadmap/new",
    "/shipped",
    "/territories",
    "/territories/drome",
    "/clubs/club-ra",
    "/events",
    "/events/rn",
    "/events/rn/restitution",
    "/events/import",
    "/triage/triage",
    "/dashboard",
    "/dashboard/presentation",
    "/notifications",
    "/account",
    "/admin",
    "/admin/territories",
    "/admin/clubs",
    "/admin/users",
    "/admin/products",
    "/admin/categories",
    "/api/v1/docs",
    "/wishes/999999",  # an error page
]
ROLES = [None, Role.VISITOR, Role.CLUB_MEMBER, Role.REFERENT, Role.VENDOR, Role.ADMIN]


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_every_page_names_itself_once(client, auth, world, role, locale):
    if role:
        auth.as_role(role, territory=world["territory"], locale=locale)
    headers = {"Accept-Language": locale}
    seen = 0
    for page in PAGES:
        url = page.format(wish=world["wish"].id, item=world["item"].id)
        response = client.get(url, headers=headers)
        if response.status_code in (302, 403):
            continue  # not for this role
        html = response.get_data(as_text=True)
        (title,) = TITLE.findall(html.split("</head>")[0])
        parts = [part.strip() for part in re.split(r" · | — ", title)]
        assert title.strip() != SITE, f"{url}: the bare site name"
        assert len(parts) == len(set(parts)), f"{url}: {title!r}"
        assert parts[-1] == SITE or response.status_code != 200, f"{url}: {title!r}"
        assert html.count('class="breadcrumb') <= 1, f"{url}: the breadcrumb is split"
        assert 'aria-label="breadcrumb"' not in html, f"{url}: breadcrumb named in English"
        seen += 1
    assert seen >= 5
