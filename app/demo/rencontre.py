"""Demo of the Rencontre cycle, dated by the demo's timeline: the last meeting's dots in
its four workshops, the frozen restitution, the vendor's answers for the following year
(published on the timeline's answer day), and the next meeting in preparation in Annecy. Deliveries come from the demo roadmap: some
on time, some late. Running it twice changes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from app.demo.seed import demo_event
from app.demo.timeline import DemoTimeline
from app.extensions import db
from app.models import (
    DotVote,
    Event,
    Notification,
    RestitutionEntry,
    Role,
    User,
    Wish,
    Workshop,
)
from app.services import rencontre as services
from app.services.events import slugify

# workshop title → (territory slug → {wish title: dots}); each territory has 5 dots.
DOTS = {
    "Tarification": {
        "drome": {
            "Tarification par saison dans Open Pro": 3,
            "Réductions selon la durée du séjour": 2,
        },
        "ardeche": {
            "Tarification par saison dans Open Pro": 2,
            "Copier une grille tarifaire d'une saison à la suivante": 3,
        },
        "rhone": {
            "Tarification par saison dans Open Pro": 4,
            "Réductions selon la durée du séjour": 1,
        },
        "loiret": {
            "Copier une grille tarifaire d'une saison à la suivante": 2,
            "Réductions selon la durée du séjour": 3,
        },
        "sarthe": {"Tarification par saison dans Open Pro": 5},
    },
    "Passerelles SIT": {
        "isere": {"Passerelle Apidae vers Open Pro (descriptifs et photos)": 5},
        "manche": {"Disponibilités Tourinsoft vers les fiches SIT": 5},
        "finistere": {
            "Disponibilités Tourinsoft vers les fiches SIT": 4,
            "Passerelle Apidae vers Open Pro (descriptifs et photos)": 1,
        },
        "lac-annecy": {
            "Passerelle Apidae vers Open Pro (descriptifs et photos)": 3,
            "Disponibilités Tourinsoft vers les fiches SIT": 2,
        },
        "calvados": {"Disponibilités Tourinsoft vers les fiches SIT": 5},
    },
    "Addock et distribution": {
        "lac-annecy": {
            "Bons cadeaux multi-prestataires à l'échelle du territoire": 4,
            "Vendre l'offre d'un prestataire voisin au comptoir de l'office": 1,
        },
        "lille": {"Vendre l'offre d'un prestataire voisin au comptoir de l'office": 5},
        "landes": {
            "Bons cadeaux multi-prestataires à l'échelle du territoire": 3,
            "Vendre l'offre d'un prestataire voisin au comptoir de l'office": 2,
        },
        "jura": {"Bons cadeaux multi-prestataires à l'échelle du territoire": 5},
    },
    "Activités": {
        "ariege": {
            "Calendrier public des activités du mois": 3,
            "Créneaux récurrents saisis une seule fois": 2,
        },
        "tarn-et-garonne": {"Créneaux récurrents saisis une seule fois": 5},
        "allier": {
            "Calendrier public des activités du mois": 4,
            "Créneaux récurrents saisis une seule fois": 1,
        },
        "drome": {"Calendrier public des activités du mois": 5},
    },
}

# wish title → (decision, target, text): the vendor's answers for the following year; a
# target is counted in quarters after the quarter of the answer.
ANSWERS = {
    "Tarification par saison dans Open Pro": (
        "retained",
        1,
        "Priorité de l'année : grilles par saison dans Open Pro au printemps.",
    ),
    "Copier une grille tarifaire d'une saison à la suivante": (
        "retained",
        2,
        "Livré avec les grilles par saison, à la rentrée.",
    ),
    "Réductions selon la durée du séjour": (
        "retained",
        3,
        "Remises automatiques à partir de 7 nuits, d'ici la fin de l'année.",
    ),
    "Passerelle Apidae vers Open Pro (descriptifs et photos)": (
        "retained",
        1,
        "Import des descriptifs et photos Apidae au printemps.",
    ),
    "Disponibilités Tourinsoft vers les fiches SIT": (
        "later",
        None,
        "Après la passerelle Apidae ; à étudier avec les éditeurs de Tourinsoft.",
    ),
    "Vendre l'offre d'un prestataire voisin au comptoir de l'office": (
        "declined",
        None,
        "Déjà possible avec le rôle distributeur d'Addock : une fiche pratique suivra.",
    ),
    "Bons cadeaux multi-prestataires à l'échelle du territoire": (
        "retained",
        4,
        "Bons cadeaux valables chez plusieurs prestataires d'un territoire.",
    ),
    "Calendrier public des activités du mois": (
        "retained",
        5,
        "Calendrier public des activités dans Open System.",
    ),
    "Créneaux récurrents saisis une seule fois": (
        "later",
        None,
        "Avec le calendrier public des activités.",
    ),
}


def next_event(timeline: DemoTimeline) -> dict:
    starts_on = timeline.today + timedelta(days=120)
    return {
        "slug": f"rencontre-nationale-{starts_on.year}",
        "name": f"Rencontre nationale {starts_on.year}",
        "location": "Annecy",
        "starts_on": starts_on,
        "ends_on": starts_on + timedelta(days=1),
        "description": (
            "Rencontre en préparation, accueillie par l'office de tourisme du Lac d'Annecy et "
            "son club d'utilisateurs : bilan des réponses de la dernière rencontre, puis ateliers par thème. "
            "(Données de démonstration.)"
        ),
    }


NEXT_WORKSHOPS = [
    (
        "Tarification et promotions",
        "Ce qui reste de la dernière rencontre (durée de séjour) et les promotions.",
    ),
    ("Passerelles SIT", "Tourinsoft, Décibelles Data et l'appariement des identifiants."),
    ("Distribution et bons cadeaux", "Addock au comptoir, bons cadeaux, reversements."),
    ("Activités", "Calendrier public, créneaux récurrents, listes d'attente."),
]
NEXT_REGISTERED = [
    "lac-annecy", "drome", "ardeche", "rhone", "isere", "manche", "lille", "finistere",
    "landes", "jura", "allier", "crt-centre-val-de-loire",
]  # fmt: skip


def _seed_last(*, territories, users, wishes, timeline: DemoTimeline) -> None:
    frozen_at = timeline.at(timeline.rencontre_end, 16, 30)
    answered_at = timeline.at(timeline.answer_day - timedelta(days=7))
    published_at = timeline.at(timeline.answer_day, 9)
    event = db.session.execute(
        select(Event).where(Event.slug == demo_event(timeline)["slug"])
    ).scalar_one_or_none()
    if event is None or event.restitution_frozen_at is not None:
        return
    vendor = users["editeur@demo.example.org"]
    referents = {u.territory.slug: u for u in users.values() if u.role == Role.REFERENT}
    workshops = {
        w.slug: w
        for w in db.session.execute(select(Workshop).where(Workshop.event_id == event.id)).scalars()
    }
    for title, by_territory in DOTS.items():
        workshop = workshops.get(slugify(title))
        if workshop is None:
            continue
        workshop.is_open = True
        db.session.flush()
        for slug, spread in by_territory.items():
            if slug not in territories:
                continue
            # Referents voted from their phones; the facilitator recorded the others.
            actor = referents.get(slug, vendor)
            for wish_title, count in spread.items():
                wish = wishes.get(wish_title)
                if wish is None or wish.workshop_id != workshop.id:
                    continue
                services.dots_set(
                    actor=actor,
                    workshop_id=workshop.id,
                    wish_id=wish.id,
                    count=count,
                    territory_id=None if actor.role == Role.REFERENT else territories[slug].id,
                )
    db.session.execute(
        update(DotVote)
        .where(DotVote.workshop_id.in_([w.id for w in workshops.values()]))
        .values(updated_at=frozen_at)
    )
    services.restitution_freeze(actor=vendor, event_id=event.id)
    event.restitution_frozen_at = frozen_at
    for wish_title, (decision, target, text) in ANSWERS.items():
        wish = wishes.get(wish_title)
        if wish is None:
            continue
        entry = services.answer_set(
            actor=vendor,
            event_id=event.id,
            wish_id=wish.id,
            decision=decision,
            target=None if target is None else timeline.target_after_answer(target),
            text=text,
        )
        entry.answered_at = answered_at
    before = (
        db.session.execute(
            select(Notification.id).order_by(Notification.id.desc()).limit(1)
        ).scalar()
        or 0
    )
    services.restitution_publish(actor=vendor, event_id=event.id)
    event.restitution_published_at = published_at
    db.session.execute(
        update(RestitutionEntry)
        .where(RestitutionEntry.event_id == event.id, RestitutionEntry.published_at.is_not(None))
        .values(published_at=published_at)
    )
    # The demo's readers have long read these; they are history, not news.
    db.session.execute(
        update(Notification)
        .where(Notification.id > before, Notification.kind == "restitution_answer")
        .values(created_at=published_at, read_at=published_at, emailed=True)
    )
    db.session.flush()


def _seed_next(*, territories, users, timeline: DemoTimeline) -> None:
    from app.selectors.dashboard import gap_list

    upcoming = next_event(timeline)
    if db.session.execute(select(Event.id).where(Event.slug == upcoming["slug"])).scalar():
        return
    host = territories.get("lac-annecy")
    preparer = users.get("referent.annecy@demo.example.org") or users["admin@demo.example.org"]
    event = Event(**upcoming, host_territory_id=host.id if host else None)
    db.session.add(event)
    db.session.flush()
    for position, (title, topic) in enumerate(NEXT_WORKSHOPS):
        db.session.add(
            Workshop(
                event_id=event.id, title=title, slug=slugify(title), position=position, topic=topic
            )
        )
    db.session.flush()
    services.event_registrations_set(
        actor=preparer,
        event=event,
        territory_ids=[territories[s].id for s in NEXT_REGISTERED if s in territories],
    )
    # The agenda starts from the dashboard's gap list: most supported, no roadmap item.
    workshops = list(
        db.session.execute(
            select(Workshop).where(Workshop.event_id == event.id).order_by(Workshop.position)
        ).scalars()
    )
    gaps: list[Wish] = gap_list(None, limit=8)
    for index, wish in enumerate(gaps):
        services.agenda_add(
            actor=preparer, workshop=workshops[index % len(workshops)], wish_ids=[wish.id]
        )
    db.session.flush()


def seed_rencontre(
    *,
    territories,
    users: dict[str, User],
    wishes: dict[str, Wish],
    timeline: DemoTimeline | None = None,
    **_ignored,
) -> None:
    timeline = timeline or DemoTimeline.for_today()
    _seed_last(territories=territories, users=users, wishes=wishes, timeline=timeline)
    _seed_next(territories=territories, users=users, timeline=timeline)
