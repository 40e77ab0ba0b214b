"""Authorisation matrix: EVERY route of ``app.url_map`` × every kind of caller.

The table ``MATRIX`` below is the readable statement of who may call what. Each row is
``(endpoint, method) -> Access(allowed roles, code for the others)``:

- a caller whose role is allowed must get through (2xx, or a 3xx that is not the login
  page; 400/409/422 only where the row says the fixture data makes it expected);
- an anonymous caller (or a deactivated user, whose session no longer counts) gets a
  302 to the login page on pages, 401 JSON on the API;
- a logged-in caller whose role is not allowed gets ``denied`` (403 by default; 404 where
  even the existence of the object must not leak: another user's tokens, notifications).

A route with no row FAILS ``test_every_route_has_a_row``: a new route cannot open a hole
unnoticed. CSRF is off (tests/conftest.py); the ids in URLs are real objects made by the
``world`` fixture, owned by ``referent`` of territory A.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date

import pytest

from app import create_app
from app.extensions import db as _db
from app.models import (
    Comment,
    Event,
    Notification,
    Pledge,
    RestitutionEntry,
    Role,
    Workshop,
    utcnow,
)
from app.services import roadmap as roadmap_services
from app.services import tokens as token_services
from tests import factories
from tests.conftest import make_config

# -- callers ---------------------------------------------------------------------------
ANON = "anonymous"
VISITOR = "visitor"
CLUB = "club_member"
REFERENT = "referent"  # referent of territory A, where the wish, token, notification are
OTHER_REF = "referent_other"  # referent of territory B
VENDOR = "vendor"
ADMIN = "admin"
DEACTIVATED = "deactivated"  # a referent of A whose account was switched off

CALLERS = (ANON, VISITOR, CLUB, REFERENT, OTHER_REF, VENDOR, ADMIN, DEACTIVATED)
LOGGED_OUT = {ANON, DEACTIVATED}

EVERYONE = frozenset(CALLERS)
SIGNED_IN = frozenset({VISITOR, CLUB, REFERENT, OTHER_REF, VENDOR, ADMIN})
MEMBERS = frozenset({CLUB, REFERENT, OTHER_REF, VENDOR, ADMIN})
FILERS = frozenset({REFERENT, OTHER_REF, VENDOR, ADMIN})
STAFF = frozenset({VENDOR, ADMIN})
ADMINS = frozenset({ADMIN})
OWNER = frozenset({REFERENT})
OWNER_OR_STAFF = frozenset({REFERENT, VENDOR, ADMIN})

OK = frozenset({200, 201, 204, 302, 303})


@dataclass(frozen=True)
class Access:
    allowed: frozenset
    denied: int = 403  # for signed-in callers outside ``allowed``
    ok: frozenset = OK  # acceptable codes for allowed callers
    data: dict = field(default_factory=dict)  # form fields or JSON body (ids by name)
    forbidden: frozenset = frozenset()  # callers refused by role (403) before any lookup
    to_login: bool = False  # success itself leads to the login page (password forms)


def page(allowed, **kw) -> Access:
    return Access(frozenset(allowed), **kw)


# -- the table -------------------------------------------------------------------------
# Form/JSON values written as "{wish_id}" are filled from the world fixture.
MATRIX: dict[tuple[str, str], Access] = {
    # public
    ("main.index", "GET"): page(EVERYONE),
    ("main.healthz", "GET"): page(EVERYONE),
    ("main.set_locale", "POST"): page(EVERYONE, data={"locale": "en", "next": "/wishes"}),
    ("static", "GET"): page(EVERYONE),
    ("auth.login", "GET"): page(EVERYONE),
    ("auth.login", "POST"): page(EVERYONE),  # re-rendered with errors, or redirected
    ("auth.logout", "POST"): page(EVERYONE),
    ("auth.forgot_password", "GET"): page(EVERYONE),
    ("auth.forgot_password", "POST"): page(
        EVERYONE, data={"email": "personne@example.org"}, to_login=True
    ),
    # a bogus token: the same 400 page for everyone
    ("auth.reset_password", "GET"): page(EVERYONE, ok={400}),
    ("auth.reset_password", "POST"): page(EVERYONE, ok={400}),
    # PUBLIC_ROADMAP is on by default: the roadmap and what shipped are public
    ("roadmap.index", "GET"): page(EVERYONE),
    ("roadmap.show", "GET"): page(EVERYONE),
    ("shipped.index", "GET"): page(EVERYONE),
    ("shipped.feed", "GET"): page(EVERYONE),
    # account: any signed-in user, on their own things only
    ("auth.account", "GET"): page(SIGNED_IN),
    ("auth.account", "POST"): page(SIGNED_IN, data={"prefs-locale": "fr", "prefs-submit": "1"}),
    ("auth.token_create", "POST"): page(SIGNED_IN, ok={200}, data={"token-name": "Tableur"}),
    ("auth.token_revoke", "POST"): page(OWNER, denied=404),
    ("auth.tokens_revoke_all", "POST"): page(SIGNED_IN),
    # notifications: one's own only; another user's notification does not exist (404)
    ("notifications.index", "GET"): page(MEMBERS),
    ("notifications.mark_read", "POST"): page(OWNER, denied=404, forbidden={VISITOR}),
    ("notifications.mark_all_read", "POST"): page(MEMBERS),
    # a group is narrowed to the caller's own notifications: nothing of theirs, nothing marked
    ("notifications.mark_wish_read", "POST"): page(MEMBERS),
    ("notifications.mark_item_read", "POST"): page(MEMBERS),
    # wishes
    ("wishes.index", "GET"): page(MEMBERS),
    ("wishes.show", "GET"): page(MEMBERS),
    ("wishes.new", "GET"): page(FILERS),
    ("wishes.new", "POST"): page(
        FILERS,
        data={
            "title": "Un souhait déposé par la matrice",
            "body": "Texte.",
            "product": "{product_id}",
            "category": "{category_id}",
            "territory": "{territory_id}",
        },
    ),
    ("wishes.edit", "GET"): page(OWNER_OR_STAFF),
    ("wishes.edit", "POST"): page(
        OWNER_OR_STAFF,
        data={
            "title": "Titre modifié par la matrice",
            "body": "Texte.",
            "product": "{product_id}",
            "category": "{category_id}",
            "territory": "{territory_id}",
        },
    ),
    # staff have no territory of their own: they record support on a territory's behalf
    ("wishes.vote", "POST"): page({REFERENT, OTHER_REF}),
    ("wishes.unvote", "POST"): page(FILERS),
    ("wishes.follow", "POST"): page(MEMBERS),
    ("wishes.unfollow", "POST"): page(MEMBERS),
    ("wishes.comment", "POST"): page(MEMBERS, data={"body": "Un commentaire."}),
    # a comment: its author alone changes it (the world's comment is the referent's)
    ("wishes.comment_card", "GET"): page(MEMBERS),
    ("wishes.comment_edit", "GET"): page(OWNER),
    ("wishes.comment_edit", "POST"): page(OWNER, data={"body": "Corrigé."}),
    ("wishes.comment_delete", "POST"): page(OWNER),
    ("exports.wishes", "GET"): page(MEMBERS),
    ("exports.roadmap", "GET"): page(MEMBERS),
    # roadmap writes
    ("roadmap.new", "GET"): page(STAFF),
    ("roadmap.new", "POST"): page(STAFF, data={"title": "Nouvel élément", "status": "considering"}),
    ("roadmap.edit", "GET"): page(STAFF),
    ("roadmap.edit", "POST"): page(STAFF, data={"title": "Élément modifié"}),
    ("roadmap.set_status", "POST"): page(STAFF, data={"status": "planned"}),
    ("roadmap.link", "POST"): page(STAFF, data={"wish": "{other_wish_id}"}),
    ("roadmap.wish_suggestions", "GET"): page(STAFF),
    ("roadmap.unlink", "POST"): page(STAFF),
    ("roadmap.follow", "POST"): page(MEMBERS),
    ("roadmap.unfollow", "POST"): page(MEMBERS),
    # vendor's triage
    ("triage.triage", "GET"): page(STAFF),
    ("triage.wish_status", "POST"): page(STAFF, data={"status": "under_review"}),
    ("triage.wish_merge", "POST"): page(STAFF, data={"into": "{other_wish_id}"}),
    ("triage.wish_link", "POST"): page(STAFF, data={"item": "{item_id}"}),
    ("triage.item_suggestions", "GET"): page(STAFF),
    ("triage.wish_unlink", "POST"): page(STAFF),
    ("triage.comment_official", "POST"): page(STAFF),
    # territories, map, dashboard
    ("territories.index", "GET"): page(MEMBERS),
    ("dashboard.index", "GET"): page(MEMBERS),
    ("dashboard.chart_csv", "GET"): page(MEMBERS),
    ("dashboard.presentation", "GET"): page(MEMBERS),
    # events
    ("events.index", "GET"): page(MEMBERS),
    ("events.show", "GET"): page(MEMBERS),
    ("events.restitution", "GET"): page(MEMBERS),
    ("events.restitution_csv", "GET"): page(MEMBERS),
    ("events.capture", "GET"): page(FILERS),
    ("events.capture", "POST"): page(
        FILERS,
        data={
            "title": "Souhait saisi en atelier",
            "body": "",
            "product": "{product_id}",
            "category": "{category_id}",
            "territory": "{territory_id}",
        },
    ),
    # the admin prepares any meeting; a referent proposes one hosted by their own
    # territory (a CRT's referent: one of their region) and prepares the meetings their
    # territory hosts; the world's event is hosted by territory A
    ("events.new", "GET"): page({ADMIN, REFERENT, OTHER_REF}),
    ("events.new", "POST"): page(
        {ADMIN, REFERENT, OTHER_REF},
        ok={302, 303},  # created: a form re-rendered with an error is no success
        data={"name": "Rencontre de la matrice", "host_territory": "{own_territory_id}"},
    ),
    ("events.edit", "GET"): page({ADMIN, REFERENT}),
    ("events.edit", "POST"): page(
        {ADMIN, REFERENT},
        ok={302, 303},
        data={"name": "Rencontre renommée", "slug": "rn", "workshops": "Tarifs"},
    ),
    # the Rencontre cycle: members watch; referents (own territory) and staff (on a
    # territory's behalf) spend dots; staff run the workshops and the restitution
    ("events.board", "GET"): page(MEMBERS),
    ("events.review", "GET"): page(MEMBERS),
    ("events.vote", "GET"): page({REFERENT, OTHER_REF, VENDOR, ADMIN}),
    ("events.vote", "POST"): page(
        {REFERENT, OTHER_REF, VENDOR, ADMIN},
        data={"wish_id": "{wish_id}", "count": "1", "territory": "{territory_slug}"},
    ),
    ("events.workshop_open", "POST"): page(STAFF, data={"open": "1"}),
    # the programme: staff, or whoever prepares the meeting (host territory A's referent)
    ("events.agenda", "POST"): page(
        OWNER_OR_STAFF, data={"workshop": "{workshop_id}", "wish": "{other_wish_id}"}
    ),
    ("events.restitution_freeze", "POST"): page(STAFF),
    ("events.restitution_answer", "POST"): page(
        STAFF, data={"decision": "later", "text": "Pas cette année."}
    ),
    ("events.restitution_publish", "POST"): page(STAFF),
    # board reports: a territory's for its referents, a club's for its members and the
    # referents of its territories, the network's for staff; staff read them all
    ("reports.territory", "GET"): page(OWNER_OR_STAFF),
    ("reports.territory_pdf", "GET"): page(OWNER_OR_STAFF),
    ("reports.club", "GET"): page({CLUB, REFERENT, VENDOR, ADMIN}),
    ("reports.club_pdf", "GET"): page({CLUB, REFERENT, VENDOR, ADMIN}),
    ("reports.network", "GET"): page(STAFF),
    ("reports.network_pdf", "GET"): page(STAFF),
    # co-funding: a referent pledges for their own territory; the vendor sets the goal and
    # confirms (the world's item has a goal that territory A's pledge reaches)
    ("roadmap.pledge", "POST"): page({REFERENT, OTHER_REF}, data={"amount": "500"}),
    ("roadmap.pledge_withdraw", "POST"): page({REFERENT, OTHER_REF}),
    ("roadmap.funding_goal", "POST"): page(STAFF, data={"goal": "2000"}),
    ("roadmap.funding_confirm", "POST"): page(STAFF),
    ("triage.triage_bulk", "POST"): page(
        STAFF, data={"wish": "{wish_id}", "action": "status", "status": "under_review"}
    ),
    ("events.import_csv", "GET"): page(ADMINS),
    ("events.import_csv", "POST"): page(ADMINS),
    ("events.import_template", "GET"): page(ADMINS),
    # territory and club pages
    ("territories.show", "GET"): page(MEMBERS),
    ("territories.club", "GET"): page(MEMBERS),
    # JSON API (401 for anonymous callers instead of the login redirect)
    ("api.openapi_json", "GET"): page(EVERYONE),
    ("api.docs", "GET"): page(EVERYONE),
    ("api.territories", "GET"): page(MEMBERS),
    ("api.products", "GET"): page(MEMBERS),
    ("api.categories", "GET"): page(MEMBERS),
    ("api.wishes_index", "GET"): page(MEMBERS),
    ("api.wishes_show", "GET"): page(MEMBERS),
    ("api.wishes_similar", "GET"): page(MEMBERS),
    ("api.wishes_create", "POST"): page(
        FILERS,
        data={
            "title": "Souhait par l'API",
            "body": "Texte.",
            "product": "{product_slug}",
            "category": "{category_slug}",
            "territory": "{territory_slug}",
        },
    ),
    ("api.wishes_update", "PATCH"): page(OWNER_OR_STAFF, data={"title": "Titre par l'API"}),
    ("api.wishes_comments", "GET"): page(MEMBERS),
    ("api.wishes_comment_create", "POST"): page(MEMBERS, data={"body": "Par l'API."}),
    ("api.wishes_merge", "POST"): page(STAFF, data={"into": "{other_wish_id}"}),
    ("api.wishes_vote", "PUT"): page({REFERENT, OTHER_REF}),
    ("api.wishes_unvote", "DELETE"): page(FILERS),
    ("api.roadmap_index", "GET"): page(EVERYONE),
    ("api.roadmap_show", "GET"): page(EVERYONE),
    ("api.shipped_index", "GET"): page(EVERYONE),
    ("api.roadmap_create", "POST"): page(STAFF, data={"title": "Élément par l'API"}),
    ("api.roadmap_update", "PATCH"): page(STAFF, data={"status": "planned"}),
    ("api.roadmap_link", "PUT"): page(STAFF, data={}),
    ("api.roadmap_unlink", "DELETE"): page(STAFF),
    # co-funding: the URL's territory is A: its referent and the admin only
    ("api.pledge_put", "PUT"): page({REFERENT, ADMIN}, data={"amount": 500}),
    ("api.pledge_delete", "DELETE"): page({REFERENT, ADMIN}),
    ("api.funding_confirm", "POST"): page(STAFF),
    # the Rencontre cycle
    ("api.events_index", "GET"): page(MEMBERS),
    ("api.events_show", "GET"): page(MEMBERS),
    ("api.workshop_board", "GET"): page(MEMBERS),
    ("api.workshop_update", "PATCH"): page(STAFF, data={"open": True}),
    ("api.dots_put", "PUT"): page(
        {REFERENT, OTHER_REF, VENDOR, ADMIN}, data={"count": 1, "territory": "{territory_slug}"}
    ),
    ("api.restitution_show", "GET"): page(MEMBERS),
    ("api.restitution_freeze", "POST"): page(STAFF),
    ("api.restitution_answer", "PUT"): page(
        STAFF, data={"decision": "later", "target": None, "text": "Pas cette année."}
    ),
    ("api.restitution_publish", "POST"): page(STAFF),
    ("api.review_show", "GET"): page(MEMBERS),
}

# administration: every page and form, for admins only (empty forms re-render: 200)
ADMIN_ROUTES = {
    "admin.index": ("GET",),
    "admin.catalog": ("GET",),
    "admin.catalog_edit": ("GET", "POST"),
    "admin.catalog_active": ("POST",),
    "admin.catalog_move": ("POST",),
    "admin.catalog_new": ("GET", "POST"),
    "admin.clubs": ("GET",),
    "admin.club_edit": ("GET", "POST"),
    "admin.club_active": ("POST",),
    "admin.club_member_add": ("POST",),
    "admin.club_member_remove": ("POST",),
    "admin.club_new": ("GET", "POST"),
    "admin.territories": ("GET",),
    "admin.territory_edit": ("GET", "POST"),
    "admin.territory_active": ("POST",),
    "admin.territory_new": ("GET", "POST"),
    "admin.users": ("GET",),
    "admin.user_edit": ("GET", "POST"),
    "admin.user_active": ("POST",),
    "admin.user_password": ("POST",),
    "admin.user_new": ("GET", "POST"),
    "admin.synonyms": ("GET", "POST"),
}
for _endpoint, _methods in ADMIN_ROUTES.items():
    for _method in _methods:
        MATRIX[(_endpoint, _method)] = page(ADMINS)

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _route_methods(app) -> set[tuple[str, str]]:
    return {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IGNORED_METHODS
    }


def test_every_route_has_a_row(matrix_app):
    """No hole: every (endpoint, method) served by the app is in the table, and back."""
    routes = _route_methods(matrix_app)
    missing = sorted(routes - MATRIX.keys())
    assert not missing, f"routes with no row in MATRIX (add one): {missing}"


def test_no_stale_row(matrix_app):
    stale = sorted(MATRIX.keys() - _route_methods(matrix_app))
    assert not stale, f"rows for routes that no longer exist: {stale}"


# -- the world -------------------------------------------------------------------------
# One app and one world for the whole module (720 cases): the in-memory SQLite database
# is snapshotted once with the sqlite3 backup API and restored before every case, so each
# request sees the same untouched world whatever the previous case wrote. Authorisation
# does not depend on the database engine: this module always runs on SQLite.
@dataclass
class World:
    users: dict  # caller -> session id (user.get_id())
    ids: dict


@pytest.fixture(scope="module")
def matrix_app():
    app = create_app(make_config("sqlite://"))
    with app.app_context():
        _db.create_all()
        world = _build_world(factories.Factory(_db))
        _db.session.remove()
        live = _db.engine.raw_connection().driver_connection
        snapshot = sqlite3.connect(":memory:")
        live.backup(snapshot)
    app.extensions["matrix"] = (world, live, snapshot)
    yield app
    with app.app_context():
        _db.engine.dispose()
    snapshot.close()


@pytest.fixture
def world(matrix_app) -> World:
    world, live, snapshot = matrix_app.extensions["matrix"]
    with matrix_app.app_context():
        _db.session.remove()
        snapshot.backup(live)  # back to the untouched world
    return world


def _build_world(make) -> World:
    db = make.db
    territory_a = make.territory(slug="territoire-a")
    territory_b = make.territory(slug="territoire-b")
    club = make.club(territories=[territory_a])
    product = make.product()
    category = make.category()
    referent = make.user(role=Role.REFERENT, territory=territory_a)
    users = {
        VISITOR: make.user(role=Role.VISITOR),
        CLUB: make.user(role=Role.CLUB_MEMBER, territory=territory_a, club_id=club.id),
        REFERENT: referent,
        OTHER_REF: make.user(role=Role.REFERENT, territory=territory_b),
        VENDOR: make.user(role=Role.VENDOR),
        ADMIN: make.user(role=Role.ADMIN),
        DEACTIVATED: make.user(role=Role.REFERENT, territory=territory_a, active=False),
    }
    wish = make.wish(author=referent, product=product, category=category)
    other = make.wish(territory=territory_b, product=product, category=category)
    comment = Comment(wish_id=wish.id, author_id=referent.id, body="Bonjour")
    db.session.add(comment)
    item = roadmap_services.roadmap_item_create(actor=users[VENDOR], title="Saisons tarifaires")
    roadmap_services.wish_link(actor=users[VENDOR], item_id=item.id, wish_id=wish.id)
    token, _plain = token_services.token_create(user=referent, name="Jeton du référent")
    # co-funding: a goal that territory A's pledge reaches (the vendor may confirm)
    item.funding_goal = 1000
    db.session.add(
        Pledge(
            roadmap_item_id=item.id, territory_id=territory_a.id, amount=1000, user_id=referent.id
        )
    )
    # the meeting hosted by territory A, its open workshop, where the wish was captured
    event = Event(
        name="Rencontre",
        slug="rencontre",
        starts_on=date(2024, 4, 4),
        host_territory_id=territory_a.id,
    )
    # last year's meeting, its restitution frozen with the wish in it, answer drafted
    frozen = Event(
        name="Rencontre restituée",
        slug="restituee",
        starts_on=date(2023, 4, 4),
        restitution_frozen_at=utcnow(),
    )
    db.session.add_all([event, frozen])
    db.session.flush()
    workshop = Workshop(event_id=event.id, title="Tarifs", slug="tarifs", position=0)
    workshop.is_open = True
    db.session.add(workshop)
    db.session.flush()
    wish.workshop_id = workshop.id
    entry = RestitutionEntry(
        event_id=frozen.id,
        wish_id=wish.id,
        position=1,
        rank=1,
        dots=0,
        territories_count=1,
        status_at_freeze=wish.status,
        decision="later",  # a drafted answer, not yet published
        answer_text="Pas cette année.",
        answered_at=utcnow(),
        answered_by_id=users[VENDOR].id,
    )
    notification = Notification(user_id=referent.id, kind="status", wish_id=wish.id)
    db.session.add_all([entry, notification])
    db.session.commit()
    ids = {
        "wish_id": wish.id,
        "other_wish_id": other.id,
        "item_id": item.id,
        "comment_id": comment.id,
        "token_id": token.id,
        "notification_id": notification.id,
        "product_id": product.id,
        "category_id": category.id,
        "territory_id": territory_a.id,
        "territory_b_id": territory_b.id,
        "product_slug": product.slug,
        "category_slug": category.slug,
        "territory_slug": territory_a.slug,
        "club_slug": club.slug,
        "club_id": club.id,
        "event_slug": event.slug,
        "frozen_event_slug": frozen.slug,
        "workshop_id": workshop.id,
        "workshop_slug": workshop.slug,
        "user_id": referent.id,
    }
    return World(users={caller: user.get_id() for caller, user in users.items()}, ids=ids)


# endpoints whose <slug> is last year's meeting, the one with a frozen restitution
ON_FROZEN_EVENT = {
    "api.restitution_answer",
    "api.restitution_publish",
    "events.restitution_answer",
    "events.restitution_publish",
}
CLUB_SLUG = {"territories.club", "reports.club", "reports.club_pdf"}


def _url_values(endpoint: str, arguments: set[str], ids: dict) -> dict:
    values = {}
    for name in arguments:
        if name == "slug":
            prefix = endpoint.split(".")[0]
            values[name] = {
                "events": ids["event_slug"],
                "territories": ids["territory_slug"],
            }.get(prefix, ids["territory_slug"])
            if prefix == "api" and ("event" in endpoint or "restitution" in endpoint):
                values[name] = ids["event_slug"]
            if endpoint == "api.review_show":
                values[name] = ids["event_slug"]
            if endpoint in ON_FROZEN_EVENT:
                values[name] = ids["frozen_event_slug"]
            if endpoint in CLUB_SLUG:
                values[name] = ids["club_slug"]
        elif name == "filename":
            values[name] = "css/app.css"
        elif name == "fmt":
            values[name] = "csv"
        elif name == "kind":
            values[name] = "products"
        elif name == "entry_id":
            values[name] = ids["product_id"]
        elif name == "token":
            values[name] = "jeton-inconnu"
        elif name == "chart":
            values[name] = "status"
        elif name in ids:
            values[name] = ids[name]
        else:  # pragma: no cover - a new URL variable: teach the matrix about it
            raise AssertionError(f"{endpoint}: no fixture value for <{name}>")
    return values


def _fill(data: dict, ids: dict, caller: str) -> dict:
    """Put the world's ids in; "{name}" alone keeps the id's type (JSON wants numbers).

    Referents file for their own territory: the territory field is for staff only.
    "{own_territory_id}" is the caller's territory (A for those who have none)."""
    filled = {}
    for key, value in data.items():
        if key == "territory" and caller in (REFERENT, OTHER_REF):
            continue
        if value == "{own_territory_id}":
            value = "{territory_b_id}" if caller == OTHER_REF else "{territory_id}"
        if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
            value = ids[value[1:-1]]
        elif isinstance(value, str):
            value = value.format(**ids)
        filled[key] = value
    return filled


