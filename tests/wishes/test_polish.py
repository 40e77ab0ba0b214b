from app.models import Comment, Role


def test_invalid_comment_keeps_the_typed_text(client, auth, make, db):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    typed = "Très long commentaire " + "x" * 10_000
    response = client.post(f"/wishes/{wish.id}/comments", data={"body": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert typed in html
    assert "10 000 caractères au plus." in html
    assert 'aria-invalid="true"' in html
    assert db.session.query(Comment).count() == 0


def test_empty_comment_shows_error_next_to_field(client, auth, make, db):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    html = client.post(f"/wishes/{wish.id}/comments", data={"body": "   "}).get_data(as_text=True)
    assert 'id="body-error"' in html and "Écrivez un commentaire." in html
    assert db.session.query(Comment).count() == 0


def test_valid_comment_still_redirects(client, auth, make, db):
    wish = make.wish()
    auth.as_role(Role.CLUB_MEMBER)
    response = client.post(f"/wishes/{wish.id}/comments", data={"body": "Bonne idée"})
    assert response.status_code == 302
    assert db.session.query(Comment).one().body == "Bonne idée"


def test_filing_form_is_labelled_and_focuses_first_error(client, auth, make):
    make.product()
    make.category()
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes/new").get_data(as_text=True)
    for name in ("title", "body", "product", "category", "providers_asking"):
        assert f'<label for="{name}"' in html
    assert 'type="submit"' in html
    html = client.post(
        "/wishes/new", data={"title": "Un titre correct", "product": 0, "category": 0}
    ).get_data(as_text=True)
    assert 'role="alert"' in html and 'href="#product"' in html
    import re

    product_tag = re.search(r"<select[^>]*\bid=\"product\"[^>]*>", html).group(0)
    assert "autofocus" in product_tag
    title_tag = re.search(r"<input[^>]*\bid=\"title\"[^>]*>", html).group(0)
    assert "autofocus" not in title_tag
    assert 'value="Un titre correct"' in html


def test_a_search_keeps_its_relevance_order_when_the_form_is_sent_again(client, auth, make):
    make.wish(title="Tarification par saison")
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes?q=tarifs").get_data(as_text=True)
    assert '<option value="relevance" selected>Pertinence</option>' in html


def test_relevance_is_offered_only_with_a_search(client, auth, make):
    make.wish()
    auth.as_role(Role.REFERENT)
    assert 'value="relevance"' not in client.get("/wishes").get_data(as_text=True)


def test_a_page_past_the_end_says_so_and_leads_back(client, auth, make):
    make.wish(title="Tarification par saison")
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes?q=tarifs&page=9").get_data(as_text=True)
    assert "Cette page est au-delà de la fin de la liste." in html
    assert 'href="/wishes?q=tarifs"' in html
    assert "Aucun souhait ne correspond" not in html
    assert "Déposer le premier souhait" not in html
