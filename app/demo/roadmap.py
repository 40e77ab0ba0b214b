"""Demo roadmap: the vendor's answer to the Rencontre, a dozen items across every status
linked to the demo wishes, with triage decisions, a merged duplicate, an official answer
and a history dated along the demo's timeline."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.demo.seed import date_new_rows, row_marks
from app.demo.timeline import DemoTimeline
from app.extensions import db
from app.models import Comment, RoadmapItem, User, Wish
from app.services import roadmap as roadmap_services
from app.services import triage

# What the vendor answered after the Rencontre: title, product slug, target (from the
# timeline), external ref, status path, delivery (from the timeline and the target, with
# the release's product), the wishes it answers, and its description.
ON_TIME, LATE, RECENT = "on_time", "late", "recent"
ITEMS = [
    (
        "Grilles tarifaires par saison",
        "open-pro",
        lambda tl: tl.target_after_answer(1),
        "OP-1812",
        ["planned", "in_progress", "in_testing", "shipped"],
        (ON_TIME, "Open Pro"),
        ["Tarification par saison dans Open Pro", "Tarifs enfants gratuits dans Open Pro"],
        "Le prestataire définit ses saisons (basse, moyenne, haute, vacances scolaires par "
        "zone) une fois pour l'année, puis saisit un tarif par saison et par type de "
        "produit. Les gratuités (moins de 3 ans) deviennent une règle de la grille au lieu "
        "d'un tarif à 0 €.",
    ),
    (
        "Copie d'une grille tarifaire vers la saison suivante",
        "open-pro",
        lambda tl: tl.target_after_answer(2),
        "OP-1905",
        ["planned", "in_progress", "shipped"],
        (LATE, "Open Pro"),
        ["Copier une grille tarifaire d'une saison à la suivante"],
        "Un bouton « Copier vers la saison suivante » reprend toute la grille, avec une "
        "hausse ou une baisse en pourcentage et un arrondi au choix. Livrée avec six "
        "semaines de retard sur l'objectif annoncé, après la recette des grilles par saison.",
    ),
    (
        "Import des descriptifs et photos Apidae",
        "passerelles-sit",
        lambda tl: tl.target_after_answer(2),
        "GW-311",
        ["planned", "in_progress", "in_testing", "shipped"],
        (ON_TIME, "Passerelles"),
        ["Passerelle Apidae vers Open Pro (descriptifs et photos)"],
        "Les fiches Apidae alimentent Open Pro chaque nuit : descriptifs en plusieurs "
        "langues, photos et crédits, coordonnées. Le prestataire ne ressaisit plus rien ; "
        "il complète seulement ce qui est propre à la vente.",
    ),
    (
        "Réductions automatiques selon la durée du séjour",
        "open-pro",
        lambda tl: tl.target_from_now(-1),
        "OP-2004",
        ["planned", "in_progress"],
        None,
        [
            "Réductions selon la durée du séjour",
            "Modifier les prix en masse",
            "Copier une grille tarifaire d'une saison à la suivante",
        ],
        "Des remises par paliers de nuits (-10 % dès 7 nuits, -15 % dès 14) appliquées au "
        "panier, sans tarif à part, et une hausse ou baisse en masse des prix d'un "
        "prestataire. Le développement a pris du retard : l'objectif est dépassé.",
    ),
    (
        "Bons cadeaux multi-prestataires Addock",
        "addock",
        lambda tl: tl.target_from_now(1),
        "ADK-77",
        ["planned", "in_progress", "in_testing"],
        None,
        [
            "Bons cadeaux multi-prestataires à l'échelle du territoire",
            "Bons cadeaux à montant libre avec durée de validité",
        ],
        "Un bon cadeau à l'échelle de la destination, d'un montant libre et valable douze "
        "mois, utilisable chez tous les prestataires partenaires ; l'office encaisse et "
        "Addock reverse à chaque prestataire sa part. En recette avec trois territoires.",
    ),
    (
        "Calendrier public des activités",
        "open-system",
        lambda tl: tl.target_from_now(2),
        "OS-951",
        ["planned"],
        None,
        ["Calendrier public des activités du mois", "Créneaux récurrents saisis une seule fois"],
        "Un agenda mensuel intégrable sur le site de l'office, alimenté par les créneaux "
        "des prestataires d'activités, et la saisie d'un créneau récurrent (tous les mardis "
        "de juin à septembre) en une seule fois.",
    ),
    (
        "Disponibilités Tourinsoft dans les fiches SIT",
        "passerelles-sit",
        lambda tl: tl.target_from_now(3),
        "GW-402",
        [],
        None,
        ["Disponibilités Tourinsoft vers les fiches SIT"],
        "Faire remonter les disponibilités et le lien de réservation dans les fiches "
        "Tourinsoft, pour les territoires qui n'ont pas encore de passerelle. À l'étude "
        "avec le club Tourinsoft.",
    ),
    (
        "Commission par distributeur",
        "addock",
        lambda tl: tl.next_year(),
        "ADK-81",
        [],
        None,
        [
            "Commission par distributeur dans Addock",
            "Tableau de bord des reversements aux prestataires",
        ],
        "Une commission propre à chaque office revendeur et un tableau de bord de ce qui "
        "est encaissé et reversé à chaque prestataire, avec la refonte des reversements.",
    ),
    (
        "Paiement en plusieurs fois",
        "open-system",
        lambda tl: tl.next_year(),
        "OS-990",
        ["planned", "postponed"],
        None,
        ["Paiement en plusieurs fois"],
        "Le paiement en trois fois sans frais pour les paniers de plus de 300 €. Reporté : "
        "il dépend de la refonte du module de paiement prévue l'an prochain.",
    ),
    (
        "Connecteur Décibelles Data",
        "passerelles-sit",
        lambda tl: tl.target_after_answer(3),
        "GW-288",
        ["planned", "cancelled"],
        None,
        ["Connecteur Décibelles Data"],
        "Un connecteur dédié à Décibelles Data. Abandonné au profit du connecteur "
        "DATAtourisme, qui couvre aussi la Bourgogne-Franche-Comté.",
    ),
    (
        "E-mails de confirmation multilingues",
        "open-system",
        lambda tl: tl.target_from_now(0),
        "OS-870",
        ["in_progress", "shipped"],
        (RECENT, "Open System"),
        ["E-mails de confirmation multilingues"],
        "La confirmation de réservation part dans la langue du client : anglais, allemand, "
        "espagnol, italien et néerlandais, avec des modèles que chaque territoire relit.",
    ),
    (
        "Tableau de bord des mises en production",
        "outils-referent",
        lambda tl: tl.next_year(),
        None,
        [],
        None,
        ["Tableau de bord des prestataires en attente de mise en production"],
        "Pour le référent : qui a signé, qui est formé, qui attend sa mise en production, "
        "et depuis quand, au lieu d'un tableur partagé.",
    ),
]
# Items whose target has passed without a delivery: shown as late, on purpose.
LATE_ITEMS = ("Réductions automatiques selon la durée du séjour",)

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


def _title_map(model, titles):
    rows = db.session.execute(select(model).where(model.title.in_(list(titles)))).scalars()
    return {row.title: row for row in rows}


def _delivery(timeline: DemoTimeline, target: str, kind: str, product: str, n: int):
    if kind == ON_TIME:
        day = timeline.shipped_on_time(target)
    elif kind == LATE:
        day = timeline.shipped_late(target)
    else:
        day = timeline.recent_delivery
    return day, f"{product} {day.year}.{n}"


def seed_roadmap(
    *,
    users: dict[str, User],
    wishes: dict[str, Wish],
    products,
    timeline: DemoTimeline | None = None,
    **_kw,
) -> None:
    """Idempotent: skips items and decisions that already exist."""
    timeline = timeline or DemoTimeline.for_today()
    vendor = users["editeur@demo.example.org"]
    existing = _title_map(RoadmapItem, [i[0] for i in ITEMS])
    when = timeline.now

    def step(days: float, action, **kwargs):
        nonlocal when
        marks = row_marks()
        result = action(actor=vendor, **kwargs)
        date_new_rows(marks, timeline.clamp(when))
        when = when + timedelta(days=days)
        return result

    for index, (title, product, target_of, ref, path, shipped, wish_titles, text) in enumerate(
        ITEMS
    ):
        if title in existing:
            continue
        target = target_of(timeline)
        created = timeline.at(timeline.answer_day + timedelta(days=index), 9, 30)
        when = created
        item = step(
            0.1,
            roadmap_services.roadmap_item_create,
            title=title,
            description=text,
            product_id=products[product].id if product in products else None,
            target=target,
            external_ref=ref,
        )
        for wish_title in wish_titles:
            wish = wishes.get(wish_title)
            if wish is None or wish.status == "duplicate":
                continue
            if wish.status in ("new", "under_review"):
                step(0.05, triage.wish_set_status, wish_id=wish.id, status="accepted")
            step(0.05, roadmap_services.wish_link, item_id=item.id, wish_id=wish.id)
        delivery = (
            _delivery(timeline, target, shipped[0], shipped[1], index + 1) if shipped else None
        )
        # The statuses before the last are spread between the answer and the delivery;
        # the items still under way moved last one after another in the last weeks, so
        # their followers have a little recent news.
        if delivery:
            last = timeline.at(delivery[0])
        else:
            last = timeline.now - timedelta(days=2 + 4 * (index % 6), hours=index)
        gap = max((last - when).total_seconds() / 86400 / max(len(path), 1), 0.1)
        for position, status in enumerate(path):
            extra = {}
            if status == "shipped" and delivery is not None:
                extra = {"shipped_on": delivery[0], "release": delivery[1]}
                when = timeline.at(delivery[0])
            elif position == len(path) - 1 and delivery is None:
                when = last
            step(
                gap,
                roadmap_services.roadmap_item_set_status,
                item_id=item.id,
                status=status,
                note=NOTES.get(status, ""),
                **extra,
            )
        item.created_at = created
        item.updated_at = timeline.clamp(when)

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
