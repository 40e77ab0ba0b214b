import pytest

from app.models import Category, Product, Role
from app.selectors import catalog as catalog_selectors


@pytest.fixture
def admin(auth):
    return auth.as_role(Role.ADMIN)


def test_admin_creates_a_product_placed_last(client, admin, make, db):
    make.product(position=3)
    response = client.post(
        "/admin/products/new",
        data={"name": "Addock", "slug": "addock", "description": "Distribution"},
    )
    assert response.status_code == 302
    product = db.session.query(Product).filter_by(slug="addock").one()
    assert product.position == 4 and product.description == "Distribution"


def test_admin_creates_a_category(client, admin, db):
    client.post("/admin/categories/new", data={"name": "Tarifs", "slug": "tarifs"})
    assert db.session.query(Category).filter_by(slug="tarifs").one().name == "Tarifs"


def test_invalid_product_is_not_saved(client, admin, make, db):
    make.product(name="Open Pro", slug="open-pro")
    html = client.post("/admin/products/new", data={"name": "Open Pro", "slug": "autre"}).get_data(
        as_text=True
    )
    assert "Ce nom est déjà utilisé." in html
    assert db.session.query(Product).count() == 1


def test_admin_edits_a_category(client, admin, make, db):
    category = make.category(name="Passerelle", slug="passerelle")
    client.post(
        f"/admin/categories/{category.id}", data={"name": "Passerelles SIT", "slug": "passerelles"}
    )
    db.session.refresh(category)
    assert (category.name, category.slug) == ("Passerelles SIT", "passerelles")


def test_reorder_moves_one_place(client, admin, make, db):
    first = make.category(name="A", position=0)
    second = make.category(name="B", position=1)
    third = make.category(name="C", position=2)
    client.post(f"/admin/categories/{third.id}/move", data={"direction": "up"})
    names = [c.name for c in catalog_selectors.active_categories()]
    assert names == ["A", "C", "B"]
    client.post(f"/admin/categories/{first.id}/move", data={"direction": "up"})  # already first
    assert [c.name for c in catalog_selectors.active_categories()] == ["A", "C", "B"]
    assert second.id


def test_deactivated_product_leaves_choices_but_keeps_wishes(client, admin, make, db):
    product = make.product(name="Ancien module")
    wish = make.wish(product=product)
    client.post(f"/admin/products/{product.id}/active", data={"active": "0"})
    assert product.id not in [p.id for p in catalog_selectors.active_products()]
    db.session.refresh(wish)
    assert wish.product_id == product.id
    assert "Ancien module" in client.get("/admin/products").get_data(as_text=True)


# --- the ticket tracker's address per product ----------------------------------------


def test_admin_sets_a_ticket_url_pattern(client, admin, make, db):
    product = make.product(name="Open Pro", slug="open-pro")
    client.post(
        f"/admin/products/{product.id}",
        data={
            "name": "Open Pro",
            "slug": "open-pro",
            "ticket_url_pattern": " https://tracker.example/browse/{ref} ",
        },
    )
    db.session.refresh(product)
    assert product.ticket_url_pattern == "https://tracker.example/browse/{ref}"
    assert product.ticket_url("OP-12") == "https://tracker.example/browse/OP-12"
    assert product.ticket_url("a b/c") == "https://tracker.example/browse/a%20b%2Fc"


@pytest.mark.parametrize(
    "pattern",
    [
        "tracker.example/browse/{ref}",  # no scheme
        "javascript:alert(1)//{ref}",
        "https://tracker.example/browse/",  # no {ref}
        "https://tracker.example/{ref}/{ref}",
        "https://tracker.example/{id}?r={ref}",
        "https://tracker.example/browse/ {ref}",
    ],
)
@pytest.mark.parametrize(
    ("locale", "message"),
    [("fr", "Le produit n&#39;a pas été enregistré."), ("en", "The product was not saved.")],
)
def test_invalid_ticket_url_pattern_is_refused(client, auth, make, db, pattern, locale, message):
    auth.as_role(Role.ADMIN, locale=locale)
    product = make.product(name="Open Pro", slug="open-pro")
    response = client.post(
        f"/admin/products/{product.id}",
        data={"name": "Open Pro", "slug": "open-pro", "ticket_url_pattern": pattern},
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="ticket_url_pattern-error"' in html and message in html
    db.session.refresh(product)
    assert product.ticket_url_pattern is None


@pytest.mark.parametrize(
    ("locale", "message"),
    [
        ("fr", "L&#39;adresse doit contenir {ref} une fois"),
        ("en", "The address must contain {ref} once"),
    ],
)
def test_ticket_url_pattern_error_says_what_is_wrong(client, auth, make, locale, message):
    auth.as_role(Role.ADMIN, locale=locale)
    product = make.product(name="Open Pro", slug="open-pro")
    html = client.post(
        f"/admin/products/{product.id}",
        data={"name": "Open Pro", "slug": "open-pro", "ticket_url_pattern": "https://t.example/"},
    ).get_data(as_text=True)
    assert message in html


def test_categories_have_no_ticket_url_pattern(client, admin, make):
    category = make.category()
    html = client.get(f"/admin/categories/{category.id}").get_data(as_text=True)
    assert "ticket_url_pattern" not in html
    product = make.product()
    assert 'name="ticket_url_pattern"' in client.get(f"/admin/products/{product.id}").get_data(
        as_text=True
    )
