"""The list's filter choices, read in one statement (``catalog.list_filter_choices``)."""

from app.models import Role
from app.selectors.catalog import list_filter_choices


def test_products_and_categories_follow_their_position_then_name(make):
    make.product(name="Zèbre", slug="zebre", position=0)
    make.product(name="Open Pro", slug="open-pro", position=1)
    make.product(name="Addock", slug="addock", position=0)
    make.category(name="Tarifs", slug="tarifs", position=2)
    make.category(name="Agenda", slug="agenda", position=1)

    choices = list_filter_choices()

    assert [p.slug for p in choices.products] == ["addock", "zebre", "open-pro"]
    assert [c.name for c in choices.categories] == ["Agenda", "Tarifs"]


def test_inactive_entries_are_not_offered(make):
    make.product(slug="kept")
    make.product(slug="retired", active=False)
    make.territory(slug="open")
    make.territory(slug="closed", active=False)
    make.club(slug="club-kept")
    make.club(slug="club-closed", active=False)

    choices = list_filter_choices()

    assert [p.slug for p in choices.products] == ["kept"]
    assert [t.slug for t in choices.territories] == ["open"]
    assert [c.slug for c in choices.clubs] == ["club-kept"]


def test_territories_and_clubs_by_name_regions_once_each(make):
    make.territory(name="Vosges", region="Grand Est")
    make.territory(name="Ain", region="Auvergne-Rhône-Alpes")
    make.territory(name="Alsace", region="Grand Est", active=False)
    make.club(name="Club Sud")
    make.club(name="Club Alpes")

    choices = list_filter_choices()

    assert [t.name for t in choices.territories] == ["Ain", "Vosges"]
    assert [c.name for c in choices.clubs] == ["Club Alpes", "Club Sud"]
    assert choices.regions == ("Auvergne-Rhône-Alpes", "Grand Est")


def test_nothing_to_offer_on_an_empty_catalogue(db):
    choices = list_filter_choices()

    assert (choices.products, choices.categories, choices.territories, choices.clubs) == (
        (),
        (),
        (),
        (),
    )
    assert choices.regions == ()


def test_one_statement_whatever_the_catalogue(make, count_queries):
    for n in range(5):
        make.territory(region=f"Région {n}")
        make.product()
    with count_queries() as counter:
        list_filter_choices()
    assert counter.count == 1


def test_a_renamed_or_added_entry_is_offered_at_once(db, make):
    """The choices are grouped once for the same rows: any change is other rows."""
    ain = make.territory(name="Ain", slug="ain", region="Auvergne-Rhône-Alpes")
    make.territory(name="Drôme", slug="drome", region="Auvergne-Rhône-Alpes")
    assert [t.name for t in list_filter_choices().territories] == ["Ain", "Drôme"]
    ain.name = "Savoie"
    ain.region = "Alpes"
    db.session.commit()
    choices = list_filter_choices()
    assert [t.name for t in choices.territories] == ["Drôme", "Savoie"]
    assert choices.regions == ("Alpes", "Auvergne-Rhône-Alpes")
    make.territory(name="Éure", slug="eure", region="Normandie")
    assert [t.name for t in list_filter_choices().territories] == ["Drôme", "Éure", "Savoie"]


def test_the_list_offers_a_renamed_territory_at_once(db, make, client, auth):
    territory = make.territory(name="Pays basque", slug="pays-basque")
    auth.as_role(Role.ADMIN)
    assert ">Pays basque</option>" in client.get("/wishes").get_data(as_text=True)
    territory.name = "Béarn & Pays basque"
    db.session.commit()
    html = client.get("/wishes?territory=pays-basque").get_data(as_text=True)
    assert '<option value="pays-basque" selected>Béarn &amp; Pays basque</option>' in html
    assert ">Pays basque</option>" not in html
