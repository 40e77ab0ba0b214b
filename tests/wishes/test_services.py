import random

import pytest

from app.models import Follow, Role, Vote, WishStatus
from app.services import comments as comment_services
from app.services import follows as follow_services
from app.services import votes as vote_services
from app.services import wishes as services
from app.services.errors import Conflict, PermissionDenied, ValidationFailed
from app.services.wish_rules import BODY_MAX


def test_filing_counts_as_the_authors_support(make, db):
    wish = make.wish()
    assert wish.votes_count == 1
    assert wish.territories_count == 1
    assert db.session.query(Vote).filter_by(wish_id=wish.id, user_id=wish.author_id).count() == 1


def test_filing_follows_the_wish(make, db):
    wish = make.wish()
    assert db.session.query(Follow).filter_by(wish_id=wish.id, user_id=wish.author_id).one().active


@pytest.mark.parametrize("title", ["", "abcd", "x" * 161, "    "])
def test_title_must_be_5_to_160_characters(make, db, title):
    referent = make.user(role=Role.REFERENT)
    with pytest.raises(ValidationFailed) as error:
        services.wish_create(
            author=referent,
            title=title,
            body="",
            product_id=make.product().id,
            category_id=make.category().id,
        )
    assert "title" in error.value.fields


def test_referent_cannot_file_for_another_territory(make):
    referent = make.user(role=Role.REFERENT)
    other = make.territory()
    with pytest.raises(PermissionDenied):
        services.wish_create(
            author=referent,
            title="Un souhait valide",
            body="",
            product_id=make.product().id,
            category_id=make.category().id,
            territory_id=other.id,
        )


def test_club_member_cannot_file(make):
    member = make.user(role=Role.CLUB_MEMBER)
    with pytest.raises(PermissionDenied):
        services.wish_create(
            author=member,
            title="Un souhait valide",
            body="",
            product_id=make.product().id,
            category_id=make.category().id,
        )


def test_vendor_files_on_behalf_of_a_territory(make, db):
    vendor = make.user(role=Role.VENDOR)
    territory = make.territory()
    wish = make.wish(author=vendor, territory=territory)
    assert wish.territory_id == territory.id
    vote = db.session.query(Vote).filter_by(wish_id=wish.id).one()
    assert vote.on_behalf and vote.user_id is None and vote.recorded_by_id == vendor.id


def test_vendor_must_name_the_territory(make):
    vendor = make.user(role=Role.VENDOR)
    with pytest.raises(ValidationFailed) as error:
        services.wish_create(
            author=vendor,
            title="Un souhait valide",
            body="",
            product_id=make.product().id,
            category_id=make.category().id,
        )
    assert "territory" in error.value.fields


def test_every_problem_of_a_wish_is_reported_at_once(make):
    vendor = make.user(role=Role.VENDOR)
    with pytest.raises(ValidationFailed) as error:
        services.wish_create(
            author=vendor,
            title="Non",
            body="x" * (BODY_MAX + 1),
            product_id=None,
            category_id=make.category().id,
            territory_id=None,
        )
    assert set(error.value.fields) == {"title", "body", "product", "territory"}


def test_support_is_idempotent(make, db):
    wish = make.wish()
    referent = make.user(role=Role.REFERENT)
    assert vote_services.vote_add(user=referent, wish_id=wish.id) is True
    assert vote_services.vote_add(user=referent, wish_id=wish.id) is False
    db.session.commit()
    assert wish.votes_count == 2
    assert wish.territories_count == 2


def test_two_referents_of_one_territory_count_as_one_territory(make, db):
    territory = make.territory()
    wish = make.wish()
    for _ in range(2):
        vote_services.vote_add(
            user=make.user(role=Role.REFERENT, territory=territory), wish_id=wish.id
        )
    db.session.commit()
    assert (wish.votes_count, wish.territories_count) == (3, 2)


def test_withdrawing_support_is_idempotent(make, db):
    wish = make.wish()
    referent = make.user(role=Role.REFERENT)
    vote_services.vote_add(user=referent, wish_id=wish.id)
    assert vote_services.vote_remove(user=referent, wish_id=wish.id) is True
    assert vote_services.vote_remove(user=referent, wish_id=wish.id) is False
    db.session.commit()
    assert wish.votes_count == 1


def test_providers_count_sums_supporting_territories(make, db):
    filer = make.territory(providers_count=100)
    other = make.territory(providers_count=40)
    wish = make.wish(territory=filer)
    vote_services.vote_add(user=make.user(role=Role.REFERENT, territory=other), wish_id=wish.id)
    db.session.commit()
    assert wish.providers_count == 140


