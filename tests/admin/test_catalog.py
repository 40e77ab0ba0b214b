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