def _request(client, app, endpoint: str, method: str, world: World, caller: str):
    rule = next(
        r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods
    )
    with app.test_request_context():
        from flask import url_for

        url = url_for(endpoint, **_url_values(endpoint, set(rule.arguments), world.ids))
    data = _fill(MATRIX[(endpoint, method)].data, world.ids, caller)
    if endpoint.startswith("api."):
        kwargs = {"json": data} if method != "GET" else {}
    else:
        kwargs = {"data": data} if method != "GET" else {}
    return client.open(url, method=method, **kwargs)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


CASES = sorted((endpoint, method, caller) for (endpoint, method) in MATRIX for caller in CALLERS)


@pytest.mark.parametrize(("endpoint", "method", "caller"), CASES)
def test_matrix(matrix_app, world, endpoint, method, caller):
    access = MATRIX[(endpoint, method)]
    client = matrix_app.test_client()
    if caller != ANON:
        with client.session_transaction() as session:
            session["_user_id"] = world.users[caller]
            session["_fresh"] = True
    response = _request(client, matrix_app, endpoint, method, world, caller)
    code = response.status_code
    is_api = endpoint.startswith("api.")
    where = f"{method} {endpoint} as {caller}: {code} {response.headers.get('Location', '')}"

    if caller in access.allowed:
        assert code in access.ok, where
        assert access.to_login or not _is_login_redirect(response), where
    elif caller in LOGGED_OUT:
        if is_api:
            assert code == 401, where
            assert response.is_json and response.json["error"]["code"] == "unauthorized", where
        else:
            assert _is_login_redirect(response), where
    else:
        assert code == (403 if caller in access.forbidden else access.denied), where
        if is_api:
            assert response.is_json and "error" in response.json, where


def test_referent_cannot_prepare_a_meeting_hosted_elsewhere(matrix_app, world):
    """events.new lets every referent in (to host at home): hosting in another territory
    is refused by the service, shown on the re-rendered form, and nothing is created."""
    client = matrix_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = world.users[OTHER_REF]
        session["_fresh"] = True
    with matrix_app.test_request_context():
        from flask import url_for

        url = url_for("events.new")
    data = {"name": "Rencontre chez les voisins", "host_territory": world.ids["territory_id"]}
    response = client.post(url, data=data)
    assert response.status_code == 200
    with matrix_app.app_context():
        names = _db.session.execute(_db.select(Event.name)).scalars().all()
    assert "Rencontre chez les voisins" not in names
