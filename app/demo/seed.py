"""``seed demo``: builds the demo data set; running it twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update

from app import models
from app.demo import data
from app.demo.timeline import DemoTimeline
from app.extensions import db
from app.models.territory import TERRITORY_FIELDS
from app.search.index import install_thesaurus
from app.services import accounts, activity
from app.services import comments as comment_services
from app.services import votes as vote_services
from app.services import wishes as wish_services


def row_marks() -> tuple[int, int]:
    """The newest history line and notification so far (see :func:`date_new_rows`)."""
    db.session.flush()
    return (
        db.session.execute(select(func.max(models.StatusChange.id))).scalar() or 0,
        db.session.execute(select(func.max(models.Notification.id))).scalar() or 0,
    )


def date_new_rows(marks: tuple[int, int], when: datetime) -> None:
    """Dates the history lines and notifications written since ``marks`` at ``when``:
    services stamp them with the clock, the demo places them on its timeline."""
    db.session.flush()
    db.session.execute(
        update(models.StatusChange)
        .where(models.StatusChange.id > marks[0])
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(models.Notification)
        .where(models.Notification.id > marks[1])
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )


def creation_dates(timeline: DemoTimeline) -> dict[str, datetime]:
    """When each demo wish was filed: at the Rencontre for the workshops' wishes, before
    it for those the vendor's answer covers, and spread until a few weeks ago for the
    others."""
    from app.demo.roadmap import ITEMS

    dates: dict[str, datetime] = {}
    at_rencontre = [t for titles in DEMO_WORKSHOPS.values() for t in titles]
    for position, title in enumerate(at_rencontre):
        dates[title] = timeline.workshop_wish_created(position)
    answered = {t for item in ITEMS for t in item[6]} - set(dates)
    others = [w[0] for w in data.WISHES if w[0] not in dates and w[0] not in answered]
    before = [w[0] for w in data.WISHES if w[0] in answered]
    for position, title in enumerate(before):
        dates[title] = timeline.wish_created_before_rencontre(position, len(before))
    for position, title in enumerate(others):
        dates[title] = timeline.wish_created(position, len(others))
    return dates


def _by_slug(model, slug):
    return db.session.execute(select(model).where(model.slug == slug)).scalar_one_or_none()


def seed_territories() -> dict[str, models.Territory]:
    result = {}
    for row in data.TERRITORIES:
        values = dict(zip(TERRITORY_FIELDS, row, strict=True))
        territory = _by_slug(models.Territory, values["slug"])
        if territory is None:
            territory = models.Territory(**values)
            db.session.add(territory)
        result[territory.slug] = territory
    db.session.flush()
    return result


def seed_clubs(territories: dict[str, models.Territory]) -> dict[str, models.Club]:
    result = {}
    for name, slug, host, description, members in data.CLUBS:
        club = _by_slug(models.Club, slug)
        if club is None:
            club = models.Club(
                name=name, slug=slug, description=description, host_territory=territories[host]
            )
            db.session.add(club)
            db.session.flush()
            for member in members:
                db.session.add(
                    models.ClubMembership(club_id=club.id, territory_id=territories[member].id)
                )
        result[slug] = club
    db.session.flush()
    return result


def seed_catalog() -> tuple[dict[str, models.Product], dict[str, models.Category]]:
    products, categories = {}, {}
    for position, (name, slug, description) in enumerate(data.PRODUCTS):
        product = _by_slug(models.Product, slug)
        if product is None:
            product = models.Product(
                name=name, slug=slug, description=description, position=position
            )
            db.session.add(product)
        products[slug] = product
    for position, (name, slug) in enumerate(data.CATEGORIES):
        category = _by_slug(models.Category, slug)
        if category is None:
            category = models.Category(name=name, slug=slug, position=position)
            db.session.add(category)
        categories[slug] = category
    db.session.flush()
    return products, categories


def seed_users(territories, clubs) -> dict[str, models.User]:
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


def seed_wishes(territories, products, categories, users, timeline) -> dict[str, models.Wish]:
    vendor = users["editeur@demo.example.org"]
    dates = creation_dates(timeline)
    referents = {u.territory.slug: u for u in users.values() if u.role == models.Role.REFERENT}
    result = {}
    for title, product, category, filer, supporters, providers, body in data.WISHES:
        wish = db.session.execute(
            select(models.Wish).where(models.Wish.title == title)
        ).scalar_one_or_none()
        if wish is None:
            author = referents.get(filer, vendor)
            marks = row_marks()
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
                    vote_services.vote_add(user=referents[slug], wish_id=wish.id)
                else:  # support heard at a meeting, recorded by the vendor
                    vote_services.vote_add_on_behalf(
                        recorder=vendor, wish_id=wish.id, territory_id=territories[slug].id
                    )
            created = dates[title]
            wish.created_at = created
            wish.updated_at = created
            date_new_rows(marks, created)
            db.session.execute(
                update(models.Vote)
                .where(models.Vote.wish_id == wish.id)
                .values(created_at=timeline.clamp(created + timedelta(days=2)))
                .execution_options(synchronize_session=False)
            )
        result[title] = wish
    db.session.flush()
    return result


RECENT_COMMENTS = 4


def seed_comments(wishes, users, timeline) -> None:
    recent = len(data.COMMENTS) - RECENT_COMMENTS
    for position, (title, email, body) in enumerate(data.COMMENTS):
        wish = wishes[title]
        author = users[email]
        exists = db.session.execute(
            select(models.Comment.id).where(
                models.Comment.wish_id == wish.id,
                models.Comment.author_id == author.id,
                models.Comment.body == body,
            )
        ).first()
        if exists is None:
            marks = row_marks()
            comment = comment_services.comment_add(user=author, wish_id=wish.id, body=body)
            when = wish.created_at + timedelta(days=5)
            if position >= recent:
                # The discussion goes on: the last comments were written in the last weeks.
                when = max(when, timeline.now - timedelta(days=3 + 6 * (position - recent)))
            comment.created_at = timeline.clamp(when)
            date_new_rows(marks, comment.created_at)
    db.session.flush()


def seed_demo(today: date | None = None) -> dict[str, int]:
    """Create what is missing of the demo data set, dated relative to ``today`` (the day
    it runs); returns counts of what exists."""
    timeline = DemoTimeline.for_today(today)
    territories = seed_territories()
    clubs = seed_clubs(territories)
    products, categories = seed_catalog()
    users = seed_users(territories, clubs)
    wishes = seed_wishes(territories, products, categories, users, timeline)
    seed_comments(wishes, users, timeline)
    for extend in EXTENSIONS:
        extend(
            territories=territories,
            users=users,
            wishes=wishes,
            products=products,
            timeline=timeline,
        )
    install_thesaurus(db.session.connection())
    settle_timeline(timeline)
    # Some demo rows are written directly (dates, imported history): recount the map.
    activity.rebuild()
    db.session.flush()
    return {
        "territories": len(territories),
        "clubs": len(clubs),
        "users": len(users),
        "wishes": len(wishes),
    }


# Unread notifications a fresh demo account starts with, at most.
UNREAD_PER_ACCOUNT = 5


def settle_timeline(timeline: DemoTimeline) -> None:
    """Last touches once everything is written: a wish was updated when its latest history
    line was; notifications older than three weeks were read when they were a week old,
    and no account has more than ``UNREAD_PER_ACCOUNT`` unread."""
    latest = (
        select(func.max(models.StatusChange.created_at))
        .where(models.StatusChange.wish_id == models.Wish.id)
        .scalar_subquery()
    )
    db.session.execute(
        update(models.Wish)
        .values(updated_at=func.coalesce(latest, models.Wish.created_at))
        .execution_options(synchronize_session=False)
    )
    old = timeline.old_notifications_before
    for notification in db.session.execute(
        select(models.Notification).where(
            models.Notification.read_at.is_(None), models.Notification.created_at < old
        )
    ).scalars():
        notification.read_at = min(notification.created_at + timedelta(days=7), old)
    # A fresh account shows a few recent news, not a wall: past the newest few, each
    # account read its notifications the day after they came.
    unread: dict[int, int] = {}
    for notification in db.session.execute(
        select(models.Notification)
        .where(models.Notification.read_at.is_(None))
        .order_by(models.Notification.created_at.desc(), models.Notification.id.desc())
    ).scalars():
        unread[notification.user_id] = unread.get(notification.user_id, 0) + 1
        if unread[notification.user_id] > UNREAD_PER_ACCOUNT:
            notification.read_at = timeline.clamp(notification.created_at + timedelta(days=1))
    db.session.flush()


def demo_event(timeline: DemoTimeline) -> dict:
    return {
        "slug": f"rencontre-nationale-{timeline.year}",
        "name": f"Rencontre nationale {timeline.year}",
        "location": "Orléans",
        "starts_on": timeline.rencontre_start,
        "ends_on": timeline.rencontre_end,
        "description": DEMO_EVENT_DESCRIPTION,
    }


DEMO_EVENT_DESCRIPTION = (
    "Première rencontre nationale des territoires, accueillie par le référent régional "
    "du CRT Centre-Val de Loire : une trentaine de territoires, des ateliers par thème "
    "et une restitution à l'éditeur en fin de journée. (Données de démonstration.)"
)
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


def seed_demo_event(
    *, wishes: dict[str, models.Wish], timeline: DemoTimeline | None = None, **_ignored
) -> None:
    """The Orléans meeting with its workshops, where the workshops' wishes were written;
    idempotent."""
    from app.services.events import slugify

    details = demo_event(timeline or DemoTimeline.for_today())
    event = _by_slug(models.Event, details["slug"])
    if event is None:
        event = models.Event(**details)
        db.session.add(event)
        db.session.flush()
    existing = {
        w.slug: w
        for w in db.session.execute(
            select(models.Workshop).where(models.Workshop.event_id == event.id)
        ).scalars()
    }
    for position, (title, wish_titles) in enumerate(DEMO_WORKSHOPS.items()):
        workshop = existing.get(slugify(title))
        if workshop is None:
            workshop = models.Workshop(
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


# Features add their demo data here (roadmap, events…): callables taking keyword arguments
# (``territories``, ``users``, ``wishes``, ``products`` and the ``timeline`` every date
# comes from; accept ``**kwargs`` for those added later).
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