@pytest.mark.parametrize("status", [WishStatus.DECLINED, WishStatus.DUPLICATE])
def test_closed_wishes_take_no_new_support(make, db, status):
    wish = make.wish(status=status)
    with pytest.raises(Conflict):
        vote_services.vote_add(user=make.user(role=Role.REFERENT), wish_id=wish.id)


def test_club_member_cannot_vote(make):
    wish = make.wish()
    with pytest.raises(PermissionDenied):
        vote_services.vote_add(user=make.user(role=Role.CLUB_MEMBER), wish_id=wish.id)


def test_unfollow_is_remembered_when_supporting_later(make, db):
    wish = make.wish()
    referent = make.user(role=Role.REFERENT)
    follow_services.follow_set(user=referent, wish_id=wish.id, active=False)
    vote_services.vote_add(user=referent, wish_id=wish.id)
    db.session.commit()
    assert not follow_services.is_following(referent, wish_id=wish.id)


def test_author_edits_only_while_new(make, db):
    wish = make.wish()
    author = wish.author
    services.wish_update(
        user=author,
        wish=wish,
        title="Titre modifié",
        body="x",
        product_id=wish.product_id,
        category_id=wish.category_id,
    )
    wish.status = WishStatus.UNDER_REVIEW
    with pytest.raises(PermissionDenied):
        services.wish_update(
            user=author,
            wish=wish,
            title="Encore modifié",
            body="x",
            product_id=wish.product_id,
            category_id=wish.category_id,
        )


def test_referent_cannot_edit_another_referents_wish(make):
    wish = make.wish()
    with pytest.raises(PermissionDenied):
        services.wish_update(
            user=make.user(role=Role.REFERENT),
            wish=wish,
            title="Titre modifié",
            body="",
            product_id=wish.product_id,
            category_id=wish.category_id,
        )


def test_empty_comment_is_refused(make):
    wish = make.wish()
    with pytest.raises(ValidationFailed):
        comment_services.comment_add(user=wish.author, wish_id=wish.id, body="   ")


def test_comment_increments_counter(make, db):
    wish = make.wish()
    comment_services.comment_add(
        user=make.user(role=Role.CLUB_MEMBER), wish_id=wish.id, body="Oui !"
    )
    db.session.commit()
    assert wish.comments_count == 1


def test_withdrawing_the_last_vote_of_a_territory_takes_its_providers_away(make, db):
    other = make.territory(providers_count=40)
    wish = make.wish(territory=make.territory(providers_count=100))
    first, second = (make.user(role=Role.REFERENT, territory=other) for _ in range(2))
    for referent in (first, second):
        vote_services.vote_add(user=referent, wish_id=wish.id)
    vote_services.vote_remove(user=first, wish_id=wish.id)
    db.session.commit()
    assert (wish.votes_count, wish.territories_count, wish.providers_count) == (2, 2, 140)
    vote_services.vote_remove(user=second, wish_id=wish.id)
    db.session.commit()
    assert (wish.votes_count, wish.territories_count, wish.providers_count) == (1, 1, 100)


def test_an_already_supported_closed_wish_answers_idempotently(make, db):
    wish = make.wish()
    referent = make.user(role=Role.REFERENT)
    vote_services.vote_add(user=referent, wish_id=wish.id)
    wish.status = WishStatus.DECLINED
    db.session.commit()
    assert vote_services.vote_add(user=referent, wish_id=wish.id) is False


@pytest.mark.parametrize("seed", range(8))
def test_counters_moved_one_vote_at_a_time_equal_a_full_recount(make, db, seed):
    """Thirty supports and withdrawals in random order (six referents, three territories)."""
    rng = random.Random(seed)
    territories = [make.territory(providers_count=n) for n in (7, 30, 500)]
    referents = [make.user(role=Role.REFERENT, territory=territories[i % 3]) for i in range(6)]
    wish = make.wish(territory=territories[0])
    for _ in range(30):
        change = rng.choice((vote_services.vote_add, vote_services.vote_remove))
        change(user=rng.choice(referents), wish_id=wish.id)
    db.session.commit()
    moved = (wish.votes_count, wish.territories_count, wish.providers_count)
    vote_services.recount_support(wish.id)
    db.session.commit()
    assert moved == (wish.votes_count, wish.territories_count, wish.providers_count)
