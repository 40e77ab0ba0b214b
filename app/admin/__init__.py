"""Admin pages (admin role only): users, territories, clubs, catalog, synonyms."""

from flask import Blueprint, abort, render_template
from flask_login import current_user

from app.extensions import login_manager
from app.models import Role

bp = Blueprint("admin", __name__)


@bp.before_request
def _admins_only():
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != Role.ADMIN:
        abort(403)
    return None


@bp.get("/admin")
def index():
    return render_template("admin/index.html")


from app.admin import catalog, clubs, territories, thesaurus, users  # noqa: E402,F401
