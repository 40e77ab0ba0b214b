from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.main import bp
from app.redirects import safe_local_path
from app.selectors import home
from app.services import permissions


@bp.get("/")
def index():
    if permissions.can_browse(current_user):
        return render_template("main/home.html", home=home.member_home(current_user))
    return render_template(
        "main/index.html",
        story=home.network_story(roadmap=bool(current_app.config.get("PUBLIC_ROADMAP"))),
    )


@bp.post("/locale")
def set_locale():
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
    return redirect(safe_local_path(request.form.get("next")) or url_for("main.index"))


@bp.get("/healthz")
def healthz():
    """200 when the database answers, else 503 (a load balancer takes the worker out)."""
    try:
        db.session.execute(select(1))
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Health check: the database does not answer", exc_info=True)
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok"}
