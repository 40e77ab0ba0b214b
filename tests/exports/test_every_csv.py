"""Every CSV the app serves is made for French spreadsheets the same way (one writer,
``app.spreadsheet``): UTF-8 with a byte-order mark, ``;`` between cells, and a header in
the reader's language."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask import url_for

from app.dashboard.routes import CHARTS
from app.models import Event, Role

pytestmark = pytest.mark.usefixtures("some_data")


@pytest.fixture
def some_data(db, make):
    make.wish(title="Tarification par saison, été comme hiver")
    db.session.add(
        Event(name="Rencontre", slug="rn", starts_on=date(2023, 4, 4), ends_on=date(2023, 4, 5))
    )
    db.session.commit()


def _csv_urls(app) -> dict[str, list[str]]:
    """Each endpoint that can answer a CSV, with the addresses that reach it."""
    values = {"slug": ["rn"], "chart": list(CHARTS), "fmt": ["csv"]}
    urls: dict[str, list[str]] = {}
    for rule in app.url_map.iter_rules():
        if "csv" not in rule.rule:
            continue
        with app.test_request_context():
            (argument, *_) = list(rule.arguments) or [None]
            urls[rule.endpoint] = (
                [url_for(rule.endpoint, **{argument: v}) for v in values[argument]]
                if argument
                else [url_for(rule.endpoint)]
            )
    return urls


def test_every_csv_route_is_checked(app):
    assert set(_csv_urls(app)) == {
        "events.restitution_csv",
        "events.import_template",
        "exports.wishes",
        "exports.roadmap",
        "dashboard.chart_csv",
    }


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_every_csv_is_semicolon_separated_with_a_mark(app, client, auth, locale):
    auth.as_role(Role.ADMIN, locale=locale)
    for endpoint, urls in _csv_urls(app).items():
        for url in urls:
            response = client.get(url.replace("http://localhost", ""))
            assert response.status_code == 200, url
            assert response.headers["Content-Type"] == "text/csv; charset=utf-8", url
            text = response.get_data(as_text=True)
            assert text.startswith("\ufeff"), url
            rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
            assert len(rows[0]) > 1, f"{url}: the header is not split by ';'"
            assert all(len(row) == len(rows[0]) for row in rows), url
            if locale == "en" and endpoint != "events.import_template":
                assert not any("é" in cell for cell in rows[0]), f"{url}: {rows[0]}"
