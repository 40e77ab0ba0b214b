"""The reader's two languages: the right words, each language's punctuation, and plurals
that agree with their number."""

from __future__ import annotations

import re

import pytest

from app.models import RoadmapItem, Role, WishLink


@pytest.fixture
def triaged_wish(make, db):
    """An accepted wish linked to a planned item: its delivery differs from its triage."""
    wish = make.wish(title="Tarification par saison", status="accepted")
    item = RoadmapItem(title="Saisons", status="planned", target="2027")
    db.session.add(item)
    db.session.flush()
    db.session.add(WishLink(wish_id=wish.id, roadmap_item_id=item.id))
    db.session.commit()
    return wish


@pytest.mark.parametrize(
    ("role", "page"),
    [(Role.CLUB_MEMBER, "/wishes/{id}"), (Role.VENDOR, "/triage/triage?wish={id}")],
    ids=["wish-page", "triage-panel"],
)
@pytest.mark.parametrize(
    ("locale", "expected", "wrong"),
    [
        ("fr", "(statut de tri\u00a0: Retenu)", "(tri :"),
        ("en", "(triage status: Accepted)", "(sort:"),
    ],
)
def test_triage_status_is_named_as_triage(
    client, auth, triaged_wish, role, page, locale, expected, wrong
):
    auth.as_role(role, locale=locale)
    html = client.get(page.format(id=triaged_wish.id)).get_data(as_text=True)
    assert expected in html
    assert wrong not in html


def _visible_text(html: str) -> str:
    body = html[html.index("<main") :]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("url", ["/wishes/{id}", "/dashboard", "/dashboard/presentation"])
def test_english_has_no_space_before_colons(client, auth, triaged_wish, url):
    auth.as_role(Role.VENDOR, locale="en")
    html = client.get(url.format(id=triaged_wish.id)).get_data(as_text=True)
    text = _visible_text(html)
    assert not re.search(r"\w[\s\u00a0\u202f]+:", text), re.findall(r".{30}\s+:.{10}", text)


def test_french_keeps_its_space_before_colons(client, auth, triaged_wish):
    auth.as_role(Role.VENDOR, locale="fr")
    html = client.get(f"/wishes/{triaged_wish.id}").get_data(as_text=True)
    assert "statut de tri\u00a0:" in html


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr", "<strong>0</strong> souhait<"), ("en", "<strong>0</strong> wishes<")],
)
def test_dashboard_count_agrees_with_zero(client, auth, locale, expected):
    auth.as_role(Role.VENDOR, locale=locale)
    html = client.get("/dashboard").get_data(as_text=True)
    assert expected in html


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr", "<strong>1</strong> souhait<"), ("en", "<strong>1</strong> wish<")],
)
def test_dashboard_count_agrees_with_one(client, auth, make, locale, expected):
    make.wish()
    auth.as_role(Role.VENDOR, locale=locale)
    assert expected in client.get("/dashboard").get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "one", "two"),
    [
        ("fr", "1 livré sur 1", "2 livrés sur 2"),
        ("en", "1 shipped out of 1", "2 shipped out of 2"),
    ],
)
def test_presentation_counts_agree(client, auth, db, locale, one, two):
    db.session.add_all(
        [
            RoadmapItem(title="A", status="shipped", target="2025"),
            RoadmapItem(title="B", status="shipped", target="2026"),
            RoadmapItem(title="C", status="shipped", target="2026"),
        ]
    )
    db.session.commit()
    auth.as_role(Role.VENDOR, locale=locale)
    html = client.get("/dashboard/presentation").get_data(as_text=True)
    shown = re.findall(r'data-testid="period-shipped">([^<]*)<', html)
    assert shown == [one, two]


@pytest.mark.parametrize(
    ("locale", "counts"),
    [
        ("fr", ["0 souhait importé.", "1 souhait importé.", "2 souhaits importés."]),
        ("en", ["0 wishes imported.", "1 wish imported.", "2 wishes imported."]),
    ],
)
def test_python_side_plurals_follow_each_language(app, locale, counts):
    from app.i18n import force_locale, ngettext

    with app.test_request_context(), force_locale(locale):
        shown = [
            ngettext("%(num)d souhait importé.", "%(num)d souhaits importés.", n) for n in (0, 1, 2)
        ]
    assert shown == counts


_SPACED_MARK = re.compile(r"[ \u00a0\u202f][:;?!]")


def test_import_report_lines_follow_each_language(app, make):
    """The report's lines are assembled in code: "Row 2: …" in English, one sentence
    after another."""
    from app.i18n import force_locale
    from app.services.imports import import_wishes

    author = make.user(role=Role.ADMIN)
    data = b"title;product;category;territory\n;nope;nope;nope\n"
    with app.test_request_context(), force_locale("en"):
        english = import_wishes(data=data, author=author, dry_run=True).lines()
    with app.test_request_context(), force_locale("fr"):
        french = import_wishes(data=data, author=author, dry_run=True).lines()
    assert english[0].startswith("Row 2: The title must be between 5 and 160 characters long. ")
    assert not any(_SPACED_MARK.search(line) for line in english), english
    assert french[0].startswith("Ligne 2\u00a0: Le titre doit faire entre 5 et 160 caractères. ")


def test_search_suggestion_question_mark_follows_each_language(client, auth, make):
    make.wish(title="Tarification par saison")
    auth.as_role(Role.REFERENT, locale="en")
    html = client.get("/wishes?q=tarificatoin").get_data(as_text=True)
    assert "search-suggestion" in html
    assert re.search(r"</a>\?</p>", html)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("fr", "1 souhait déposé par 1 territoire."), ("en", "1 wish filed by 1 territory.")],
)
def test_home_page_counts_agree_with_one(client, make, locale, expected):
    make.wish()
    html = client.get("/", headers={"Accept-Language": locale}).get_data(as_text=True)
    text = re.sub(r"\s+", " ", html)
    assert expected in text
