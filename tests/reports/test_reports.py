"""Board reports: who may read them, and what the PDF says (its text extracted)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time
from pypdf import PdfReader

from app.models import Role, WishStatus
from app.services import funding as funding_services
from app.services import roadmap as roadmap_services
from app.services import triage
from app.services import votes as vote_services

NNBSP, NBSP = "\u202f", "\u00a0"


def pdf_text(response) -> str:
    assert response.status_code == 200, response.data[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.replace(NNBSP, " ").replace(NBSP, " ").split())


@pytest.fixture
def year_of_drome(db, make):
    """A year of the Drôme: a wish filed, one supported, an answer, a delivery, a pledge
    and a late item."""
    drome = make.territory(name="Drôme Tourisme", slug="drome", department_code="26")
    ardeche = make.territory(name="Ardèche Tourisme", slug="ardeche", department_code="07")
    club = make.club(
        name="Club Auvergne-Rhône-Alpes", slug="club-ara", territories=[drome, ardeche]
    )
    referent = make.user(territory=drome, display_name="Claire")
    other = make.user(territory=ardeche)
    vendor = make.user(role=Role.VENDOR)
    with freeze_time("2026-03-10 10:00:00"):
        filed = make.wish(author=referent, title="Tarification par saison dans Open Pro")
        elsewhere = make.wish(author=other, title="Passerelle Apidae vers Open Pro")
        vote_services.vote_add(user=referent, wish_id=elsewhere.id)
        db.session.commit()
    with freeze_time("2026-05-02 09:00:00"):
        triage.wish_set_status(
            actor=vendor, wish_id=filed.id, status=WishStatus.ACCEPTED, note="Prévu au T3."
        )
        shipped = roadmap_services.roadmap_item_create(
            actor=vendor, title="Grilles tarifaires par saison", target="2026-T3"
        )
        roadmap_services.wish_link(actor=vendor, item_id=shipped.id, wish_id=filed.id)
        late = roadmap_services.roadmap_item_create(
            actor=vendor, title="Import des photos Apidae", target="2026-T1", status="planned"
        )
        roadmap_services.wish_link(actor=vendor, item_id=late.id, wish_id=elsewhere.id)
        gift = roadmap_services.roadmap_item_create(actor=vendor, title="Module bons cadeaux")
        funding_services.funding_set_goal(actor=vendor, item_id=gift.id, goal=12_500)
        funding_services.pledge_set(
            actor=referent, item_id=gift.id, territory_slug="drome", amount=4500
        )
        db.session.commit()
    with freeze_time("2026-08-20 09:00:00"):
        roadmap_services.roadmap_item_set_status(
            actor=vendor,
            item_id=shipped.id,
            status="shipped",
            shipped_on="2026-08-20",
            release="Open Pro 2026.4",
        )
        db.session.commit()
    return {"drome": drome, "club": club, "referent": referent, "other": other}


@freeze_time("2026-11-15 12:00:00")
def test_the_territory_pdf_says_what_the_year_brought(client, auth, year_of_drome):
    auth.login(year_of_drome["referent"])
    text = squash(pdf_text(client.get("/territories/drome/report.pdf?year=2026")))

    assert "Bilan annuel 2026" in text
    assert "Drôme Tourisme" in text
    assert "Tarification par saison dans Open Pro" in text  # asked
    assert "Passerelle Apidae vers Open Pro" in text  # supported
    assert "Retenu" in text and "Prévu au T3." in text  # the vendor's answer
    assert "Grilles tarifaires par saison" in text and "Open Pro 2026.4" in text  # shipped
    assert "Module bons cadeaux" in text and "4 500 €" in text  # pledged
    assert "Import des photos Apidae" in text  # late


@freeze_time("2026-11-15 12:00:00")
def test_another_year_is_empty(client, auth, year_of_drome):
    auth.login(year_of_drome["referent"])
    text = squash(pdf_text(client.get("/territories/drome/report.pdf?year=2024")))
    assert "Bilan annuel 2024" in text
    assert "Tarification par saison dans Open Pro" not in text
    assert "Aucun souhait déposé cette année." in text


@freeze_time("2026-11-15 12:00:00")
def test_the_report_reads_in_the_readers_language(client, auth, db, year_of_drome):
    referent = year_of_drome["referent"]
    referent.locale = "en"
    db.session.commit()
    auth.login(referent)
    text = squash(pdf_text(client.get("/territories/drome/report.pdf?year=2026")))
    assert "Annual report 2026" in text
    assert "€4,500" in text


@freeze_time("2026-11-15 12:00:00")
def test_french_by_default_whatever_the_browser(client, auth, year_of_drome):
    auth.login(year_of_drome["referent"])
    response = client.get(
        "/territories/drome/report.pdf?year=2026", headers={"Accept-Language": "en"}
    )
    assert "Bilan annuel 2026" in squash(pdf_text(response))


@freeze_time("2026-11-15 12:00:00")
def test_the_club_report_covers_its_territories(client, auth, make, year_of_drome):
    auth.as_role(Role.CLUB_MEMBER, club_id=year_of_drome["club"].id)
    text = squash(pdf_text(client.get("/clubs/club-ara/report.pdf?year=2026")))
    assert "Club Auvergne-Rhône-Alpes" in text
    assert "Passerelle Apidae vers Open Pro" in text
    html = client.get("/clubs/club-ara/report?year=2026").get_data(as_text=True)
    assert "Tarification par saison dans Open Pro" in html
    assert 'href="/clubs/club-ara/report.pdf?year=2026"' in html


@freeze_time("2026-11-15 12:00:00")
def test_the_vendor_gets_the_networks_annual_report(client, auth, year_of_drome):
    auth.as_role(Role.VENDOR)
    text = squash(pdf_text(client.get("/report.pdf?year=2026")))
    assert "Réseau des territoires" in text
    assert "Tarification par saison dans Open Pro" in text
    assert client.get("/report?year=2026").status_code == 200


def test_reports_are_for_members_of_the_territory_or_club(client, auth, make, year_of_drome):
    assert client.get("/territories/drome/report.pdf").status_code == 302  # to the login
    auth.login(year_of_drome["other"])  # a referent of the Ardèche
    assert client.get("/territories/drome/report").status_code == 403
    assert client.get("/territories/drome/report.pdf").status_code == 403
    assert client.get("/clubs/club-ara/report").status_code == 200  # the Ardèche is a member
    assert client.get("/report").status_code == 403
    auth.as_role(Role.CLUB_MEMBER, club_id=make.club().id)
    assert client.get("/clubs/club-ara/report.pdf").status_code == 403
    assert client.get("/territories/drome/report").status_code == 403
    auth.as_role(Role.VISITOR)
    assert client.get("/report.pdf").status_code == 403
    auth.as_role(Role.ADMIN)
    assert client.get("/territories/drome/report").status_code == 200
    assert client.get("/territories/atlantide/report").status_code == 404
    assert client.get("/territories/drome/report?year=deux-mille").status_code == 400


def test_the_report_page_queries_do_not_grow_with_wishes(
    client, auth, make, db, year_of_drome, count_queries
):
    auth.login(year_of_drome["referent"])

    def queries():
        db.session.expire_all()
        with count_queries() as counter:
            assert client.get("/territories/drome/report").status_code == 200
        return counter.count

    before = queries()
    for n in range(5):
        wish = make.wish(author=year_of_drome["referent"], title=f"Souhait supplémentaire {n}")
        wish.created_at = datetime.now(UTC)
    db.session.commit()
    assert queries() == before


def test_territory_and_club_pages_link_their_report_for_those_who_may_read_it(
    client, auth, year_of_drome
):
    auth.login(year_of_drome["referent"])
    assert "/territories/drome/report.pdf" in client.get("/territories/drome").get_data(
        as_text=True
    )
    auth.login(year_of_drome["other"])
    assert "/territories/drome/report" not in client.get("/territories/drome").get_data(
        as_text=True
    )
    assert "/clubs/club-ara/report.pdf" in client.get("/clubs/club-ara").get_data(as_text=True)
