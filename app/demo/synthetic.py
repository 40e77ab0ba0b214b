"""``seed synthetic``: scale data for benchmarks (French-like wishes, skewed support).

Everything is generated in memory from the domain vocabulary, then written with Core
``insert()`` executemany in large batches (no ORM unit of work): territories, users,
products, categories, wishes (with their stemmed search columns), votes (Zipf-like
support: a few wishes very popular, most with a handful of supporters), comments,
roadmap items with links, and history lines. Support and comment counters are computed
from the generated rows, so they equal what ``recount_support`` would store. The
full-text index is filled by its triggers (SQLite) or its GIN index (PostgreSQL).

It refuses a database that already holds wishes (no silent mixing with real data):
run it on an empty, migrated database.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, insert, select, text

from app.demo import data
from app.extensions import db
from app.models import (
    Category,
    Comment,
    Product,
    RoadmapItem,
    Role,
    StatusChange,
    Territory,
    User,
    Vote,
    Wish,
    WishLink,
    WishStatus,
)
from app.search.index import install_thesaurus, rebuild_vocabulary
from app.search.text import stemmed_text
from app.services import activity

BATCH = 20_000
EPOCH = datetime(2020, 1, 6, 8, 0, tzinfo=UTC)
SPAN_DAYS = 6 * 365


class NotEmpty(RuntimeError):
    """The database already holds wishes."""


@dataclass
class SyntheticCounts:
    territories: int = 0
    users: int = 0
    wishes: int = 0
    votes: int = 0
    comments: int = 0
    roadmap_items: int = 0
    links: int = 0
    history: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


# --- vocabulary (DOMAIN.md, typical wishes) ----------------------------------------

PRODUCTS = [
    ("Open Pro", "open-pro"),
    ("Open System", "open-system"),
    ("Addock", "addock"),
    ("Passerelles SIT", "passerelles-sit"),
    ("Outils du référent", "outils-referent"),
]
# The demo data set's categories, so both data sets file wishes under the same headings.
CATEGORIES = data.CATEGORIES
# (product index, category index, needs)
TOPICS = [
    (
        0,
        0,
        [
            "Tarification par saison",
            "Copier une grille tarifaire d'une saison à la suivante",
            "Remise selon la durée du séjour",
            "Tarifs par tranche d'âge",
            "Promotions de dernière minute",
            "Promotion pour réservation anticipée",
            "Modification des prix en masse",
            "Tarifs spécifiques pour les groupes",
            "Suppléments optionnels facturés à la nuitée",
        ],
    ),
    (
        1,
        1,
        [
            "Calendrier mensuel public des activités",
            "Créneaux récurrents saisis une seule fois",
            "Capacité partagée entre les activités d'un site",
            "Liste d'attente sur les activités complètes",
            "Annulation automatique sous un minimum de participants",
            "Billetterie des visites guidées",
            "Réservation de créneaux horaires",
        ],
    ),
    (
        2,
        2,
        [
            "Vente de l'offre d'un prestataire voisin au comptoir de l'office",
            "Commission par distributeur",
            "Tableau de bord des reversements",
            "Bons cadeaux multi-prestataires à l'échelle du territoire",
            "Bons cadeaux à montant libre avec validité fixée",
            "Bons cadeaux PDF aux couleurs du territoire",
            "Utilisation partielle d'un bon cadeau",
        ],
    ),
    (
        3,
        3,
        [
            "Passerelle Apidae vers Open Pro pour les descriptifs et les photos",
            "Disponibilités Tourinsoft vers les fiches du SIT",
            "Connecteur Décibelles Data",
            "Liens de réservation dans les données DATAtourisme",
            "Rapprochement automatique des identifiants SIT et Open Pro",
            "Passerelle LEI pour les hébergements",
            "Synchronisation des photos avec le SIT",
        ],
    ),
    (
        1,
        4,
        [
            "Widget de réservation intégrable",
            "Paiement en plusieurs fois",
            "Paiement différé pour les groupes",
            "E-mails de confirmation multilingues",
            "Acompte configurable à la réservation",
            "Paiement par chèques vacances",
        ],
    ),
    (
        4,
        5,
        [
            "Tableau de bord des prestataires en attente de mise en ligne",
            "Vidéos de formation pour les prestataires",
            "Meilleure relation avec l'éditeur",
            "Guide de démarrage pour les nouveaux référents",
            "Relance automatique des prestataires inactifs",
        ],
    ),
    (
        4,
        6,
        [
            "Exports pour l'observatoire du tourisme",
            "Facturation électronique des commissions",
            "Statistiques de ventes par prestataire",
            "Export des réservations au format tableur",
            "Indicateurs de fréquentation par période",
        ],
    ),
]
AUDIENCES = [
    "pour les hébergements",
    "pour les campings",
    "pour les gîtes et chambres d'hôtes",
    "pour les activités de loisirs",
    "pour les sites de visite",
    "pour les offices de tourisme",
    "pour les restaurants",
    "pour les prestataires d'activités nautiques",
    "pour les stations de montagne",
    "pour les grands événements",
    "",
    "",
]
PLACES = [
    "du littoral",
    "de montagne",
    "de notre département",
    "de la vallée",
    "du massif",
    "de l'arrière-pays",
    "de la côte",
    "de nos villages",
]
OPENINGS = [
    "Les prestataires {place} nous demandent régulièrement cette évolution.",
    "Plusieurs prestataires {place} ont soulevé ce besoin lors du dernier atelier.",
    "C'est une demande récurrente des prestataires {place}.",
    "Nos référents constatent ce besoin chez les prestataires {place}.",
]
PROBLEMS = [
    "Aujourd'hui, la saisie se fait à la main et prend beaucoup de temps.",
    "Aujourd'hui, ils doivent passer par un tableur puis tout ressaisir.",
    "Sans cette fonction, certains prestataires renoncent à vendre en ligne.",
    "Les erreurs de saisie sont fréquentes en haute saison.",
    "Les concurrents proposent déjà cette possibilité.",
]
ASKS = [
    "Il faudrait pouvoir le paramétrer une fois pour toute la saison.",
    "L'idéal serait un réglage simple, par prestataire.",
    "Une première version simple suffirait dans un premier temps.",
    "Merci de l'envisager pour la prochaine feuille de route.",
    "Nous sommes prêts à tester une version en recette.",
]
COMMENTS = [
    "Même besoin chez nous, surtout en haute saison.",
    "Nos prestataires en parlent à chaque rencontre.",
    "Nous soutenons : c'est bloquant pour plusieurs hébergeurs.",
    "Est-ce prévu dans la feuille de route de l'an prochain ?",
    "Nous avons un contournement par tableur, mais ce n'est pas tenable.",
    "Attention à garder la saisie simple pour les petits prestataires.",
]
REGIONS = [
    ("Auvergne-Rhône-Alpes", ["01", "03", "07", "15", "26", "38", "42", "43", "63", "69", "73"]),
    ("Bourgogne-Franche-Comté", ["21", "25", "39", "58", "70", "71", "89", "90"]),
    ("Bretagne", ["22", "29", "35", "56"]),
    ("Centre-Val de Loire", ["18", "28", "36", "37", "41", "45"]),
    ("Grand Est", ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88"]),
    ("Hauts-de-France", ["02", "59", "60", "62", "80"]),
    ("Normandie", ["14", "27", "50", "61", "76"]),
    ("Nouvelle-Aquitaine", ["16", "17", "19", "23", "24", "33", "40", "47", "64", "79", "86"]),
    ("Occitanie", ["09", "11", "12", "30", "31", "32", "34", "46", "48", "65", "66", "81", "82"]),
    ("Pays de la Loire", ["44", "49", "53", "72", "85"]),
    ("Provence-Alpes-Côte d'Azur", ["04", "05", "06", "13", "83", "84"]),
]
TOWNS = [
    "Saint-Martin",
    "Beaulieu",
    "Villeneuve",
    "Montfort",
    "Belvédère",
    "Rochefort",
    "Fontaine",
    "Valmont",
    "Clairvaux",
    "Mirebeau",
    "Roquebrune",
    "Bellegarde",
    "Castelnau",
    "Pontarlier",
    "Malestroit",
    "Aiguebelle",
]
SITS = ["Apidae", "Tourinsoft", "Décibelles Data", "LEI", "SIRTAQUI", None]
FIRST_NAMES = ["Camille", "Claire", "Julien", "Sophie", "Thomas", "Léa", "Nicolas", "Manon"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fournier"]
ROADMAP_STATUSES = [
    ("considering", 3),
    ("planned", 3),
    ("in_progress", 2),
    ("in_testing", 1),
    ("shipped", 4),
    ("postponed", 1),
]
WISH_STATUSES = [
    (WishStatus.NEW, 60),
    (WishStatus.UNDER_REVIEW, 15),
    (WishStatus.ACCEPTED, 15),
    (WishStatus.DECLINED, 7),
    (WishStatus.DUPLICATE, 3),
]


@lru_cache(maxsize=100_000)
def _stem(fragment: str) -> str:
    return stemmed_text(fragment)


def _insert(connection, table, rows: list[dict], tick: Callable[[int], None]) -> None:
    """Core ``insert()`` executemany; on SQLite straight to ``cursor.executemany``.

    On SQLite, per-value type processing dominates a million-row load, so values are
    converted once here (datetimes to SQLAlchemy's text format, booleans to 0/1).
    """
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy_postgresql(connection, table, rows, tick)
        return
    if connection.dialect.name != "sqlite":
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            connection.execute(insert(table), chunk)
            tick(len(chunk))
        return
    columns = list(rows[0])
    kinds = []
    for name in columns:
        python_type = getattr(table.c[name].type, "impl", table.c[name].type)
        kinds.append(python_type.__class__.__name__)
    converters = [
        _sqlite_datetime if k == "DateTime" else _sqlite_date if k == "Date" else None
        for k in kinds
    ]
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    plain = all(c is None for c in converters)
    # Build secondary indexes once after the load rather than row by row.
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table.name,),
    ).all()
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        if plain:
            data = [tuple(r[c] for c in columns) for r in chunk]
        else:
            data = [
                tuple(
                    conv(r[c]) if conv is not None and r[c] is not None else r[c]
                    for c, conv in zip(columns, converters, strict=True)
                )
                for r in chunk
            ]
        connection.exec_driver_sql(sql, data)
        tick(len(chunk))
    for _name, index_sql in indexes:
        connection.exec_driver_sql(index_sql)


def _copy_postgresql(connection, table, rows: list[dict], tick: Callable[[int], None]) -> None:
    """``COPY … FROM STDIN`` (binary-free text protocol through psycopg), with the
    table's secondary indexes dropped during the load and rebuilt once after it: a
    million-row load is bound by index maintenance otherwise."""
    columns = list(rows[0])
    indexes = connection.exec_driver_sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = %(table)s "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        {"table": table.name},
    ).all()
    for name, _definition in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    cursor = connection.connection.driver_connection.cursor()
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            for row in chunk:
                copy.write_row(tuple(row[c] for c in columns))
            tick(len(chunk))
    for _name, definition in indexes:
        connection.exec_driver_sql(definition)


def _sqlite_datetime(value: datetime) -> str:
    # Stored naive in UTC, the format SQLAlchemy's SQLite DateTime type reads back
    # (all generated datetimes are already in UTC).
    return value.isoformat(sep=" ", timespec="microseconds")[:26]


def _sqlite_date(value: date) -> str:
    return value.isoformat()


def _zipf_counts(rng: random.Random, n: int, total: int, cap: int) -> list[int]:
    """``n`` support counts (each >= 1, <= cap) summing to about ``total``, Zipf-like."""
    if n == 0:
        return []
    extra = max(0, total - n)
    weights = [1.0 / (rank + 5) ** 1.05 for rank in range(n)]
    scale = extra / sum(weights)
    counts = [min(cap, 1 + int(w * scale)) for w in weights]
    missing = total - sum(counts)
    open_slots = [i for i, c in enumerate(counts) if c < cap]
    while missing > 0 and open_slots:
        for i in rng.choices(open_slots, k=min(missing, len(open_slots))):
            if counts[i] < cap:
                counts[i] += 1
                missing -= 1
        open_slots = [i for i, c in enumerate(counts) if c < cap]
    rng.shuffle(counts)
    return counts


def seed_synthetic(
    *,
    wishes: int,
    territories: int = 300,
    users: int | None = None,
    votes: int | None = None,
    seed: int = 42,
    progress: Callable[[int], None] | None = None,
) -> SyntheticCounts:
    """Generate and insert scale data; the caller commits. Raises ``NotEmpty``."""
    tick = progress or (lambda _n: None)
    session = db.session
    if session.execute(select(func.count()).select_from(Wish)).scalar_one():
        raise NotEmpty("the database already holds wishes")
    rng = random.Random(seed)
    territories = max(1, territories)
    users = max(1, users if users is not None else max(territories * 5, wishes // 20))
    votes = votes if votes is not None else wishes * 10
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # A bigger page cache keeps the vote indexes in memory during the load.
        connection.exec_driver_sql("PRAGMA cache_size=-262144")
    if dialect == "postgresql" and connection.exec_driver_sql("SHOW is_superuser").scalar() == "on":
        # The generated rows reference each other correctly by construction: skip the
        # per-row foreign-key triggers for this transaction (superuser only; others
        # load with the checks on, just slower).
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    counts = SyntheticCounts()

    def next_id(model) -> int:
        return (session.execute(select(func.max(model.id))).scalar() or 0) + 1

    # Catalogue: reuse products and categories with the same slugs if any.
    product_ids = _catalog_ids(connection, Product, PRODUCTS, with_description=True)
    category_ids = _catalog_ids(connection, Category, CATEGORIES, with_description=False)

    # Territories.
    first_territory = next_id(Territory)
    territory_rows: list[dict[str, Any]] = []
    providers = {}
    region_of = {}
    for i in range(territories):
        region, departments = REGIONS[i % len(REGIONS)]
        town = TOWNS[(i // len(REGIONS)) % len(TOWNS)]
        tid = first_territory + i
        number = i + 1
        kind = rng.choice(["OT", "OT", "OT", "ADT", "CDT", "CRT"])
        providers[tid] = rng.choice([20, 40, 60, 90, 140, 200, 310, 420])
        region_of[tid] = region
        territory_rows.append(
            {
                "id": tid,
                "name": f"Office de tourisme {town} {number} (synthétique)",
                "slug": f"synth-{number}",
                "kind": kind,
                "region": region,
                "department_code": rng.choice(departments),
                "sit": rng.choice(SITS),
                "providers_count": providers[tid],
                "joined_year": rng.randint(2005, 2025),
                "active": True,
            }
        )
    _insert(connection, Territory.__table__, territory_rows, tick)
    counts.territories = territories
    territory_ids = [r["id"] for r in territory_rows]

    # Users: referents spread over territories (a few club members and one vendor).
    first_user = next_id(User)
    user_rows: list[dict[str, Any]] = []
    user_territory = []
    for i in range(users):
        uid = first_user + i
        tid = territory_ids[i % territories]
        user_territory.append(tid)
        user_rows.append(
            {
                "id": uid,
                "email": f"synth{i + 1}@exemple.test",
                "display_name": f"{FIRST_NAMES[i % 8]} {LAST_NAMES[(i // 8) % 8]} {i + 1}",
                "password_hash": "!",  # cannot log in
                "role": Role.REFERENT,
                "territory_id": tid,
                "locale": "fr",
                "notification_preference": "never",
                "active": True,
                "created_at": EPOCH,
            }
        )
    _insert(connection, User.__table__, user_rows, tick)
    counts.users = users
    del user_rows

    # Wishes, with support drawn Zipf-like and voters sampled without repetition.
    first_wish = next_id(Wish)
    first_vote = next_id(Vote)
    support = _zipf_counts(rng, wishes, votes, cap=users)
    status_population = [s for s, _ in WISH_STATUSES]
    status_weights = [w for _, w in WISH_STATUSES]
    wish_rows: list[dict] = []
    vote_rows: list[dict] = []
    history_rows: list[dict] = []
    vote_id = first_vote
    now_limit = EPOCH + timedelta(days=SPAN_DAYS)
    statuses = rng.choices(status_population, weights=status_weights, k=wishes)
    for i in range(wishes):
        wid = first_wish + i
        product_index, category_index, needs = rng.choice(TOPICS)
        need = rng.choice(needs)
        audience = rng.choice(AUDIENCES)
        title = f"{need} {audience}".strip()
        place = rng.choice(PLACES)
        sentences = [
            rng.choice(OPENINGS).format(place=place),
            rng.choice(PROBLEMS),
            rng.choice(ASKS),
        ]
        body = " ".join(sentences)
        author_index = rng.randrange(users)
        author_id = first_user + author_index
        territory_id = user_territory[author_index]
        created = EPOCH + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
        k = support[i]
        voters = rng.sample(range(users), k)
        if author_index in voters:
            voters.remove(author_index)
        voters = [author_index, *voters[: k - 1]]
        seen_territories: set[int] = set()
        for n, voter in enumerate(voters):
            voter_territory = user_territory[voter]
            seen_territories.add(voter_territory)
            vote_rows.append(
                {
                    "id": vote_id,
                    "wish_id": wid,
                    "user_id": first_user + voter,
                    "territory_id": voter_territory,
                    "on_behalf": False,
                    "behalf_territory_id": None,
                    "recorded_by_id": None,
                    "created_at": min(now_limit, created + timedelta(hours=n)),
                }
            )
            vote_id += 1
        status = statuses[i]
        merged_into = None
        if status == WishStatus.DUPLICATE:
            if i == 0:
                status = WishStatus.NEW
            else:
                merged_into = first_wish + rng.randrange(i)
        wish_rows.append(
            {
                "id": wid,
                "title": title[:160],
                "body": body,
                "search_title": _stem(need) + (" " + _stem(audience) if audience else ""),
                "search_body": " ".join(_stem(s) for s in sentences),
                "product_id": product_ids[product_index],
                "category_id": category_ids[category_index],
                "territory_id": territory_id,
                "author_id": author_id,
                "status": status,
                "merged_into_id": merged_into,
                "event_id": None,
                "workshop_id": None,
                "providers_asking": rng.choice([None, None, 3, 5, 12, 30]),
                "votes_count": len(voters),
                "territories_count": len(seen_territories),
                "providers_count": sum(providers[t] for t in seen_territories),
                "comments_count": 0,
                "created_at": created,
                "updated_at": created,
            }
        )
        history_rows.append(
            {
                "wish_id": wid,
                "actor_id": author_id,
                "kind": "created",
                "from_value": None,
                "to_value": WishStatus.NEW,
                "note": "",
                "created_at": created,
            }
        )
        if status != WishStatus.NEW:
            history_rows.append(
                {
                    "wish_id": wid,
                    "actor_id": None,
                    "kind": "merge" if merged_into else "status",
                    "from_value": WishStatus.NEW,
                    "to_value": str(merged_into) if merged_into else status,
                    "note": "",
                    "created_at": created + timedelta(days=7),
                }
            )

    # Comments, mostly on popular wishes; counters follow.
    comment_total = wishes // 3
    comment_rows = []
    if wishes:
        targets = rng.choices(range(wishes), weights=support, k=comment_total)
        for index in targets:
            row = wish_rows[index]
            row["comments_count"] += 1
            comment_rows.append(
                {
                    "wish_id": row["id"],
                    "author_id": first_user + rng.randrange(users),
                    "body": rng.choice(COMMENTS),
                    "is_official": False,
                    "created_at": row["created_at"] + timedelta(days=rng.randint(1, 30)),
                }
            )
    _insert(connection, Wish.__table__, wish_rows, tick)
    counts.wishes = wishes
    _insert(connection, Vote.__table__, vote_rows, tick)
    counts.votes = len(vote_rows)
    del vote_rows
    _insert(connection, Comment.__table__, comment_rows, tick)
    counts.comments = len(comment_rows)

    # Roadmap items linked to accepted wishes, with history lines.
    accepted = [r for r in wish_rows if r["status"] == WishStatus.ACCEPTED]
    item_count = max(1, wishes // 200) if accepted else 0
    first_item = next_id(RoadmapItem)
    item_rows, link_rows = [], []
    linked: set[int] = set()
    for j in range(item_count):
        item_id = first_item + j
        item_status = rng.choices(
            [s for s, _ in ROADMAP_STATUSES], weights=[w for _, w in ROADMAP_STATUSES]
        )[0]
        year = rng.choice([2025, 2026, 2027])
        anchor = rng.choice(accepted)
        item_rows.append(
            {
                "id": item_id,
                "title": anchor["title"],
                "description": "",
                "product_id": anchor["product_id"],
                "status": item_status,
                "target": f"{year}-T{rng.randint(1, 4)}",
                "external_ref": None,
                "release": f"{year}.{rng.randint(1, 12)}" if item_status == "shipped" else None,
                "shipped_on": date(year, rng.randint(1, 12), 1)
                if item_status == "shipped"
                else None,
                "created_by_id": None,
                "created_at": EPOCH,
                "updated_at": EPOCH,
                "version": 1,
            }
        )
        for wish in [anchor, *rng.sample(accepted, min(len(accepted), rng.randint(0, 4)))]:
            if wish["id"] in linked:
                continue
            linked.add(wish["id"])
            link_rows.append(
                {"wish_id": wish["id"], "roadmap_item_id": item_id, "created_at": EPOCH}
            )
            history_rows.append(
                {
                    "wish_id": wish["id"],
                    "roadmap_item_id": item_id,
                    "actor_id": None,
                    "kind": "link",
                    "from_value": None,
                    "to_value": str(item_id),
                    "note": "",
                    "created_at": wish["created_at"] + timedelta(days=14),
                }
            )
    del wish_rows
    _insert(connection, RoadmapItem.__table__, item_rows, tick)
    _insert(connection, WishLink.__table__, link_rows, tick)
    for row in history_rows:
        row.setdefault("roadmap_item_id", None)
    _insert(connection, StatusChange.__table__, history_rows, tick)
    counts.roadmap_items = len(item_rows)
    counts.links = len(link_rows)
    counts.history = len(history_rows)

    rebuild_vocabulary(connection)
    install_thesaurus(connection)
    activity.rebuild()
    if dialect == "sqlite":
        connection.exec_driver_sql("ANALYZE")  # planner statistics for the new volume
    if dialect == "postgresql":
        for table in ("territory", "user_account", "wish", "vote", "roadmap_item"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )
        # Without fresh statistics the planner takes the loaded tables for empty ones
        # and picks nested loops over a million rows.
        connection.exec_driver_sql("ANALYZE")
    return counts


def _catalog_ids(connection, model, entries: Iterable[tuple[str, str]], *, with_description):
    existing = dict(connection.execute(select(model.slug, model.id)).all())
    rows = []
    for position, (name, slug) in enumerate(entries):
        if slug not in existing:
            row = {"name": name, "slug": slug, "position": position, "active": True}
            if with_description:
                row["description"] = ""
            rows.append(row)
    if rows:
        connection.execute(insert(model.__table__), rows)
        existing = dict(connection.execute(select(model.slug, model.id)).all())
    return [existing[slug] for _, slug in entries]


def expected_rows(wishes: int, votes: int | None, territories: int, users: int | None) -> int:
    """Rows the progress bar counts (roughly), for its length."""
    users = users if users is not None else max(territories * 5, wishes // 20)
    votes = votes if votes is not None else wishes * 10
    return territories + users + wishes + votes + wishes // 3 + wishes * 2
