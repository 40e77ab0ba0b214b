"""Search: accents are folded before stemming, so a word typed without its accents meets
the accented word (``activites`` finds ``activités``); the stemmed columns and the
full-text index are rebuilt.

Revision ID: 0012
Revises: 0011
"""

import unicodedata

import snowballstemmer
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

WISH = sa.table(
    "wish",
    sa.column("id", sa.Integer),
    sa.column("title", sa.String),
    sa.column("body", sa.Text),
    sa.column("search_title", sa.Text),
    sa.column("search_body", sa.Text),
)
BATCH = 2000


def _restem(connection, stemmed_text) -> None:
    rows = connection.execute(sa.select(WISH.c.id, WISH.c.title, WISH.c.body)).all()
    update = (
        WISH.update()
        .where(WISH.c.id == sa.bindparam("wid"))
        .values(search_title=sa.bindparam("st"), search_body=sa.bindparam("sb"))
    )
    for start in range(0, len(rows), BATCH):
        connection.execute(
            update,
            [
                {"wid": r.id, "st": stemmed_text(r.title or ""), "sb": stemmed_text(r.body or "")}
                for r in rows[start : start + BATCH]
            ],
        )
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO wish_fts(wish_fts) VALUES ('rebuild')")


def _stemmed_accents_last(text: str) -> str:
    """The previous normalisation (stems of the accented words, accents removed after),
    for the downgrade."""
    import re

    stop = set(
        """a à au aux avec ce ces c d dans de des du elle elles en et eux il ils je j l la le
        les leur leurs lui m ma mais me même mes moi mon n ne nos notre nous on ou où par
        pas pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre
        vous y est sont être avoir ont a été plus sans entre chaque faire peut""".split()
    )
    stemmer = snowballstemmer.stemmer("french")
    out = []
    for word in re.findall(r"[^\W_]+", (text or "").lower()):
        if word in stop:
            continue
        stem = stemmer.stemWord(word)
        for ending, replacement in (("onnal", "on"), ("onni", "on"), ("onnel", "on")):
            if stem.endswith(ending) and len(stem) > len(ending) + 2:
                stem = stem[: -len(ending)] + replacement
                break
        decomposed = unicodedata.normalize("NFKD", stem)
        out.append(
            "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")
        )
    return " ".join(out)


def upgrade():
    from app.search.text import stemmed_text

    _restem(op.get_bind(), stemmed_text)


def downgrade():
    _restem(op.get_bind(), _stemmed_accents_last)
