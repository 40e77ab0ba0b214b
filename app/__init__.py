"""Souhaits: the shared roadmap of tourism destinations and their marketplace vendor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_for_environment


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_for_environment())
    if config:
        app.config.update(config)
    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_security(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from app import auth_loader, i18n
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.services import figures  # noqa: F401  (its flush hook keeps cached figures fresh)
    from app.sqlite import configure_sqlite

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    auth_loader.configure(login_manager)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.install_template_gettext(app)
    limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.converters import DatabaseIntConverter

    app.url_map.converters["int"] = DatabaseIntConverter  # before any rule is added
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.dashboard import bp as dashboard_bp
    from app.events import bp as events_bp
    from app.exports import bp as exports_bp
    from app.main import bp as main_bp
    from app.notifications import bp as notifications_bp
    from app.reports import bp as reports_bp
    from app.roadmap import bp as roadmap_bp
    from app.shipped import bp as shipped_bp
    from app.territories import bp as territories_bp
    from app.triage import bp as triage_bp
    from app.wishes import bp as wishes_bp

    for blueprint in (
        main_bp,
        auth_bp,
        wishes_bp,
        roadmap_bp,
        shipped_bp,
        territories_bp,
        events_bp,
        exports_bp,
        triage_bp,
        admin_bp,
        notifications_bp,
        reports_bp,
        dashboard_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def register_errorhandlers(app: Flask) -> None:
    from app.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.templating import register

    register(app)


def register_security(app: Flask) -> None:
    from app.security import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import register

    register(app)


def _migrations_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent / "migrations"
