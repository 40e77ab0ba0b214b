"""Demo co-funding: a gateway fully funded by three Auvergne-Rhône-Alpes territories and
confirmed by the vendor, and a gift-voucher module still being funded. Idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Notification, Pledge, RoadmapItem, Role, StatusChange, User
from app.services import funding as funding_services
from app.services import roadmap as roadmap_services

# Dates follow the demo's clock (its timeline's "now" when the seed passes one, else
# today): the first item was offered about two months ago and confirmed since, the
# second a month and a half ago; deadlines in days after the offer.
# title, product slug, target (quarters from now), description, goal, deadline (days),
# pledges, confirmed
ITEMS = [
    (
        "Passerelle Apidae : disponibilités en temps réel dans les fiches",
        "passerelles-sit",
        2,
        "Les disponibilités d'Open System poussées dans les fiches Apidae, pour que les "
        "sites des territoires affichent ce qui est réservable. Développement spécifique "
        "cofinancé par les territoires qui utilisent Apidae.",
        18_000,
        40,
        [("drome", 7_500), ("isere", 5_500), ("lac-annecy", 5_000)],
        True,
    ),
    (
        "Bons cadeaux à l'échelle du territoire dans Addock",
        "addock",
        4,
        "Un bon cadeau valable chez tous les prestataires d'un territoire, vendu à "
        "l'office de tourisme et en ligne. Le devis est partagé entre les territoires "
        "intéressés.",
        24_000,
        260,
        [("drome", 4_000), ("manche", 3_500), ("finistere", 3_000)],
        False,
    ),
]
OFFERED_DAYS_AGO = 65


def _date_new_history(before: int, when: datetime) -> None:
    db.session.execute(
        update(StatusChange)
        .where(StatusChange.id > before, StatusChange.roadmap_item_id.is_not(None))
        .values(created_at=when)
        .execution_options(synchronize_session=False)
    )


def _last_history_id() -> int:
    last = select(StatusChange.id).order_by(StatusChange.id.desc()).limit(1)
    return db.session.execute(last).scalar() or 0


def _target(when: datetime, quarters: int) -> str:
    """The quarter ``quarters`` after the one of ``when``, as ``YYYY-Tn``."""
    index = when.year * 4 + (when.month - 1) // 3 + quarters
    return f"{index // 4}-T{index % 4 + 1}"


def _now(timeline) -> datetime:
    now = getattr(timeline, "now", None)
    if isinstance(now, datetime):
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    if isinstance(now, date):
        return datetime.combine(now, datetime.min.time(), tzinfo=UTC)
    return datetime.now(UTC)


def seed_funding(*, users: dict[str, User], products, territories, timeline=None, **_kw) -> None:
    start = (_now(timeline) - timedelta(days=OFFERED_DAYS_AGO)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    vendor = users["editeur@demo.example.org"]
    admin = users["admin@demo.example.org"]
    referents = {
        u.territory.slug: u for u in users.values() if u.role == Role.REFERENT and u.territory
    }
    existing = set(
        db.session.execute(
            select(RoadmapItem.title).where(RoadmapItem.title.in_([i[0] for i in ITEMS]))
        ).scalars()
    )
    for index, (title, product, target, text, goal, deadline, pledges, confirm) in enumerate(ITEMS):
        if title in existing:
            continue
        when = start + timedelta(days=20 * index)
        before = _last_history_id()
        item = roadmap_services.roadmap_item_create(
            actor=vendor,
            title=title,
            description=text,
            product_id=products[product].id if product in products else None,
            target=_target(when, target),
            status="considering",
        )
        item.created_at = when
        # The deadline may be past by now: it is set once the demo's pledges are in.
        funding_services.funding_set_goal(actor=vendor, item_id=item.id, goal=goal)
        db.session.flush()
        _date_new_history(before, when)
        for step, (slug, amount) in enumerate(pledges, start=1):
            if slug not in territories:
                continue
            at = when + timedelta(days=6 * step, hours=step)
            before = _last_history_id()
            # Pledged before the deadline, at the time the history says.
            with _at(at, item.id):
                funding_services.pledge_set(
                    actor=referents.get(slug, admin),
                    item_id=item.id,
                    territory_slug=slug,
                    amount=amount,
                )
            db.session.flush()
            _date_new_history(before, at)
        before = _last_history_id()
        funding_services.funding_set_goal(
            actor=vendor, item_id=item.id, deadline=(when + timedelta(days=deadline)).date()
        )
        db.session.flush()
        _date_new_history(before, when + timedelta(days=1))
        if confirm:
            at = when + timedelta(days=30)
            before = _last_history_id()
            with _at(at, item.id):
                funding_services.funding_confirm(actor=vendor, item_id=item.id)
                roadmap_services.roadmap_item_set_status(
                    actor=vendor, item_id=item.id, status="planned", note="Financement réuni."
                )
            db.session.flush()
            _date_new_history(before, at)
    db.session.flush()


class _at:
    """Dates written by the services (pledges, reached and confirmed times, the
    notifications) fall on ``when`` rather than on the day the demo is seeded."""

    def __init__(self, when: datetime, item_id: int):
        self.when = when
        self.item_id = item_id

    def __enter__(self):
        self.pledges = _max_id(Pledge)
        self.notifications = _max_id(Notification)

    def __exit__(self, *exc):
        if exc[0] is not None:
            return
        db.session.flush()
        for model, after in ((Pledge, self.pledges), (Notification, self.notifications)):
            values = {"created_at": self.when}
            if model is Pledge:
                values["updated_at"] = self.when
            db.session.execute(
                update(model)
                .where(model.id > after)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        db.session.execute(
            update(RoadmapItem)
            .where(RoadmapItem.id == self.item_id, RoadmapItem.funding_reached_at > self.when)
            .values(funding_reached_at=self.when)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(RoadmapItem)
            .where(RoadmapItem.id == self.item_id, RoadmapItem.funding_confirmed_at > self.when)
            .values(funding_confirmed_at=self.when)
            .execution_options(synchronize_session=False)
        )


def _max_id(model) -> int:
    return db.session.execute(select(model.id).order_by(model.id.desc()).limit(1)).scalar() or 0
