from flask import Blueprint

bp = Blueprint("wishes", __name__)

from app.wishes import routes  # noqa: E402,F401
