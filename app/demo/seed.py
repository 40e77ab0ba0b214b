"""``seed demo``: builds the demo data set; running it twice changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from app.demo import data
from app.extensions import db
from app.models import (
    Category,
    Club,
    ClubMembership,
    Comment,
    Event,
    Product,
    Role,
    StatusChange,
    Territory,
    User,
    Wish,
    Workshop,
)
from app.search.index import install_thesaurus
from app.services import accounts
from app.services import wishes as wish_services

DEMO_EPOCH = datetime(2023, 4, 5, 9, 0, tzinfo=UTC)


def _by_slug(model, slug):
    return db.session.execute(select(model).where(model.slug == slug)).scalar_one_or_none()


def seed_territories() -> dict[str, Territory]:
    result = {}
    for name, slug, kind, region, dept, sit, providers, joined in data.TERRITORIES:
        territory = _by_slug(Territory, slug)
        if territory is None:
            territory = Territory(
                name=name,
                slug=slug,
                kind=kind,
                region=region,
                department_code=dept,
                sit=sit,
                providers_count=providers,
                joined_year=joined,
            )
            db.session.add(territory)
        result[slug] = territory
    db.session.flush()
    return result


def seed_clubs(territories: dict[str, Territory]) -> dict[str, Club]:
    result = {}
    for name, slug, host, description, members in data.CLUBS:
        club = _by_slug(Club, slug)
        if club is None:
            club = Club(
                name=name, slug=slug, description=description, host_territory=territories[host]
            )
            db.session.add(club)
            db.session.flush()
            for member in members:
                db.session.add(ClubMembership(club_id=club.id, territory_id=territories[member].id))
        result[slug] = club
    db.session.flush()
    return result


def seed_catalog() -> tuple[dict[str, Product], dict[str, Category]]:
    products, categories = {}, {}
    for position, (name, slug, description) in enumerate(data.PRODUCTS):
        product = _by_slug(Product, slug)
        if product is None:
            product = Product(name=name, slug=slug, description=description, position=position)
            db.session.add(product)
        products[slug] = product
    for position, (name, slug) in enumerate(data.CATEGORIES):
        category = _by_slug(Category, slug)
        if category is None:
            category = Category(name=name, slug=slug, position=position)
            db.session.add(category)
        categories[slug] = category
    db.session.flush()
    return products, categories


def seed_users(territories, clubs) -> dict[str, User]:
    result = {}
    for email, name, role, territory_slug, club_slug in data.USERS:
        user = accounts.find_user_by_email(email)
        if user is None:
            user = accounts.user_create(
                email=email,
                display_name=name,
                role=role,
                password=data.DEMO_PASSWORD,
                territory_id=territories[territory_slug].id if territory_slug else None,
                club_id=clubs[club_slug].id if club_slug else None,
            )
        result[email] = user
    return result


def seed_wishes(territories, products, categories, users) -> dict[str, Wish]:
    vendor = users["editeur@demo.example.org"]
    referents = {u.territory.slug: u for u in users.values() if u.role == Role.REFERENT}
    result = {}
    for index, (title, product, category, filer, supporters, providers, body) in enumerate(
        data.WISHES
    ):
        wish = db.session.execute(select(Wish).where(Wish.title == title)).scalar_one_or_none()
        if wish is None:
            author = referents.get(filer, vendor)
            wish = wish_services.wish_create(
                author=author,
                title=title,
                body=body,
                product_id=products[product].id,
                category_id=categories[category].id,
                territory_id=territories[filer].id,
                providers_asking=providers,
            )
            for slug in supporters:
                if slug in referents:
                    wish_services.vote_add(user=referents[slug], wish_id=wish.id)
                else:  # support heard at a meeting, recorded by the vendor
                    wish_services.vote_add_on_behalf(
                        recorder=vendor, wish_id=wish.id, territory_id=territories[slug].id
                    )
            created = DEMO_EPOCH + timedelta(days=17 * index, hours=index % 7)
            wish.created_at = created
            wish.updated_at = created + timedelta(days=3)
            db.session.execute(
                update(StatusChange)
                .where(StatusChange.wish_id == wish.id, StatusChange.kind == "created")
                .values(created_at=created)
            )
        result[title] = wish
    db.session.flush()
    return result


def seed_comments(wishes, users) -> None:
    for title, email, body in data.COMMENTS:
        wish = wishes[title]
        author = users[email]
        exists = db.session.execute(
            select(Comment.id).where(
                Comment.wish_id == wish.id, Comment.author_id == author.id, Comment.body == body
            )
        ).first()
        if exists is None:
            comment = wish_services.comment_add(user=author, wish_id=wish.id, body=body)
            comment.created_at = wish.created_at + timedelta(days=5)
    db.session.flush()


def seed_demo() -> dict[str, int]:
    """Create what is missing of the demo data set; returns counts of what exists."""
    territories = seed_territories()
    clubs = seed_clubs(territories)
    products, categories = seed_catalog()
    users = seed_users(territories, clubs)
    wishes = seed_wishes(territories, products, categories, users)
    seed_comments(wishes, users)
    for extend in EXTENSIONS:
        extend(territories=territories, users=users, wishes=wishes, products=products)
    install_thesaurus(db.session.connection())
    db.session.flush()
    return {
        "territories": len(territories),
        "clubs": len(clubs),
        "users": len(users),
        "wishes": len(wishes),
    }


DEMO_EVENT = {
    "slug": "rencontre-nationale-2023",
    "name": "Rencontre nationale 2023",
    "location": "Orléans",
    "starts_on": date(2023, 4, 4),
    "ends_on": date(2023, 4, 5),
    "description": (
        "Première rencontre nationale des territoires, accueillie par le référent régional "
        "du CRT Centre-Val de Loire : une trentaine de territoires, des ateliers par thème "
        "et une restitution à l'éditeur en fin de journée. (Données de démonstration.)"
    ),
}
# workshop title → titles of the demo wishes written down there
DEMO_WORKSHOPS = {
    "Tarification": [
        "Tarification par saison dans Open Pro",
        "Copier une grille tarifaire d'une saison à la suivante",
        "Réductions selon la durée du séjour",
    ],
    "Passerelles SIT": [
        "Passerelle Apidae vers Open Pro (descriptifs et photos)",
        "Disponibilités Tourinsoft vers les fiches SIT",
    ],
    "Addock et distribution": [
        "Vendre l'offre d'un prestataire voisin au comptoir de l'office",
        "Bons cadeaux multi-prestataires à l'échelle du territoire",
    ],
    "Activités": [
        "Calendrier public des activités du mois",
        "Créneaux récurrents saisis une seule fois",
    ],
}


def seed_demo_event(*, wishes: dict[str, Wish], **_ignored) -> None:
    """The Orléans meeting of April 2023 with its workshops; idempotent."""
    from app.services.events import slugify

    event = _by_slug(Event, DEMO_EVENT["slug"])
    if event is None:
        event = Event(**DEMO_EVENT)
        db.session.add(event)
        db.session.flush()
    existing = {
        w.slug: w
        for w in db.session.execute(select(Workshop).where(Workshop.event_id == event.id)).scalars()
    }
    for position, (title, wish_titles) in enumerate(DEMO_WORKSHOPS.items()):
        workshop = existing.get(slugify(title))
        if workshop is None:
            workshop = Workshop(
                event_id=event.id, title=title, slug=slugify(title), position=position
            )
            db.session.add(workshop)
            db.session.flush()
        for wish_title in wish_titles:
            wish = wishes.get(wish_title)
            if wish is not None and wish.event_id is None:
                wish.event_id = event.id
                wish.workshop_id = workshop.id
    db.session.flush()


# Features add their demo data here (roadmap, events…): callables taking keyword arguments.
EXTENSIONS: list = [seed_demo_event]


def _roadmap_extension(**kwargs) -> None:
    from app.demo.roadmap import seed_roadmap

    seed_roadmap(**kwargs)


EXTENSIONS.append(_roadmap_extension)


def _funding_extension(**kwargs) -> None:
    from app.demo.funding import seed_funding

    seed_funding(**kwargs)


EXTENSIONS.append(_funding_extension)


def _rencontre_extension(**kwargs) -> None:
    from app.demo.rencontre import seed_rencontre

    seed_rencontre(**kwargs)


EXTENSIONS.append(_rencontre_extension)
