from flask import Blueprint

bp = Blueprint("roadmap", __name__)

from app.roadmap import funding_routes, routes  # noqa: E402,F401
