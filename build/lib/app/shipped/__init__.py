from flask import Blueprint

bp = Blueprint("shipped", __name__)

from app.shipped import routes  # noqa: E402,F401
