"""Hostile input on every HTML page and form: never a 500, for each role.

Every GET route of the URL map (ids and slugs taken from the demo data, so pages show
real objects) is requested with hostile query strings: integers beyond the database's
range, negative numbers, NUL, unusual unicode, very long strings, repeated and
``name[]`` parameters. Every form (each POST route) is sent with hostile values in all
the fields the app reads. Runs on SQLite, and on PostgreSQL with ``TEST_DATABASE_URL``
(which refuses NUL in text and integers beyond its range, so they must be stopped
before a query).
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter, IntegerConverter, PathConverter
from wtforms import Form

import app as app_package
from app.models import (
    ApiToken,
    Category,
    Club,
    Comment,
    Event,
    Notification,
    Product,
    RoadmapItem,
    Role,
    Territory,
    User,
    Wish,
    Workshop,
)

APP_DIR = Path(app_package.__file__).parent

HOSTILE = (
    "99999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "-1",
    "0",
    "1e309",
    "NaN",
    "a\x00b",
    "\u202e\U0001f600\u0301ÿ",
    "' OR 1=1 --",
    "x" * 5000,
    "2027-T9",
    "9999-12-31",
    "",
)
HOSTILE_FORM = ("99999999999999999999", "-1", "a\x00b", "\u202e\U0001f600", "x" * 20_000, "")

# Path arguments: which table a name's ids and slugs come from.
ID_MODELS = {
    "wish_id": Wish,
    "item_id": RoadmapItem,
    "user_id": User,
    "territory_id": Territory,
    "club_id": Club,
    "comment_id": Comment,
    "notification_id": Notification,
    "token_id": ApiToken,
    "event_id": Event,
    "workshop_id": Workshop,
    "product_id": Product,
    "category_id": Category,
    "entry_id": Product,
}
SLUG_MODELS = {"territories": Territory, "clubs": Club, "events": Event}


def _query_names() -> list[str]:
    """Every query-string name the app reads: ``args.get("…")`` in the code, and the
    fields of the filter classes built ``from_args``."""
    names = {"page", "per_page", "q", "sort", "status", "next", "year", "late", "exclude"}
    pattern = re.compile(r"""(?:args\.get(?:list)?|_\w*arg\w*)\(\s*["'](\w+)["']""")
    for path in APP_DIR.rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    for module_info in pkgutil.walk_packages([str(APP_DIR / "selectors")], "app.selectors."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if dataclasses.is_dataclass(value) and hasattr(value, "from_args"):
                names.update(f.name for f in dataclasses.fields(value))
    return sorted(names)


def _form_names() -> list[str]:
    """Every form field of the app's WTForms and every ``form.get("…")`` name."""
    names: set[str] = set()
    pattern = re.compile(r"""(?:form\.get(?:list)?|_\w*form\w*)\(\s*["'](\w+)["']""")
    for path in APP_DIR.rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    for module_info in pkgutil.walk_packages([str(APP_DIR)], "app."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Form) and value is not Form:
                names.update(
                    name for name in dir(value) if hasattr(getattr(value, name), "field_class")
                )
    return sorted(names)


class World:
    """The demo data, and the path arguments of each route filled from it."""

    def __init__(self, db):
        self.db = db
        self.ids = {}
        for name, model in ID_MODELS.items():
            self.ids[name] = db.session.execute(select(model.id).limit(1)).scalar() or 1
        self.slugs = {
            segment: db.session.execute(select(model.slug).limit(1)).scalar() or "x"
            for segment, model in SLUG_MODELS.items()
        }
        self.workshop = db.session.execute(select(Workshop).limit(1)).scalar()

    def arguments(self, rule) -> dict | None:
        values = {}
        segment = rule.rule.strip("/").split("/")[0]
        for name, converter in rule._converters.items():
            if isinstance(converter, PathConverter):
                return None
            if isinstance(converter, AnyConverter):
                values[name] = sorted(converter.items)[0]
            elif isinstance(converter, IntegerConverter):
                values[name] = self.ids.get(name, 1)
            elif name == "workshop_slug":
                values[name] = self.workshop.slug if self.workshop else "x"
            elif name == "slug" and segment == "events" and self.workshop is not None:
                values[name] = self.workshop.event.slug
            elif name == "slug":
                values[name] = self.slugs.get(segment, "x")
            else:
                values[name] = "x"
        return values


def _path(rule, values: dict) -> str:
    """The rule's path with these values, quoted as a client would (any value, even one
    the converter would refuse to build)."""
    return re.sub(
        r"<(?:[^>]*:)?(\w+)>", lambda m: quote(str(values[m.group(1)]), safe=""), rule.rule
    )


def _rules(app, method: str):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if method in rule.methods and not rule.rule.startswith(("/api/", "/static/")):
            yield rule


class Probe:
    """Sends requests as one role and keeps every 5xx or exception."""

    def __init__(self, app, client, user):
        self.app = app
        self.client = client
        self.user = user
        self.failures: list[str] = []

    def _login(self):
        with self.client.session_transaction() as session:
            session.clear()
            if self.user is not None:
                session["_user_id"] = self.user.get_id()
                session["_fresh"] = True

    def send(self, method: str, url: str, data=None):
        self._login()
        try:
            response = self.client.open(url, method=method, data=data)
        except Exception as error:  # noqa: BLE001 - each failure is reported below
            self.failures.append(f"{method} {url[:160]!r}: {type(error).__name__}: {error}"[:400])
            return
        if response.status_code >= 500:
            self.failures.append(f"{method} {url[:160]!r}: {response.status_code}")


@pytest.fixture
def world(app, db):
    from app.demo.seed import seed_demo

    seed_demo()
    db.session.commit()
    return World(db)


ROLES = ("anonymous", Role.REFERENT, Role.VENDOR, Role.ADMIN)


def _probe(app, client, make, role) -> Probe:
    user = None if role == "anonymous" else make.user(role=role)
    return Probe(app, client, user)


@pytest.mark.parametrize("role", ROLES)
def test_every_page_survives_hostile_query_strings(app, client, make, world, role):
    probe = _probe(app, client, make, role)
    names = _query_names()
    for rule in _rules(app, "GET"):
        arguments = world.arguments(rule)
        if arguments is None:
            continue
        base = _path(rule, arguments)
        for value in HOSTILE:
            probe.send("GET", base + "?" + urlencode({n: value for n in names}))
        # Repeated names, PHP-style arrays, and a name with no value.
        probe.send("GET", base + "?" + urlencode([(n, v) for n in names for v in ("1", "2")]))
        probe.send("GET", base + "?" + "&".join(f"{n}[]=1&{n}" for n in names))
        # One huge integer at a time, so no other bad parameter hides it (as the roles
        # that see the most and the least: the run stays short).
        for name in names if role in ("anonymous", Role.ADMIN) else ():
            probe.send("GET", f"{base}?{name}=99999999999999999999")
        for name in [n for n, c in rule._converters.items() if not isinstance(c, AnyConverter)]:
            for value in ("99999999999999999999", "a\x00b", "\U0001f600" * 300):
                probe.send("GET", _path(rule, {**arguments, name: value}))
    assert probe.failures == [], "\n".join(probe.failures)


@pytest.mark.parametrize("role", ROLES)
def test_every_form_survives_hostile_values(app, client, make, world, role):
    probe = _probe(app, client, make, role)
    names = _form_names()
    for rule in _rules(app, "POST"):
        arguments = world.arguments(rule)
        if arguments is None or rule.endpoint == "auth.logout":
            continue
        url = _path(rule, arguments)
        for value in HOSTILE_FORM:
            probe.send("POST", url, data={n: value for n in names})
        probe.send("POST", url, data={n: ["1", "99999999999999999999"] for n in names})
    assert probe.failures == [], "\n".join(probe.failures)
