from flask import Blueprint

from app.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)

from app.api import errors  # noqa: E402

errors.register(bp)

from app.api import routes  # noqa: E402,F401
