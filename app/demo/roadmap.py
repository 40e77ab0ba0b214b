"""Demo roadmap: a dozen items across every status, linked to the demo wishes, with
triage decisions, a merged duplicate, an official answer and a dated history."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Comment, RoadmapItem, StatusChange, User, Wish
from app.services import roadmap as roadmap_services
from app.services import triage

# title, product slug, target, external ref, status path, (shipped_on, release), wishes
ITEMS = [
    (
        "Grilles tarifaires par saison",
        "open-pro",
        "2024-T2",
        "OP-1812",
        ["planned", "in_progress", "in_testing", "shipped"],
        (date(2024, 6, 18), "Open Pro 2024.3"),
        ["Tarification par saison dans Open Pro", "Tarifs enfants gratuits dans Open Pro"],
    ),
    (
        "Copie d'une grille tarifaire vers la saison suivante",
        "open-pro",
        "2024-T4",
        "OP-1905",
        ["planned", "in_progress", "shipped"],
        (date(2024, 11, 5), "Open Pro 2024.5"),
        ["Copier une grille tarifaire d'une saison à la suivante"],
    ),
    (
        "Import des descriptifs et photos Apidae",
        "passerelles-sit",
        "2024-T3",
        "GW-311",
        ["planned", "in_progress", "in_testing", "shipped"],
        (date(2024, 9, 24), "Passerelles 2024.2"),
        ["Passerelle Apidae vers Open Pro (descriptifs et photos)"],
    ),
    (
        "Réductions automatiques selon la durée du séjour",
        "open-pro",
        "2025-T1",
        "OP-2004",
        ["planned", "in_progress"],
        None,
        [
            "Réductions selon la durée du séjour",
            "Modifier les prix en masse",
            "Copier une grille tarifaire d'une saison à la suivante",
        ],
    ),
    (
        "Bons cadeaux multi-prestataires Addock",
        "addock",
        "2025-T2",
        "ADK-77",
        ["planned", "in_progress", "in_testing"],
        None,
        [
            "Bons cadeaux multi-prestataires à l'échelle du territoire",
            "Bons cadeaux à montant libre avec durée de validité",
        ],
    ),
    (
        "Calendrier public des activités",
        "open-system",
        "2025",
        "OS-951",
        ["planned"],
        None,
        ["Calendrier public des activités du mois", "Créneaux récurrents saisis une seule fois"],
    ),
    (
        "Disponibilités Tourinsoft dans les fiches SIT",
        "passerelles-sit",
        "2025-T4",
        "GW-402",
        [],
        None,
        ["Disponibilités Tourinsoft vers les fiches SIT"],
    ),
    (
        "Commission par distributeur",
        "addock",
        "2025",
        "ADK-81",
        [],
        None,
        [
            "Commission par distributeur dans Addock",
            "Tableau de bord des reversements aux prestataires",
        ],
    ),
    (
        "Paiement en plusieurs fois",
        "open-system",
        "2025-T1",
        "OS-990",
        ["planned", "postponed"],
        None,
        ["Paiement en plusieurs fois"],
    ),
    (
        "Connecteur Décibelles Data",
        "passerelles-sit",
        "2024",
        "GW-288",
        ["planned", "cancelled"],
        None,
        ["Connecteur Décibelles Data"],
    ),
    (
        "E-mails de confirmation multilingues",
        "open-system",
        "2024-T1",
        "OS-870",
        ["in_progress", "shipped"],
        (date(2024, 3, 12), "Open System 2024.1"),
        ["E-mails de confirmation multilingues"],
    ),
    (
        "Tableau de bord des mises en production",
        "outils-referent",
        "2026",
        None,
        [],
        None,
        ["Tableau de bord des prestataires en attente de mise en production"],
    ),
]

UNDER_REVIEW = [
    "Liste d'attente sur les activités complètes",
    "Widget de réservation pour les sites des prestataires",
    "Exports pour l'observatoire du tourisme",
]
DECLINED = (
    "Carte interactive des offres sur le site de destination",
    "Le site de destination reste maître de sa carte : nous exposons plutôt les offres et "
    "leurs disponibilités par l'API pour que chaque territoire les affiche à sa façon.",
)
DUPLICATE = ("Tarification par saison pour les campings", "Tarification par saison dans Open Pro")
OFFICIAL_ANSWER = (
    "Passerelle Apidae vers Open Pro (descriptifs et photos)",
    "Merci pour ces retours, nous étudions un import des photos en priorité.",
)
NOTES = {
    "postponed": "Reporté après la refonte du paiement.",
    "cancelled": "Remplacé par le connecteur DATAtourisme, plus large.",
}
START = datetime(2023, 9, 4, 9, 30, tzinfo=UTC)


def _title_map(model, titles):
    rows = db.session.execute(select(model).where(model.title.in_(list(titles)))).scalars()
    return {row.title: row for row in rows}


def _date_history(entry_ids: list[int], when: datetime) -> None:
    """Set plausible dates on history lines just written (before they are flushed as
    final: the rows are updated with a bulk statement, not through the ORM)."""
    if entry_ids:
        db.session.execute(
            update(StatusChange)
            .where(StatusChange.id.in_(entry_ids))
            .values(created_at=when)
            .execution_options(synchronize_session=False)
        )


def _new_history_ids(before: int) -> list[int]:
    return list(
        db.session.execute(select(StatusChange.id).where(StatusChange.id > before)).scalars()
    )


def _last_history_id() -> int:
    return (
        db.session.execute(select(StatusChange.id).order_by(StatusChange.id.desc())).scalar() or 0
    )


def seed_roadmap(*, users: dict[str, User], wishes: dict[str, Wish], products, **_kw) -> None:
    """Idempotent: skips items and decisions that already exist."""
    vendor = users["editeur@demo.example.org"]
    existing = _title_map(RoadmapItem, [i[0] for i in ITEMS])
    when = START

    def step(days: int, action, **kwargs):
        nonlocal when
        before = _last_history_id()
        db.session.flush()
        result = action(actor=vendor, **kwargs)
        db.session.flush()
        _date_history(_new_history_ids(before), when)
        when = when + timedelta(days=days)
        return result

    for index, (title, product, target, ref, path, shipped, wish_titles) in enumerate(ITEMS):
        if title in existing:
            continue
        when = START + timedelta(days=9 * index)
        item = step(
            3,
            roadmap_services.roadmap_item_create,
            title=title,
            description="Élément de démonstration répondant aux souhaits : "
            + ", ".join(wish_titles)
            + ".",
            product_id=products[product].id if product in products else None,
            target=target,
            external_ref=ref,
        )
        for wish_title in wish_titles:
            wish = wishes.get(wish_title)
            if wish is None or wish.status == "duplicate":
                continue
            if wish.status in ("new", "under_review"):
                step(1, triage.wish_set_status, wish_id=wish.id, status="accepted")
            step(2, roadmap_services.wish_link, item_id=item.id, wish_id=wish.id)
        for status in path:
            extra = {}
            if status == "shipped" and shipped is not None:
                extra = {"shipped_on": shipped[0], "release": shipped[1]}
                when = datetime.combine(shipped[0], datetime.min.time(), tzinfo=UTC) + timedelta(
                    hours=10
                )
            step(
                30,
                roadmap_services.roadmap_item_set_status,
                item_id=item.id,
                status=status,
                note=NOTES.get(status, ""),
                **extra,
            )

    for title in UNDER_REVIEW:
        wish = wishes.get(title)
        if wish is not None and wish.status == "new":
            when = wish.created_at + timedelta(days=10)
            step(0, triage.wish_set_status, wish_id=wish.id, status="under_review")
    wish = wishes.get(DECLINED[0])
    if wish is not None and wish.status == "new":
        when = wish.created_at + timedelta(days=20)
        step(0, triage.wish_set_status, wish_id=wish.id, status="declined", note=DECLINED[1])
    dup, into = wishes.get(DUPLICATE[0]), wishes.get(DUPLICATE[1])
    if dup is not None and into is not None and dup.status != "duplicate":
        when = dup.created_at + timedelta(days=4)
        step(
            0,
            triage.wish_merge,
            wish_id=dup.id,
            into_id=into.id,
            note="Même besoin : les campings profiteront des grilles par saison.",
        )
    wish = wishes.get(OFFICIAL_ANSWER[0])
    if wish is not None:
        comment = db.session.execute(
            select(Comment).where(Comment.wish_id == wish.id, Comment.body == OFFICIAL_ANSWER[1])
        ).scalar_one_or_none()
        if comment is not None and not comment.is_official:
            when = comment.created_at
            step(0, triage.comment_mark_official, comment_id=comment.id)
    db.session.flush()
