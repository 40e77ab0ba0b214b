"""Dashboard figures against the hand-counted network of conftest.py, CSVs, access."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from app.models import Role
from app.selectors import dashboard as figures


@pytest.fixture
def club_member(make, world):
    return make.user(role=Role.CLUB_MEMBER, club_id=world.club.id)


def _csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_wishes_by_status(world):
    assert figures.wishes_by_status(None) == [
        ("new", 3),
        ("under_review", 1),
        ("accepted", 1),
        ("declined", 1),
        ("duplicate", 1),
    ]


def test_wishes_by_category_leave_duplicates_out(world):
    assert dict(figures.wishes_by_category(None)) == {"Catégorie A": 3, "Catégorie B": 3}


@freeze_time("2024-06-15 12:00:00")
def test_monthly_series_filed_and_delivered(world):
    series = figures.monthly_series(None)
    assert not series.ends_on_last_activity
    assert [p.month for p in series][0] == date(2023, 7, 1)
    assert [p.month for p in series][-1] == date(2024, 6, 1)
    by_month = {p.month.strftime("%Y-%m"): (p.filed, p.delivered) for p in series}
    assert {k: v for k, v in by_month.items() if v != (0, 0)} == {
        "2024-01": (1, 0),
        "2024-02": (1, 0),
        "2024-05": (2, 2),
        "2024-06": (1, 0),
    }


@freeze_time("2026-03-01")
def test_monthly_series_falls_back_to_the_last_activity(world):
    series = figures.monthly_series(None)
    assert series.ends_on_last_activity
    assert series.points[-1].month == date(2024, 6, 1)


def test_median_times(world):
    timing = figures.timing(None)
    # delivered: w1 121 days (2024-01-10 -> 2024-05-10), w5 436 days (2023-03-01 -> ...)
    assert (timing.median_days_to_delivery, timing.delivered) == (278.5, 2)
    # first answers: w2 2 days, w3 4 days (official comment before its status change), w1 10
    assert (timing.median_days_to_answer, timing.answered) == (4.0, 3)


def test_gap_list_is_the_most_supported_unplanned_wishes(world):
    assert [w.id for w in figures.gap_list(None)] == [world.w6.id, world.w7.id]


def test_roadmap_progress_per_target(world):
    progress = {
        p.target: (p.shipped, p.items, p.wishes_answered, p.wishes)
        for p in figures.roadmap_progress(None)
    }
    assert progress == {"2024": (1, 2, 2, 3), "2025-T2": (0, 1, 0, 0)}


def test_club_member_sees_only_wishes_of_the_club_territories(world, club_member):
    scope = figures.scope_for(club_member)
    statuses = dict(figures.wishes_by_status(scope))
    assert statuses == {"new": 3, "under_review": 1, "accepted": 1, "declined": 0, "duplicate": 1}
    assert [w.id for w in figures.gap_list(scope)] == [world.w6.id, world.w7.id]
    assert figures.timing(scope).answered == 2  # w3 (CRT's wish) is out of the club's scope


def test_club_member_progress_counts_only_items_linked_to_club_wishes(world, club_member):
    progress = figures.roadmap_progress(figures.scope_for(club_member))
    assert [(p.target, p.items, p.wishes) for p in progress] == [("2024", 2, 3)]


def test_club_scope_on_the_page(client, auth, world, club_member):
    auth.login(club_member)
    html = client.get("/dashboard").get_data(as_text=True)
    row = re.search(
        r'<tr data-code="declined"><th scope="row">[^<]+</th><td class="num">(\d+)', html
    )
    assert row.group(1) == "0"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.VISITOR, 403),
        (Role.REFERENT, 200),
        (Role.CLUB_MEMBER, 200),
        (Role.VENDOR, 200),
        (Role.ADMIN, 200),
    ],
)
@pytest.mark.parametrize("url", ["/dashboard", "/dashboard/status.csv", "/dashboard/presentation"])
def test_dashboard_access_by_role(client, auth, role, status, url):
    auth.as_role(role)
    assert client.get(url).status_code == status


def test_dashboard_needs_login(client):
    assert client.get("/dashboard").status_code == 302


@freeze_time("2024-06-15 12:00:00")
def test_dashboard_page_shows_every_chart_with_its_table(client, auth, world):
    auth.as_role(Role.VENDOR)
    response = client.get("/dashboard")
    html = response.get_data(as_text=True)
    for chart in ("status", "category", "monthly", "progress"):
        assert f'data-testid="chart-{chart}"' in html
        assert f"/dashboard/{chart}.csv" in html
    assert "<script>" not in html
    assert re.search(
        r'data-month="2024-05"><th scope="row">mai 2024</th><td class="num">2</td><td class="num">2</td>',
        html,
    )
    assert 'data-value="1/2"' in html  # 2024: one item shipped out of two
    assert "278,5" in html  # median formatted for the French locale


@freeze_time("2024-06-15 12:00:00")
def test_dashboard_numbers_follow_the_locale(client, auth, world):
    auth.as_role(Role.VENDOR, locale="en")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "278.5" in html
    assert "May 2024" in html


def test_status_csv(client, auth, world):
    auth.as_role(Role.VENDOR)
    response = client.get("/dashboard/status.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Statut", "Code", "Souhaits"]
    assert ["Nouveau", "new", "3"] in rows


@freeze_time("2024-06-15 12:00:00")
def test_monthly_csv(client, auth, world):
    auth.as_role(Role.VENDOR)
    rows = _csv(client.get("/dashboard/monthly.csv"))
    assert len(rows) == 13
    assert ["2024-05", "2", "2"] in rows


@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        ("category", ["Catégorie A", "3"]),
        ("timing", ["Du dépôt à la livraison", "278.5", "2"]),
        ("progress", ["2024", "2", "1", "3", "2"]),
    ],
)
def test_other_csvs(client, auth, world, chart, expected):
    auth.as_role(Role.VENDOR)
    assert expected in _csv(client.get(f"/dashboard/{chart}.csv"))


def test_gap_csv_neutralises_formulas(client, auth, make, world):
    make.wish(title="=HYPERLINK(1)", territory=world.drome)
    auth.as_role(Role.VENDOR)
    titles = [row[1] for row in _csv(client.get("/dashboard/gap.csv"))[1:]]
    assert "'=HYPERLINK(1)" in titles
    assert world.w6.title in titles


def test_unknown_csv_is_404(client, auth):
    auth.as_role(Role.VENDOR)
    assert client.get("/dashboard/nothing.csv").status_code == 404


def _grow(make, world, db, n=6):
    from app.models import RoadmapItem, WishLink

    for i in range(n):
        territory = make.territory(department_code=f"{60 + i}")
        wish = make.wish(territory=territory, supporters=[world.drome, world.manche])
        item = RoadmapItem(
            title=f"Item {i}", status="shipped" if i % 2 else "planned", target=f"202{i}"
        )
        db.session.add(item)
        db.session.flush()
        db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    db.session.commit()


@pytest.mark.parametrize("url", ["/dashboard", "/dashboard/presentation"])
def test_dashboard_query_count_is_constant(client, auth, make, db, world, count_queries, url):
    auth.as_role(Role.VENDOR)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _grow(make, world, db)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count


def test_presentation_has_one_page_per_target_with_territories(client, auth, world):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/dashboard/presentation").get_data(as_text=True)
    assert re.findall(r'data-testid="period" data-target="([^"]*)"', html) == [
        "2024",
        "2025",
        "2025-T2",
    ]
    row = re.search(rf'<tr data-item="{world.item_a.id}">(.*?)</tr>', html, re.S).group(1)
    assert "Attitude Manche, CRT Centre, Drôme Tourisme" in row
    assert "Livré" in row


def test_presentation_orders_shipped_items_first(world):
    period = figures.presentation()[0]
    assert [p.item.title for p in period.items] == ["Élément A", "Élément B"]
    assert period.shipped == 1


# --- referents, the network, the period, delivery times, CSV separators ---------------


@pytest.fixture
def drome_referent(make, world):
    return make.user(role=Role.REFERENT, territory=world.drome)


def test_referent_scope_is_their_territory(world, drome_referent):
    scope = figures.scope_for(drome_referent)
    statuses = dict(figures.wishes_by_status(scope))
    # Drôme filed w1, w4, w5 and supports w2, w6
    assert statuses == {"new": 2, "under_review": 1, "accepted": 1, "declined": 0, "duplicate": 1}


def test_anyone_may_ask_for_the_whole_network(world, drome_referent, club_member):
    for user in (drome_referent, club_member):
        assert figures.scope_for(user, network=True) is None


@pytest.mark.parametrize(
    ("locale", "own", "network"),
    [
        ("fr", "Les souhaits déposés ou soutenus par votre territoire", "Tout le réseau :"),
        ("en", "The wishes filed or supported by your territory", "The whole network:"),
    ],
)
def test_referent_dashboard_page_and_network_switch(
    client, auth, world, drome_referent, locale, own, network
):
    drome_referent.locale = locale
    auth.login(drome_referent)
    html = client.get("/dashboard").get_data(as_text=True)
    assert own in html and "Drôme Tourisme" in html
    assert 'href="/dashboard?scope=network"' in html
    assert re.search(r'<tr data-code="declined"><th scope="row">[^<]+</th><td class="num">0', html)
    html = client.get("/dashboard?scope=network").get_data(as_text=True)
    assert network in html
    assert re.search(r'<tr data-code="declined"><th scope="row">[^<]+</th><td class="num">1', html)
    assert "/dashboard/status.csv?scope=network" in html


def test_referent_csv_follows_the_scope(client, auth, world, drome_referent):
    auth.login(drome_referent)
    own = dict((row[1], row[2]) for row in _csv(client.get("/dashboard/status.csv"))[1:])
    network = dict(
        (row[1], row[2]) for row in _csv(client.get("/dashboard/status.csv?scope=network"))[1:]
    )
    assert (own["declined"], network["declined"]) == ("0", "1")


def test_dashboard_csv_separates_cells_with_semicolons(client, auth, world):
    auth.as_role(Role.VENDOR)
    text = client.get("/dashboard/status.csv").get_data(as_text=True)
    assert text.splitlines()[0] == "\ufeffStatut;Code;Souhaits"
    assert "Nouveau;new;3" in text


def test_dashboard_csv_headers_in_english(client, auth, world):
    auth.as_role(Role.VENDOR, locale="en")
    text = client.get("/dashboard/status.csv").get_data(as_text=True)
    assert text.splitlines()[0] == "\ufeffStatus;Code;Wishes"
    assert "New;new;3" in text


def _filed_after_its_delivery(make, world, db):
    """A wish answered by item A (shipped 2024-05-10) but filed a month later."""
    from app.models import WishLink

    late = make.wish(territory=world.drome, created_at=datetime(2024, 6, 10, 9, tzinfo=UTC))
    db.session.add(WishLink(wish_id=late.id, roadmap_item_id=world.item_a.id))
    db.session.commit()
    return late


def test_time_to_delivery_is_never_negative(make, world, db):
    _filed_after_its_delivery(make, world, db)
    timing = figures.timing(None)
    assert (timing.median_days_to_delivery, timing.delivered) == (278.5, 2)
    assert timing.already_available == 1


@pytest.mark.parametrize(
    ("locale", "row", "explanation"),
    [
        ("fr", "Déjà disponibles au dépôt", "ce délai n'est jamais négatif"),
        ("en", "Already available when filed", "this time is never negative"),
    ],
)
def test_dashboard_explains_delivery_time_and_counts_already_available(
    client, auth, make, world, db, locale, row, explanation
):
    _filed_after_its_delivery(make, world, db)
    auth.as_role(Role.VENDOR, locale=locale)
    html = client.get("/dashboard").get_data(as_text=True)
    assert re.search(
        rf'data-testid="already-available"><th scope="row">{row}</th><td class="num">—</td>'
        r'<td class="num">1</td>',
        html,
    )
    assert explanation in html
    assert "-1" not in re.search(r'data-testid="median-delivery">([^<]*)<', html).group(1)


def test_timing_csv_counts_already_available_apart(client, auth, make, world, db):
    _filed_after_its_delivery(make, world, db)
    auth.as_role(Role.VENDOR)
    rows = _csv(client.get("/dashboard/timing.csv"))
    assert ["Du dépôt à la livraison", "278.5", "2"] in rows
    assert ["Déjà disponibles au dépôt", "", "1"] in rows


def test_monthly_series_over_a_chosen_period(world):
    series = figures.monthly_series(None, period=(date(2023, 2, 1), date(2024, 5, 1)))
    months = [p.month for p in series]
    assert (months[0], months[-1], len(months)) == (date(2023, 2, 1), date(2024, 5, 1), 16)
    by_month = {p.month.strftime("%Y-%m"): (p.filed, p.delivered) for p in series}
    assert by_month["2023-03"] == (1, 0)  # w5, outside the default twelve months
    assert by_month["2024-05"] == (2, 2)
    assert sum(p.filed for p in series) == 5  # w7 (June 2024) is after the period


@freeze_time("2024-06-15 12:00:00")
@pytest.mark.parametrize(("locale", "label"), [("fr", "mars 2023"), ("en", "March 2023")])
def test_reader_picks_the_monthly_period(client, auth, world, locale, label):
    auth.as_role(Role.VENDOR, locale=locale)
    html = client.get("/dashboard?from=2023-01&to=2023-12").get_data(as_text=True)
    months = re.findall(r'<tr data-month="([0-9-]+)">', html)
    assert (months[0], months[-1], len(months)) == ("2023-01", "2023-12", 12)
    assert f'data-month="2023-03"><th scope="row">{label}</th><td class="num">1</td>' in html
    assert 'name="from" value="2023-01"' in html
    assert "/dashboard/monthly.csv?from=2023-01&amp;to=2023-12" in html


@freeze_time("2024-06-15 12:00:00")
def test_monthly_period_in_reverse_or_malformed(client, auth, world):
    auth.as_role(Role.VENDOR)
    rows = _csv(client.get("/dashboard/monthly.csv?from=2023-06&to=2023-03"))
    assert [r[0] for r in rows[1:]] == ["2023-03", "2023-04", "2023-05", "2023-06"]
    rows = _csv(client.get("/dashboard/monthly.csv?from=garbage&to=2023-13"))
    assert len(rows) == 13  # the default twelve months
    rows = _csv(client.get("/dashboard/monthly.csv?from=2024-03"))
    assert [r[0] for r in rows[1:]] == ["2024-03", "2024-04", "2024-05", "2024-06"]


def test_referent_dashboard_query_count_is_constant(
    client, auth, make, db, world, drome_referent, count_queries
):
    auth.login(drome_referent)
    db.session.expire_all()  # as after any write: the territory is read again either way
    with count_queries() as few:
        assert client.get("/dashboard?from=2020-01&to=2024-12").status_code == 200
    _grow(make, world, db)
    with count_queries() as many:
        assert client.get("/dashboard?from=2020-01&to=2024-12").status_code == 200
    assert many.count == few.count
