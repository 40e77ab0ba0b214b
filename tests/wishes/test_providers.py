"""The two provider figures: the marketplace providers of the supporting territories
(``providers``) and those the author says are asking (``providers_asking``); both shown
and explained where wishes are ranked, and either can rank the list."""

from app.models import Role


def _titles(html: str, titles: list[str]) -> list[str]:
    return sorted((t for t in titles if t in html), key=html.index)


def test_the_list_shows_both_figures_and_explains_them(client, auth, make):
    territory = make.territory(providers_count=310)
    make.wish(title="Forfaits famille", territory=territory, providers_asking=12)
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes").get_data(as_text=True)
    assert "310 prestataires concernés" in html
    assert "12 prestataires demandeurs" in html
    assert 'data-testid="providers-legend"' in html
    assert "place de marché de chaque territoire qui soutient" in html


def test_the_list_in_english(client, auth, make):
    territory = make.territory(providers_count=310)
    make.wish(territory=territory, providers_asking=1)
    auth.as_role(Role.CLUB_MEMBER)
    with client.session_transaction() as session:
        session["locale"] = "en"
    html = client.get("/wishes").get_data(as_text=True)
    assert "310 providers concerned" in html
    assert "1 provider asking" in html
    assert "What do the provider figures mean?" in html


def test_sort_by_providers_asking_puts_undeclared_last(client, auth, make):
    make.wish(title="Non déclaré", territory=make.territory(providers_count=900))
    make.wish(title="Peu demandé", providers_asking=3)
    make.wish(title="Très demandé", providers_asking=40)
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get("/wishes?sort=providers_asking").get_data(as_text=True)
    assert _titles(html, ["Non déclaré", "Peu demandé", "Très demandé"]) == [
        "Très demandé",
        "Peu demandé",
        "Non déclaré",
    ]
    assert '<option value="providers_asking" selected>' in html
    # The other figure still ranks the other way.
    html = client.get("/wishes?sort=providers").get_data(as_text=True)
    assert _titles(html, ["Non déclaré", "Très demandé"]) == ["Non déclaré", "Très demandé"]


def test_the_api_ranks_by_providers_asking(client, auth, make):
    make.wish(title="Peu demandé", providers_asking=3)
    make.wish(title="Très demandé", providers_asking=40)
    auth.as_role(Role.CLUB_MEMBER)
    items = client.get("/api/v1/wishes?sort=providers_asking").get_json()["items"]
    assert [i["title"] for i in items][:2] == ["Très demandé", "Peu demandé"]


def test_the_wish_page_shows_both_figures(client, auth, make):
    wish = make.wish(territory=make.territory(providers_count=45), providers_asking=7)
    auth.as_role(Role.CLUB_MEMBER)
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert "45 prestataires concernés" in html
    assert "7 prestataires demandeurs" in html


def test_the_list_page_runs_a_constant_number_of_queries(client, auth, make, count_queries):
    auth.as_role(Role.CLUB_MEMBER)
    make.wish(providers_asking=2)
    client.get("/wishes?sort=providers_asking")
    with count_queries() as few:
        client.get("/wishes?sort=providers_asking")
    for n in range(6):
        make.wish(providers_asking=n)
    with count_queries() as many:
        client.get("/wishes?sort=providers_asking")
    assert many.count == few.count
