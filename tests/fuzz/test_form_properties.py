"""Hypothesis on the services behind the roadmap, triage and import forms: arbitrary
input is accepted or refused with a ``ServiceError`` (a message for the form), never an
unexpected exception, and a refusal writes nothing."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.models import Role, StatusChange, Wish
from app.services import imports as import_services
from app.services import roadmap as roadmap_services
from app.services import triage as triage_services
from app.services.errors import ServiceError, ValidationFailed

SETTINGS = settings(
    max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

targets = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.from_regex(r"\s*[0-9]{1,5}(-?[tTqQ][0-9]{0,2})?\s*", fullmatch=True),
)


@SETTINGS
@given(value=targets)
def test_validate_target_accepts_a_period_or_refuses_cleanly(value):
    try:
        result = roadmap_services.validate_target(value)
    except ValidationFailed as error:
        assert error.fields["target"]
        return
    assert result is None or re.fullmatch(r"20\d\d|2100|20\d\d-T[1-4]|2100-T[1-4]", result)


@pytest.fixture
def triage_world(db, make):
    vendor = make.user(role=Role.VENDOR)
    wish = make.wish()
    return vendor, wish.id


@SETTINGS
@given(
    status=st.one_of(
        st.sampled_from(["new", "under_review", "accepted", "declined", "duplicate"]),
        st.text(max_size=15),
    ),
    note=st.one_of(st.none(), st.text(max_size=50), st.text(min_size=4990, max_size=5020)),
)
def test_triage_status_and_note_never_crash(db, triage_world, status, note):
    vendor, wish_id = triage_world
    before = db.session.scalar(select(func.count(StatusChange.id)))
    try:
        triage_services.wish_set_status(actor=vendor, wish_id=wish_id, status=status, note=note)
    except ServiceError:
        db.session.rollback()
        assert db.session.scalar(select(func.count(StatusChange.id))) == before
    else:
        db.session.rollback()  # keep the wish as it was for the next example


@pytest.fixture
def import_admin(make):
    make.product(name="Open Pro", slug="open-pro")
    make.category(name="Tarification", slug="tarification")
    return make.user(role=Role.ADMIN)


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@SETTINGS
@given(
    rows=st.lists(st.lists(cells, min_size=0, max_size=8), min_size=0, max_size=5),
    header=st.sampled_from(
        ["titre;description;produit;catégorie;territoire", "title,body,product", "", "x"]
    ),
    encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
)
def test_import_rows_never_crash_and_dry_run_writes_nothing(
    db, import_admin, rows, header, encoding
):
    admin = import_admin
    separator = ";" if ";" in header else ","
    text = "\n".join([header, *(separator.join(row) for row in rows)])
    data = text.encode(encoding, errors="replace")
    before = db.session.scalar(select(func.count(Wish.id)))
    report = import_services.import_wishes(data=data, author=admin, dry_run=True)
    db.session.rollback()
    assert report.dry_run
    assert db.session.scalar(select(func.count(Wish.id))) == before
