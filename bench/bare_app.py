"""The bare route served by gunicorn in ``bench.concurrency``: 50 wishes read once from
``DATABASE_URL`` at start, then written from memory into a plain HTML table on every
request (the same template as ``bench.run``'s ``bare_plain``)."""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

from bench.run import PLAIN_TEMPLATE

app = Flask(__name__)
_engine = create_engine(os.environ["DATABASE_URL"])
with _engine.connect() as _connection:
    ROWS = [
        dict(row._mapping)
        for row in _connection.execute(
            text(
                "SELECT w.id, w.title, w.status, t.name AS territory_name,"
                " w.territories_count, w.votes_count FROM wish w"
                " JOIN territory t ON t.id = w.territory_id"
                " ORDER BY w.territories_count DESC, w.id LIMIT 50"
            )
        )
    ]
_engine.dispose()


@app.get("/")
def bare_plain() -> str:
    return render_template_string(PLAIN_TEMPLATE, rows=ROWS)
