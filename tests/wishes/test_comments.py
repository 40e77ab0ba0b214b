"""Comments: posting, editing and deleting one's own within the window, kept in history."""

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from app.models import Comment, CommentRevision, Role
from app.services import comments as services
from app.services.errors import PermissionDenied, ValidationFailed


@pytest.fixture
def posted(make, db):
    """A comment written by a referent just now: near the real clock, so the signed
    session cookie the client holds stays valid while the tests move the clock on."""
    wish = make.wish()
    author = make.user(role=Role.REFERENT, display_name="Claire Dubois")
    with freeze_time(datetime.now(UTC).replace(microsecond=0)):
        comment = services.comment_add(user=author, wish_id=wish.id, body="Première version")
    db.session.commit()
    return comment


def _revisions(db, comment_id):
    return (
        db.session.execute(
            select(CommentRevision)
            .where(CommentRevision.comment_id == comment_id)
            .order_by(CommentRevision.id)
        )
        .scalars()
        .all()
    )


# Services


def test_author_edits_within_the_window_and_the_old_text_is_kept(posted, db):
    with freeze_time(posted.created_at + timedelta(minutes=14)):
        services.comment_edit(user=posted.author, comment_id=posted.id, body="Version corrigée")
    db.session.commit()
    assert posted.body == "Version corrigée"
    assert posted.edited_at is not None
    [revision] = _revisions(db, posted.id)
    assert (revision.kind, revision.body, revision.editor_id) == (
        "edit",
        "Première version",
        posted.author_id,
    )


def test_an_edit_with_the_same_text_records_nothing(posted, db):
    with freeze_time(posted.created_at + timedelta(minutes=1)):
        services.comment_edit(user=posted.author, comment_id=posted.id, body=" Première version ")
    assert posted.edited_at is None
    assert _revisions(db, posted.id) == []


def test_an_empty_edit_is_refused_and_changes_nothing(posted, db):
    with freeze_time(posted.created_at + timedelta(minutes=1)), pytest.raises(ValidationFailed):
        services.comment_edit(user=posted.author, comment_id=posted.id, body="  ")
    db.session.rollback()
    assert db.session.get(Comment, posted.id).body == "Première version"


def test_after_the_window_the_author_is_told_the_delay_has_passed(posted, db):
    with (
        freeze_time(posted.created_at + timedelta(minutes=15)),
        pytest.raises(PermissionDenied) as caught,
    ):
        services.comment_edit(user=posted.author, comment_id=posted.id, body="Trop tard")
    assert "15 minutes" in caught.value.message
    with freeze_time(posted.created_at + timedelta(minutes=15)), pytest.raises(PermissionDenied):
        services.comment_delete(user=posted.author, comment_id=posted.id)


def test_nobody_else_edits_or_deletes_a_comment(posted, make, db):
    for role in (Role.REFERENT, Role.VENDOR, Role.ADMIN):
        other = make.user(role=role)
        with freeze_time(posted.created_at + timedelta(minutes=1)):
            with pytest.raises(PermissionDenied) as caught:
                services.comment_edit(user=other, comment_id=posted.id, body="Pas à moi")
            assert "vos propres commentaires" in caught.value.message
            with pytest.raises(PermissionDenied):
                services.comment_delete(user=other, comment_id=posted.id)
    assert db.session.get(Comment, posted.id).body == "Première version"


def test_deleting_keeps_the_place_and_the_text_in_a_revision(posted, db):
    wish_comments = posted.wish_id
    with freeze_time(posted.created_at + timedelta(minutes=3)):
        services.comment_delete(user=posted.author, comment_id=posted.id)
    db.session.commit()
    assert posted.deleted_at is not None and posted.body == ""
    [revision] = _revisions(db, posted.id)
    assert (revision.kind, revision.body) == ("delete", "Première version")
    assert db.session.get(Comment, posted.id).wish_id == wish_comments
    with freeze_time(posted.created_at + timedelta(minutes=4)), pytest.raises(PermissionDenied):
        services.comment_edit(user=posted.author, comment_id=posted.id, body="Revenu")


@pytest.mark.parametrize("app_config", [{"COMMENT_EDIT_MINUTES": 60}])
def test_the_window_is_a_setting(posted, db, app_config):
    with freeze_time(posted.created_at + timedelta(minutes=59)):
        services.comment_edit(user=posted.author, comment_id=posted.id, body="Encore à temps")
    assert posted.body == "Encore à temps"


def test_initials_for_the_avatar(make):
    assert make.user(display_name="Claire Dubois").initials == "CD"
    assert make.user(display_name="Anne-Marie de la Tour").initials == "AT"
    assert make.user(display_name="Éric").initials == "É"


# Pages


