"""The rules of a wish's fields (``app.services.wish_rules``), on values already resolved."""

import pytest

from app.models import Role, User
from app.services.wish_rules import (
    BODY_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Unknown,
    WishContent,
    WishFiling,
    clean_title,
    wish_problems,
)

PRODUCT, CATEGORY, DROME, ARDECHE = 1, 2, 10, 11


def _content(**changes):
    values = {"title": "Tarification par saison", "body": "", "product": PRODUCT}
    values.update(changes)
    values.setdefault("category", CATEGORY)
    return WishContent(**values)


def _user(role, territory_id=None):
    """An author as the rules read one: a role and a territory, nothing loaded."""
    return User(role=role, territory_id=territory_id)


@pytest.fixture
def referent():
    return _user(Role.REFERENT, DROME)


@pytest.mark.parametrize(
    ("title", "refused"),
    [
        ("a" * (TITLE_MIN - 1), True),
        ("a" * TITLE_MIN, False),
        ("a" * TITLE_MAX, False),
        ("a" * (TITLE_MAX + 1), True),
        ("  Tarf  \n ", True),  # counted once its spaces are folded
        ("", True),
        (None, True),
        ("Tarif\x00saison", True),
    ],
)
def test_a_title_has_5_to_160_storable_characters(title, refused):
    assert ("title" in wish_problems(_content(title=title)).fields) is refused


def test_a_title_is_stored_with_single_spaces():
    assert clean_title("  Tarification \t par\nsaison ") == "Tarification par saison"


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        (None, False),
        ("x" * BODY_MAX, False),
        ("x" * BODY_MAX + "\n\n", False),  # stored stripped
        ("x" * (BODY_MAX + 1), True),
        ("\ud800", True),
    ],
)
def test_a_body_has_at_most_20000_storable_characters(body, refused):
    assert ("body" in wish_problems(_content(body=body)).fields) is refused


@pytest.mark.parametrize(
    ("count", "refused"),
    [(None, False), (0, False), (100_000, False), (-1, True), (100_001, True)],
)
def test_providers_asking_is_a_count_up_to_100000(count, refused):
    problems = wish_problems(_content(providers_asking=count))
    assert ("providers_asking" in problems.fields) is refused


def test_a_product_and_a_category_are_required_and_must_be_active():
    missing = wish_problems(_content(product=None, category=None)).fields
    assert missing == {"product": "Indiquez le produit.", "category": "Indiquez la catégorie."}
    unknown = wish_problems(_content(product=Unknown("Open Prout"))).fields
    assert unknown == {"product": "Produit inconnu ou retiré du catalogue : « Open Prout »."}


def test_every_problem_is_reported_at_once_keyed_by_field():
    problems = wish_problems(
        _content(title="Non", body="x" * (BODY_MAX + 1), product=None, providers_asking=-5)
    )
    assert set(problems.fields) == {"title", "body", "product", "providers_asking"}
    assert not problems.forbidden


def test_a_wish_without_a_problem_has_none(referent):
    filing = WishFiling(author=referent, territory=DROME)
    assert not wish_problems(_content(), filing)


def test_a_referent_files_for_their_own_territory_only(referent):
    problems = wish_problems(_content(), WishFiling(author=referent, territory=ARDECHE))
    message = "Un référent dépose des souhaits pour son propre territoire."
    assert problems.fields == {"territory": message}
    assert problems.forbidden == message


def test_a_referent_without_a_territory_files_nothing():
    problems = wish_problems(_content(), WishFiling(author=_user(Role.REFERENT), territory=None))
    assert problems.forbidden == "Votre compte n'est rattaché à aucun territoire."


@pytest.mark.parametrize("role", [Role.VENDOR, Role.ADMIN])
def test_staff_file_for_any_territory_they_name(role):
    staff = _user(role)
    assert not wish_problems(_content(), WishFiling(author=staff, territory=DROME))
    problems = wish_problems(_content(), WishFiling(author=staff, territory=None))
    assert problems.fields == {"territory": "Indiquez le territoire qui dépose le souhait."}
    assert not problems.forbidden
    unknown = wish_problems(_content(), WishFiling(author=staff, territory=Unknown("Mars")))
    assert unknown.fields == {"territory": "Territoire inconnu ou inactif : « Mars »."}


def test_a_referent_records_other_territories_support_only_at_a_workshop(referent):
    outside = wish_problems(
        _content(), WishFiling(author=referent, territory=DROME, supporters=[ARDECHE])
    )
    message = (
        "Un référent n'enregistre le soutien d'autres territoires que pour un souhait noté "
        "en atelier."
    )
    assert outside.fields == {"supporters": message}
    assert outside.forbidden == message
    at_workshop = WishFiling(author=referent, territory=DROME, supporters=[ARDECHE], workshop=1)
    assert not wish_problems(_content(), at_workshop)
    # Naming their own territory among the supporters adds no one.
    assert not wish_problems(
        _content(), WishFiling(author=referent, territory=DROME, supporters=[DROME])
    )


def test_the_vendor_records_support_anywhere():
    vendor = _user(Role.VENDOR)
    filing = WishFiling(author=vendor, territory=DROME, supporters=[ARDECHE])
    assert not wish_problems(_content(), filing)


def test_unknown_supporters_are_named_together():
    vendor = _user(Role.VENDOR)
    filing = WishFiling(
        author=vendor, territory=DROME, supporters=[Unknown("Lune"), ARDECHE, Unknown("Mars")]
    )
    assert wish_problems(_content(), filing).fields == {
        "supporters": "Territoires soutiens inconnus ou inactifs : « Lune », « Mars »."
    }


def test_an_unknown_event_or_workshop_is_named():
    vendor = _user(Role.VENDOR)
    filing = WishFiling(
        author=vendor, territory=DROME, event=Unknown("RN 2031"), workshop=Unknown("Tarifs")
    )
    assert wish_problems(_content(), filing).fields == {
        "event": "Rencontre inconnue : « RN 2031 ».",
        "workshop": "Atelier inconnu pour cette rencontre : « Tarifs ».",
    }


def test_the_rules_read_nothing_from_the_database(referent, count_queries):
    filing = WishFiling(author=referent, territory=DROME, supporters=[ARDECHE, Unknown("x")])
    with count_queries() as counter:
        wish_problems(_content(title="Non", product=Unknown("y")), filing)
    assert counter.count == 0
