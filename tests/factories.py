"""Test data factories: each call makes a valid object with unique names."""

from __future__ import annotations

import itertools
from typing import Any

from app.models import (
    Category,
    Club,
    ClubMembership,
    Product,
    Role,
    Territory,
    User,
    Wish,
)
from app.services import activity
from app.services import roadmap as roadmap_services
from app.services import votes as vote_services
from app.services import wishes as wish_services

_seq = itertools.count(1)


class Factory:
    def __init__(self, db):
        self.db = db

    def _save(self, obj):
        self.db.session.add(obj)
        self.db.session.commit()
        return obj

    def territory(self, **kw: Any) -> Territory:
        n = next(_seq)
        values = {
            "name": f"Territoire {n}",
            "slug": f"territoire-{n}",
            "kind": "ADT",
            "region": "Auvergne-Rhône-Alpes",
            "department_code": "26",
            "sit": "Apidae",
            "providers_count": 100,
            "joined_year": 2010,
        }
        values.update(kw)
        return self._save(Territory(**values))

    def club(self, territories: list[Territory] = (), **kw: Any) -> Club:
        n = next(_seq)
        values = {"name": f"Club {n}", "slug": f"club-{n}"}
        values.update(kw)
        club = self._save(Club(**values))
        for territory in territories:
            self.db.session.add(ClubMembership(club_id=club.id, territory_id=territory.id))
        self.db.session.commit()
        return club

    def product(self, **kw: Any) -> Product:
        n = next(_seq)
        values = {"name": f"Produit {n}", "slug": f"produit-{n}"}
        values.update(kw)
        return self._save(Product(**values))

    def category(self, **kw: Any) -> Category:
        n = next(_seq)
        values = {"name": f"Catégorie {n}", "slug": f"categorie-{n}"}
        values.update(kw)
        return self._save(Category(**values))

    def user(
        self, role: str = Role.REFERENT, territory: Territory | None = None, **kw: Any
    ) -> User:
        n = next(_seq)
        if territory is None and role == Role.REFERENT:
            territory = self.territory()
        values = {
            "email": f"user{n}@example.org",
            "display_name": f"Utilisateur {n}",
            "role": role,
            "territory_id": territory.id if territory else None,
            "password_hash": "",
        }
        password = kw.pop("password", None)
        values.update(kw)
        user = User(**values)
        if password:
            from app.services.accounts import hash_password

            user.password_hash = hash_password(password)
        return self._save(user)

    def wish(
        self,
        author: User | None = None,
        product: Product | None = None,
        category: Category | None = None,
        territory: Territory | None = None,
        supporters: list[Territory] = (),
        **kw: Any,
    ) -> Wish:
        n = next(_seq)
        if author is None:
            author = self.user(role=Role.REFERENT, territory=territory)
        wish = wish_services.wish_create(
            author=author,
            title=kw.pop("title", f"Souhait numéro {n}"),
            body=kw.pop("body", "Une description."),
            product_id=(product or self.product()).id,
            category_id=(category or self.category()).id,
            territory_id=(territory.id if territory else None)
            if author.role != Role.REFERENT
            else None,
            providers_asking=kw.pop("providers_asking", None),
            supporter_territory_ids=[t.id for t in supporters] if author.is_staff else (),
        )
        if supporters and not author.is_staff:  # support recorded on the territories' behalf
            for other in supporters:
                if other.id != wish.territory_id:
                    self.db.session.add(vote_services.behalf_vote(wish.id, other.id, author))
            self.db.session.flush()
            vote_services.recount_support(wish.id)
        for key, value in kw.items():
            setattr(wish, key, value)
        # Rows set directly above bypass the services: recount the map's counters.
        activity.rebuild()
        self.db.session.commit()
        return wish


class RoadmapMaker:
    """Roadmap items made through the services, linked and moved as the vendor would."""

    def __init__(self, db, make):
        self.db = db
        self.make = make
        self._vendor = None

    @property
    def vendor(self):
        if self._vendor is None:
            self._vendor = self.make.user(role=Role.VENDOR, display_name="Éditeur test")
        return self._vendor

    def item(self, title="Élément", wishes=(), status=None, shipped_on=None, release=None, **kw):
        item = roadmap_services.roadmap_item_create(actor=self.vendor, title=title, **kw)
        for wish in wishes:
            roadmap_services.wish_link(actor=self.vendor, item_id=item.id, wish_id=wish.id)
        if status:
            roadmap_services.roadmap_item_set_status(
                actor=self.vendor,
                item_id=item.id,
                status=status,
                shipped_on=shipped_on or ("2024-06-01" if status == "shipped" else None),
                release=release or ("Open Pro 2024.3" if status == "shipped" else None),
            )
        self.db.session.commit()
        return item
