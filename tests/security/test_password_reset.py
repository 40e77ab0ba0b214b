"""Password reset by e-mailed link: signed, single-use, expiring; no user enumeration."""

import re
import statistics
import time
from datetime import timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import OutboxEmail, Role

PASSWORD = "un-bon-mot-de-passe"
NEW_PASSWORD = "un-nouveau-mot-de-passe"


@pytest.fixture
def claire(make):
    return make.user(role=Role.REFERENT, email="claire@example.org", password=PASSWORD)


def _request_link(client, email="claire@example.org"):
    return client.post("/password/forgot", data={"email": email})


def _link_path(db) -> str:
    email = db.session.execute(select(OutboxEmail).order_by(OutboxEmail.id.desc())).scalar()
    match = re.search(r"https?://[^/\s]+(/password/reset/\S+)", email.body_text)
    assert match, email.body_text
    return match.group(1)


def _reset(client, path, password=NEW_PASSWORD):
    return client.post(path, data={"new_password": password, "confirm": password})


def test_forgot_password_page_is_linked_from_login(client):
    assert "/password/forgot" in client.get("/login").get_data(as_text=True)
    assert client.get("/password/forgot").status_code == 200


def test_request_puts_a_link_in_the_outbox_for_the_account(client, db, claire):
    _request_link(client, "Claire@Example.org")
    email = db.session.execute(select(OutboxEmail)).scalar_one()
    assert email.to_address == "claire@example.org"
    assert email.user_id == claire.id
    assert "/password/reset/" in email.body_text


def test_link_sets_a_new_password(client, db, claire):
    _request_link(client)
    response = _reset(client, _link_path(db))
    assert response.status_code == 302
    assert (
        client.post(
            "/login", data={"email": "claire@example.org", "password": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_link_works_only_once(client, db, claire):
    _request_link(client)
    path = _link_path(db)
    _reset(client, path)
    again = _reset(client, path, "encore-un-autre-mot")
    assert again.status_code == 400
    assert "plus valable" in again.get_data(as_text=True)


def test_link_expires_after_an_hour(client, db, claire):
    with freeze_time("2027-03-01 10:00:00") as frozen:
        _request_link(client)
        path = _link_path(db)
        frozen.tick(timedelta(minutes=59))
        assert client.get(path).status_code == 200
        frozen.tick(timedelta(minutes=2))
        assert client.get(path).status_code == 400
        assert _reset(client, path).status_code == 400


def test_forged_or_altered_link_is_refused(client, db, claire):
    _request_link(client)
    path = _link_path(db)
    assert client.get(path[:-3] + "xyz").status_code == 400
    assert client.get("/password/reset/eyJ1IjoxfQ").status_code == 400


def test_link_of_a_deactivated_account_is_refused(client, db, claire):
    _request_link(client)
    path = _link_path(db)
    claire.active = False
    db.session.commit()
    assert client.get(path).status_code == 400


def test_too_short_password_is_refused_and_link_still_works(client, db, claire):
    _request_link(client)
    path = _link_path(db)
    response = _reset(client, path, "court")
    assert response.status_code == 200
    assert client.get(path).status_code == 200


def test_reset_ends_open_sessions(app, db, claire):
    other = app.test_client()
    other.post("/login", data={"email": "claire@example.org", "password": PASSWORD})
    assert other.get("/wishes").status_code == 200
    client = app.test_client()
    _request_link(client)
    _reset(client, _link_path(db))
    assert other.get("/wishes").status_code == 302


def test_same_answer_whether_the_address_has_an_account_or_not(client, db, claire):
    known = _request_link(client, "claire@example.org")
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = _request_link(client, "personne@example.org")
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert _without_form_token(known_page) == _without_form_token(unknown_page)


def _without_form_token(page: str) -> str:
    """The page less its CSRF token, which is signed with the second it was made in."""
    return re.sub(r'name="csrf_token"[^>]*>|<meta name="csrf-token"[^>]*>', "", page)


def _outbox_rows(db) -> list[OutboxEmail]:
    return list(db.session.execute(select(OutboxEmail).order_by(OutboxEmail.id)).scalars())


def test_same_work_whether_the_address_has_an_account_or_not(client, db, claire):
    """Both requests write one outbox row through the same path; only the known
    address's row is ever sent (the other is inert and holds no address)."""
    _request_link(client, "claire@example.org")
    _request_link(client, "personne@example.org")
    known, unknown = _outbox_rows(db)
    assert (known.status, known.to_address, known.user_id) == ("pending", claire.email, claire.id)
    assert (unknown.status, unknown.to_address, unknown.user_id) == ("inert", "", None)
    assert known.subject == unknown.subject
    assert "/password/reset/" in known.body_text and "/password/reset/" in unknown.body_text


def test_inert_rows_are_never_sent(runner, db, claire, app):
    _request_link(app.test_client(), "personne@example.org")
    result = runner.invoke(args=["notifications", "send"])
    assert result.exit_code == 0, result.output
    (row,) = _outbox_rows(db)
    db.session.refresh(row)
    assert row.status == "inert" and row.sent_at is None and row.attempts == 0


def test_deactivated_account_gets_no_link_and_the_same_answer(client, db, make):
    make.user(role=Role.REFERENT, email="old@example.org", password=PASSWORD, active=False)
    response = _request_link(client, "old@example.org")
    assert response.status_code == 302
    assert [(r.status, r.to_address) for r in _outbox_rows(db)] == [("inert", "")]


def _median_durations(first, second, runs=7) -> tuple[float, float]:
    """Median durations of two actions, measured alternately so that a change of load
    on the machine weighs on both alike."""
    durations: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for action, bucket in ((first, durations[0]), (second, durations[1])):
            start = time.perf_counter()
            action()
            bucket.append(time.perf_counter() - start)
    return statistics.median(durations[0]), statistics.median(durations[1])


@pytest.mark.parametrize("app_config", [{"PASSWORD_HASH_METHOD": "pbkdf2:sha256:200000"}])
def test_login_timing_does_not_tell_whether_the_account_exists(client, claire):
    def attempt(email):
        return lambda: client.post("/login", data={"email": email, "password": "mauvais"})

    attempt("warm-up@example.org")()
    known, unknown = _median_durations(
        attempt("claire@example.org"), attempt("personne@example.org"), runs=5
    )
    assert abs(known - unknown) < 0.5 * max(known, unknown)