def test_the_thread_shows_initials_territory_and_the_authors_buttons(client, auth, posted, make):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(minutes=5)):
        html = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    assert '<span class="avatar" aria-hidden="true">CD</span>' in html
    assert posted.author.territory.name in html
    assert f"/comments/{posted.id}/edit" in html
    assert f"/comments/{posted.id}/delete" in html
    auth.as_role(Role.REFERENT)
    with freeze_time(posted.created_at + timedelta(minutes=5)):
        html = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    assert f"/comments/{posted.id}/edit" not in html


def test_the_buttons_go_once_the_window_has_passed(client, auth, posted):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(minutes=16)):
        html = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    assert f"/comments/{posted.id}/edit" not in html


def test_editing_without_javascript_goes_through_a_page(client, auth, posted, db):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        page = client.get(f"/comments/{posted.id}/edit")
        assert page.status_code == 200
        assert "Première version" in page.get_data(as_text=True)
        response = client.post(f"/comments/{posted.id}/edit", data={"body": "Corrigé"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#comment-{posted.id}")
    db.session.expire_all()
    assert db.session.get(Comment, posted.id).body == "Corrigé"
    with freeze_time(posted.created_at + timedelta(minutes=3)):
        html = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    assert "Commentaire modifié." in html and "· modifié" in html


def test_the_wish_page_shows_the_edited_text_after_showing_the_first(client, auth, posted):
    auth.login(posted.author)
    first = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        client.post(f"/comments/{posted.id}/edit", data={"body": "Texte **corrigé**"})
        again = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
    assert "<p>Première version</p>" in first
    assert "<p>Texte <strong>corrigé</strong></p>" in again and "Première version" not in again


def test_editing_in_place_answers_the_card_and_announces_it(client, auth, posted):
    auth.login(posted.author)
    headers = {"HX-Request": "true"}
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        form = client.get(f"/comments/{posted.id}/edit", headers=headers).get_data(as_text=True)
        assert f'id="comment-{posted.id}"' in form and f'id="comment-{posted.id}-body"' in form
        answer = client.post(
            f"/comments/{posted.id}/edit",
            data={"body": "Corrigé en place"},
            headers=headers,
        )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Corrigé en place" in html and "<textarea" not in html
    assert 'id="live-region" hx-swap-oob="innerHTML"' in html and "Commentaire modifié." in html
    assert "<html" not in html


def test_an_empty_edit_in_place_keeps_the_form_with_the_error(client, auth, posted, db):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        answer = client.post(
            f"/comments/{posted.id}/edit",
            data={"body": ""},
            headers={"HX-Request": "true"},
        )
    html = answer.get_data(as_text=True)
    assert "<textarea" in html and 'aria-invalid="true"' in html
    assert db.session.get(Comment, posted.id).body == "Première version"


def test_deleting_shows_commentaire_supprime_in_the_thread(client, auth, posted, db):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        response = client.post(f"/comments/{posted.id}/delete")
        assert response.status_code == 302
        html = client.get(f"/wishes/{posted.wish_id}").get_data(as_text=True)
        api = client.get(f"/api/v1/wishes/{posted.wish_id}/comments").get_json()
    assert "Commentaire supprimé" in html
    assert "Première version" not in html
    assert api["items"][0]["deleted"] is True and api["items"][0]["body"] == ""


def test_someone_elses_comment_is_refused_with_a_clear_message(client, auth, posted, db):
    auth.as_role(Role.REFERENT)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        response = client.post(
            f"/comments/{posted.id}/edit",
            data={"body": "Pas à moi"},
            follow_redirects=True,
        )
    assert "que vos propres commentaires" in response.get_data(as_text=True)
    with freeze_time(posted.created_at + timedelta(minutes=2)):
        answer = client.post(f"/comments/{posted.id}/delete", headers={"HX-Request": "true"})
    assert "que vos propres commentaires" in answer.get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Comment, posted.id)
    assert stored.body == "Première version" and stored.deleted_at is None


def test_after_the_window_the_page_says_why(client, auth, posted, db):
    auth.login(posted.author)
    with freeze_time(posted.created_at + timedelta(hours=1)):
        response = client.post(
            f"/comments/{posted.id}/edit",
            data={"body": "Trop tard"},
            follow_redirects=True,
        )
    assert "ce délai est passé" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Comment, posted.id).body == "Première version"


def test_visitors_and_unknown_comments(client, auth, posted):
    assert client.get(f"/comments/{posted.id}/edit").status_code in (302, 401)
    auth.as_role(Role.REFERENT)
    assert client.get("/comments/999999/edit").status_code == 404
    assert client.post("/comments/999999/delete").status_code == 404


def test_the_thread_costs_the_same_queries_whatever_the_number_of_comments(
    client, auth, make, db, count_queries
):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    services.comment_add(user=make.user(), wish_id=wish.id, body="Un")
    db.session.commit()
    with count_queries() as few:
        client.get(f"/wishes/{wish.id}")
    for i in range(6):
        services.comment_add(user=make.user(), wish_id=wish.id, body=f"Encore {i}")
    db.session.commit()
    with count_queries() as many:
        client.get(f"/wishes/{wish.id}")
    assert many.count == few.count
