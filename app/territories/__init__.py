from flask import Blueprint

bp = Blueprint("territories", __name__)

from app.territories import map_routes, routes  # noqa: E402,F401
