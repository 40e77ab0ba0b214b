from flask import Blueprint

bp = Blueprint("events", __name__)

from app.events import rencontre_routes, routes  # noqa: E402,F401
