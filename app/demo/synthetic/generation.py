"""``seed_synthetic``: the rows of the synthetic data set, generated in memory with
counters that equal them, then bulk loaded.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, insert, select, text

from app import models
from app.demo.synthetic.bulk import bulk_insert
from app.demo.synthetic.vocabulary import (
    ASKS,
    AUDIENCES,
    CATEGORIES,
    COMMENTS,
    FIRST_NAMES,
    LAST_NAMES,
    OPENINGS,
    PLACES,
    PROBLEMS,
    PRODUCTS,
    REGIONS,
    ROADMAP_STATUSES,
    SITS,
    TOPICS,
    TOWNS,
    WISH_STATUSES,
)
from app.extensions import db
from app.search.index import install_thesaurus, rebuild_vocabulary
from app.search.text import stemmed_text
from app.services import activity
from app.services.votes import rebuild_support_counts

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


@lru_cache(maxsize=100_000)
def _stem(fragment: str) -> str:
    return stemmed_text(fragment)


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
    roadmap_items: int | None = None,
    seed: int = 42,
    progress: Callable[[int], None] | None = None,
) -> SyntheticCounts:
    """Generate and insert scale data; the caller commits. Raises ``NotEmpty``."""
    tick = progress or (lambda _n: None)
    session = db.session
    if session.execute(select(func.count()).select_from(models.Wish)).scalar_one():
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
    product_ids = _catalog_ids(connection, models.Product, PRODUCTS, with_description=True)
    category_ids = _catalog_ids(connection, models.Category, CATEGORIES, with_description=False)

    # Territories.
    first_territory = next_id(models.Territory)
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
    bulk_insert(connection, models.Territory.__table__, territory_rows, tick)
    counts.territories = territories
    territory_ids = [r["id"] for r in territory_rows]

    # Users: referents spread over territories (a few club members and one vendor).
    first_user = next_id(models.User)
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
                "role": models.Role.REFERENT,
                "territory_id": tid,
                "locale": "fr",
                "notification_preference": "never",
                "active": True,
                "created_at": EPOCH,
            }
        )
    bulk_insert(connection, models.User.__table__, user_rows, tick)
    counts.users = users
    del user_rows

    # Wishes, with support drawn Zipf-like and voters sampled without repetition.
    first_wish = next_id(models.Wish)
    first_vote = next_id(models.Vote)
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
        if status == models.WishStatus.DUPLICATE:
            if i == 0:
                status = models.WishStatus.NEW
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
                "to_value": models.WishStatus.NEW,
                "note": "",
                "created_at": created,
            }
        )
        if status != models.WishStatus.NEW:
            history_rows.append(
                {
                    "wish_id": wid,
                    "actor_id": None,
                    "kind": "merge" if merged_into else "status",
                    "from_value": models.WishStatus.NEW,
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
    bulk_insert(connection, models.Wish.__table__, wish_rows, tick)
    counts.wishes = wishes
    bulk_insert(connection, models.Vote.__table__, vote_rows, tick)
    counts.votes = len(vote_rows)
    del vote_rows
    bulk_insert(connection, models.Comment.__table__, comment_rows, tick)
    counts.comments = len(comment_rows)

    # Roadmap items linked to accepted wishes, with history lines.
    accepted = [r for r in wish_rows if r["status"] == models.WishStatus.ACCEPTED]
    if roadmap_items is None:
        roadmap_items = max(1, wishes // 200)
    item_count = roadmap_items if accepted else 0
    first_item = next_id(models.RoadmapItem)
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
    bulk_insert(connection, models.RoadmapItem.__table__, item_rows, tick)
    bulk_insert(connection, models.WishLink.__table__, link_rows, tick)
    for row in history_rows:
        row.setdefault("roadmap_item_id", None)
    bulk_insert(connection, models.StatusChange.__table__, history_rows, tick)
    counts.roadmap_items = len(item_rows)
    counts.links = len(link_rows)
    counts.history = len(history_rows)

    rebuild_vocabulary(connection)
    install_thesaurus(connection)
    activity.rebuild()
    rebuild_support_counts()
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
