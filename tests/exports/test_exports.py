import csv
import io
import json

import pytest

from app.models import RoadmapItem, RoadmapStatus, Role, WishLink, WishStatus
from app.selectors.exports import ROADMAP_COLUMNS, WISH_COLUMNS
from app.spreadsheet import neutralise


def _rows(response):
    """The data rows keyed by field name (the header is in the reader's language)."""
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = csv.reader(io.StringIO(text[1:]), delimiter=";")
    columns = WISH_COLUMNS if len(header) == len(WISH_COLUMNS) else ROADMAP_COLUMNS
    assert len(header) == len(columns)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_wish_csv_is_for_french_spreadsheets(client, auth, make, catalog):
    make.wish(
        title='=HYPERLINK("http://x")',
        body="+33 1 23 45 67 89",
        territory=catalog["drome"],
        supporters=[catalog["ardeche"], catalog["isere"]],
        product=catalog["product"],
        category=catalog["category"],
    )
    auth.as_role(Role.CLUB_MEMBER)
    response = client.get("/wishes/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.decode("utf-8").splitlines()[0].startswith("\ufeffNuméro;Titre;")
    (row,) = _rows(response)
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["body"] == "'+33 1 23 45 67 89"
    assert row["territory"] == "drome"
    assert row["supporters"] == "ardeche;isere"
    assert row["product"] == "open-pro" and row["territories_count"] == "3"


def test_neutralise_every_formula_start():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Tarif -10 %") == "Tarif -10 %"
    assert neutralise(-3) == "-3"


def test_wish_export_honours_filters(client, auth, make, catalog):
    make.wish(title="Souhait de la Drôme", territory=catalog["drome"])
    make.wish(title="Souhait de l'Isère", territory=catalog["isere"])
    declined = make.wish(title="Souhait refusé", territory=catalog["isere"])
    declined.status = WishStatus.DECLINED
    auth.as_role(Role.CLUB_MEMBER)
    rows = _rows(client.get("/wishes/export.csv?territory=isere&status=new"))
    assert [r["title"] for r in rows] == ["Souhait de l'Isère"]
    rows = _rows(client.get("/wishes/export.csv?q=dr%C3%B4me"))
    assert [r["title"] for r in rows] == ["Souhait de la Drôme"]


def test_wish_json_export(client, auth, make, catalog):
    wish = make.wish(title="Tarification par saison", territory=catalog["drome"])
    auth.as_role(Role.CLUB_MEMBER)
    response = client.get("/wishes/export.json")
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    (item,) = json.loads(response.data)
    assert item["id"] == wish.id and item["title"] == "Tarification par saison"
    assert item["territory"] == "drome" and item["supporters"] == []
    assert item["delivery"] == "new"
    assert item["created_at"].endswith("+00:00")


def test_the_wish_export_reads_the_list_a_batch_at_a_time_in_its_order(
    client, auth, db, make, catalog, monkeypatch
):
    """The ids are read from a cursor a batch at a time (a server-side one on
    PostgreSQL), so an export of a million wishes never holds a million ids."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.models import Wish
    from app.selectors import exports
    from app.selectors.wishes import WishFilters, wish_list

    monkeypatch.setattr(exports, "BATCH", 2)
    for supporters in ([], [catalog["isere"]], [], [catalog["ardeche"], catalog["isere"]], []):
        make.wish(territory=catalog["drome"], supporters=supporters)
    listed = wish_list(WishFilters()).with_only_columns(Wish.id)
    expected = [str(wish_id) for wish_id in db.session.scalars(listed)]
    auth.as_role(Role.CLUB_MEMBER)
    batches = []

    def note(state):
        if state.is_select and state.execution_options.get("yield_per"):
            batches.append(state.execution_options["yield_per"])

    event.listen(Session, "do_orm_execute", note)
    try:
        rows = _rows(client.get("/wishes/export.csv"))
    finally:
        event.remove(Session, "do_orm_execute", note)
    assert batches == [2]
    assert len(rows) == 5 and [row["id"] for row in rows] == expected


def test_wish_list_has_download_links_with_current_filters(client, auth, make, catalog):
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?territory=drome").get_data(as_text=True)
    assert "/wishes/export.csv?territory=drome" in html
    assert "/wishes/export.json?territory=drome" in html


def test_export_needs_a_member(client, auth):
    auth.as_role(Role.VISITOR)
    assert client.get("/wishes/export.csv").status_code == 403
    assert client.get("/exports/roadmap.csv").status_code == 403


def test_wish_export_query_count_is_constant(client, auth, make, catalog, count_queries):
    auth.as_role(Role.CLUB_MEMBER)
    make.wish(territory=catalog["drome"], supporters=[catalog["isere"]])
    with count_queries() as few:
        client.get("/wishes/export.csv").get_data()
    for _ in range(8):
        make.wish(territory=catalog["ardeche"], supporters=[catalog["drome"], catalog["isere"]])
    with count_queries() as many:
        client.get("/wishes/export.csv").get_data()
    assert many.count == few.count


def test_roadmap_export(client, auth, db, make, catalog):
    wish = make.wish(territory=catalog["drome"], supporters=[catalog["isere"]])
    shipped = RoadmapItem(title="Tarifs par saison", status=RoadmapStatus.SHIPPED, target="2024")
    planned = RoadmapItem(title="-Passerelle", status=RoadmapStatus.PLANNED, target="2025-T2")
    db.session.add_all([shipped, planned])
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=shipped.id))
    db.session.commit()
    auth.as_role(Role.VENDOR)
    rows = _rows(client.get("/exports/roadmap.csv"))
    assert [(r["title"], r["wishes"], r["territories_count"]) for r in rows] == [
        ("Tarifs par saison", str(wish.id), "2"),
        ("'-Passerelle", "", "0"),
    ]
    items = json.loads(client.get("/exports/roadmap.json?status=planned").data)
    assert [i["title"] for i in items] == ["-Passerelle"]


def test_roadmap_export_gives_the_ticket_link(client, auth, db, make):
    product = make.product(ticket_url_pattern="https://tracker.example/browse/{ref}")
    db.session.add(RoadmapItem(title="Suivi", product_id=product.id, external_ref="OP-5"))
    db.session.commit()
    auth.as_role(Role.VENDOR)
    (row,) = _rows(client.get("/exports/roadmap.csv"))
    assert (row["external_ref"], row["external_url"]) == (
        "OP-5",
        "https://tracker.example/browse/OP-5",
    )
    (item,) = json.loads(client.get("/exports/roadmap.json").data)
    assert item["external_url"] == "https://tracker.example/browse/OP-5"


@pytest.mark.parametrize(
    ("locale", "header", "status", "delivery", "item_status"),
    [
        ("fr", "Numéro;Titre;Description;Statut;Avancement;", "Retenu", "Planifié", "Planifié"),
        ("en", "Number;Title;Description;Status;Progress;", "Accepted", "Planned", "Planned"),
    ],
)
def test_spreadsheets_speak_the_readers_language(
    client, auth, db, make, locale, header, status, delivery, item_status
):
    wish = make.wish(status=WishStatus.ACCEPTED)
    item = RoadmapItem(title="Saisons", status=RoadmapStatus.PLANNED, target="2027")
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    db.session.commit()
    auth.as_role(Role.VENDOR, locale=locale)
    response = client.get("/wishes/export.csv")
    assert response.data.decode("utf-8").startswith("\ufeff" + header)
    (row,) = _rows(response)
    assert (row["status"], row["delivery"]) == (status, delivery)
    (item_row,) = _rows(client.get("/exports/roadmap.csv"))
    assert item_row["status"] == item_status
    # JSON is read by scripts: field names and codes whatever the reader's language
    (item_json,) = json.loads(client.get("/wishes/export.json").data)
    assert (item_json["status"], item_json["delivery"]) == ("accepted", "planned")


@pytest.mark.parametrize("locale", ["fr", "en"])
def test_a_spreadsheet_export_reads_back_through_the_import(client, auth, make, catalog, locale):
    from app.services.imports import import_wishes

    make.wish(territory=catalog["drome"], supporters=[catalog["isere"]])
    auth.as_role(Role.VENDOR, locale=locale)
    data = client.get("/wishes/export.csv").data
    report = import_wishes(data=data, author=make.user(role=Role.ADMIN), dry_run=True)
    assert report.ok, report.lines()
    assert report.rows == 1
