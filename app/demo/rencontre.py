"""Demo of the Rencontre cycle: the 2023 meeting's dots in its four workshops, the frozen
restitution, the vendor's answers for the following year (published in June 2023), and
the next meeting in preparation in Annecy. Deliveries come from the demo roadmap: some
on time, some late. Running it twice changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select, update

from app.demo.seed import DEMO_EVENT
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

FROZEN_AT = datetime(2023, 4, 5, 16, 30, tzinfo=UTC)
ANSWERED_AT = datetime(2023, 6, 8, 10, 0, tzinfo=UTC)
PUBLISHED_AT = datetime(2023, 6, 15, 9, 0, tzinfo=UTC)

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

# wish title → (decision, target, text): the vendor's answers for the following year.
ANSWERS = {
    "Tarification par saison dans Open Pro": (
        "retained",
        "2024-T2",
        "Priorité de l'année : grilles par saison dans Open Pro au printemps 2024.",
    ),
    "Copier une grille tarifaire d'une saison à la suivante": (
        "retained",
        "2024-T3",
        "Livré avec les grilles par saison, à la rentrée 2024.",
    ),
    "Réductions selon la durée du séjour": (
        "retained",
        "2024-T4",
        "Remises automatiques à partir de 7 nuits, fin 2024.",
    ),
    "Passerelle Apidae vers Open Pro (descriptifs et photos)": (
        "retained",
        "2024-T2",
        "Import des descriptifs et photos Apidae au printemps 2024.",
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
        "2025-T1",
        "Bons cadeaux valables chez plusieurs prestataires d'un territoire.",
    ),
    "Calendrier public des activités du mois": (
        "retained",
        "2025",
        "Calendrier public des activités dans Open System.",
    ),
    "Créneaux récurrents saisis une seule fois": (
        "later",
        None,
        "Avec le calendrier public des activités.",
    ),
}

NEXT_EVENT = {
    "slug": "rencontre-nationale-2027",
    "name": "Rencontre nationale 2027",
    "location": "Annecy",
    "starts_on": date(2027, 4, 6),
    "ends_on": date(2027, 4, 7),
    "description": (
        "Rencontre en préparation, accueillie par l'office de tourisme du Lac d'Annecy et "
        "son club d'utilisateurs : bilan des réponses de 2023, puis ateliers par thème. "
        "(Données de démonstration.)"
    ),
}
NEXT_WORKSHOPS = [
    ("Tarification et promotions", "Ce qui reste de 2023 (durée de séjour) et les promotions."),
    ("Passerelles SIT", "Tourinsoft, Décibelles Data et l'appariement des identifiants."),
    ("Distribution et bons cadeaux", "Addock au comptoir, bons cadeaux, reversements."),
    ("Activités", "Calendrier public, créneaux récurrents, listes d'attente."),
]
NEXT_REGISTERED = [
    "lac-annecy", "drome", "ardeche", "rhone", "isere", "manche", "lille", "finistere",
    "landes", "jura", "allier", "crt-centre-val-de-loire",
]  # fmt: skip


def _seed_2023(*, territories, users, wishes) -> None:
    event = db.session.execute(
        select(Event).where(Event.slug == DEMO_EVENT["slug"])
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
        .values(updated_at=FROZEN_AT)
    )
    services.restitution_freeze(actor=vendor, event_id=event.id)
    event.restitution_frozen_at = FROZEN_AT
    for wish_title, (decision, target, text) in ANSWERS.items():
        wish = wishes.get(wish_title)
        if wish is None:
            continue
        entry = services.answer_set(
            actor=vendor,
            event_id=event.id,
            wish_id=wish.id,
            decision=decision,
            target=target,
            text=text,
        )
        entry.answered_at = ANSWERED_AT
    before = (
        db.session.execute(
            select(Notification.id).order_by(Notification.id.desc()).limit(1)
        ).scalar()
        or 0
    )
    services.restitution_publish(actor=vendor, event_id=event.id)
    event.restitution_published_at = PUBLISHED_AT
    db.session.execute(
        update(RestitutionEntry)
        .where(RestitutionEntry.event_id == event.id, RestitutionEntry.published_at.is_not(None))
        .values(published_at=PUBLISHED_AT)
    )
    # The demo's readers have long read these; they are history, not news.
    db.session.execute(
        update(Notification)
        .where(Notification.id > before, Notification.kind == "restitution_answer")
        .values(created_at=PUBLISHED_AT, read_at=PUBLISHED_AT, emailed=True)
    )
    db.session.flush()


def _seed_next(*, territories, users) -> None:
    from app.selectors.dashboard import gap_list

    if db.session.execute(select(Event.id).where(Event.slug == NEXT_EVENT["slug"])).scalar():
        return
    host = territories.get("lac-annecy")
    preparer = users.get("referent.annecy@demo.example.org") or users["admin@demo.example.org"]
    event = Event(**NEXT_EVENT, host_territory_id=host.id if host else None)
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
    *, territories, users: dict[str, User], wishes: dict[str, Wish], **_ignored
) -> None:
    _seed_2023(territories=territories, users=users, wishes=wishes)
    _seed_next(territories=territories, users=users)
