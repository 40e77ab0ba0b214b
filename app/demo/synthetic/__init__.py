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

from app.demo.synthetic.bulk import vacuum_after_load
from app.demo.synthetic.generation import NotEmpty, SyntheticCounts, expected_rows, seed_synthetic
from app.demo.synthetic.vocabulary import AUDIENCES, PLACES, TOPICS, TOWNS

__all__ = [
    "AUDIENCES",
    "PLACES",
    "TOPICS",
    "TOWNS",
    "NotEmpty",
    "SyntheticCounts",
    "expected_rows",
    "seed_synthetic",
    "vacuum_after_load",
]
