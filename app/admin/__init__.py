from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import routes, thesaurus  # noqa: E402,F401
