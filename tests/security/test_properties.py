"""Property tests on the wish services: arbitrary unicode and numbers never raise
anything but a ``ServiceError``, and a refusal writes nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import Comment, Follow, Role, StatusChange, Vote, Wish
from app.services import comments as comment_services
from app.services import votes as vote_services
from app.services import wishes as services
from app.services.errors import ServiceError
from app.services.wish_rules import TITLE_MAX, TITLE_MIN

SETTINGS = settings(
    max_examples=int(__import__("os").environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MODELS = (Wish, Vote, StatusChange, Follow, Comment)

# Arbitrary unicode, titles around the length limit, and what a JSON body can carry but
# no database stores (NUL, unpaired surrogates).
texts = (
    st.text(max_size=300)
    | st.text(min_size=150, max_size=170)
    | st.builds(
        lambda a, bad, b: a + bad + b,
        st.text(max_size=20),
        st.sampled_from(["\x00", "\ud800", "\udfff"]),
        st.text(max_size=20),
    )
)
ids = st.none() | st.integers()
numbers = st.none() | st.integers()


def _counts(db) -> dict[str, int]:
    return {
        model.__tablename__: db.session.execute(
            select(func.count()).select_from(model)
        ).scalar_one()
        for model in MODELS
    }


@pytest.fixture
def world(db, make):
    referent = make.user(role=Role.REFERENT)
    product, category = make.product(), make.category()
    wish = make.wish(author=make.user(role=Role.REFERENT))
    return {
        "referent_id": referent.id,
        "product_id": product.id,
        "category_id": category.id,
        "wish_id": wish.id,
    }


def _user(db, user_id):
    from app.models import User

    return db.session.get(User, user_id)


@SETTINGS
@given(
    title=texts,
    body=texts,
    product=st.sampled_from(["valid", "random"]),
    product_id=ids,
    providers_asking=numbers,
)
def test_wish_create_accepts_or_refuses_cleanly(
    db, world, title, body, product, product_id, providers_asking
):
    before = _counts(db)
    try:
        wish = services.wish_create(
            author=_user(db, world["referent_id"]),
            title=title,
            body=body,
            product_id=world["product_id"] if product == "valid" else product_id,
            category_id=world["category_id"],
            providers_asking=providers_asking,
        )
    except ServiceError as error:
        db.session.rollback()
        assert error.fields, "a refusal says which field is wrong"
        assert _counts(db) == before
    else:
        assert TITLE_MIN <= len(wish.title) <= TITLE_MAX
        assert wish.title == wish.title.strip()
        db.session.flush()  # the database takes what the service accepted
        db.session.expire_all()
        stored = db.session.get(Wish, wish.id)
        assert stored.title == " ".join(title.split())
        assert stored.votes_count == 1
        db.session.rollback()


@SETTINGS
@given(body=texts)
def test_comment_add_accepts_or_refuses_cleanly(db, world, body):
    before = _counts(db)
    try:
        comment = comment_services.comment_add(
            user=_user(db, world["referent_id"]), wish_id=world["wish_id"], body=body
        )
    except ServiceError as error:
        db.session.rollback()
        assert error.fields
        assert _counts(db) == before
    else:
        db.session.flush()
        db.session.expire_all()
        assert db.session.get(Comment, comment.id).body == body.strip()
        assert db.session.get(Wish, world["wish_id"]).comments_count == before["comment"] + 1
        db.session.rollback()


@SETTINGS
@given(
    title=texts,
    body=texts,
    product_id=ids,
    category_id=ids,
    providers_asking=numbers,
)
def test_field_validation_never_raises(
    db, world, title, body, product_id, category_id, providers_asking
):
    problems = services.wish_content_problems(
        title=title,
        body=body,
        product_id=product_id,
        category_id=category_id,
        providers_asking=providers_asking,
    )
    assert isinstance(problems.fields, dict)
    assert all(isinstance(message, str) and message for message in problems.fields.values())
    db.session.rollback()


@SETTINGS
@given(wish_id=st.integers())
def test_votes_on_any_id_are_refused_cleanly(db, world, wish_id):
    before = _counts(db)
    user = _user(db, world["referent_id"])
    try:
        vote_services.vote_add(user=user, wish_id=wish_id)
    except ServiceError:
        db.session.rollback()
        assert _counts(db) == before
    else:
        db.session.rollback()
