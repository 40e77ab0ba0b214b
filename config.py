"""Settings read from the environment (see docs/operations.md, "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise RuntimeError(f"{name} must be a whole number ≥ 0, not {value!r}")
    return int(value)


def _list(name: str) -> list[str] | None:
    values = [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]
    return values or None


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        instance = BASE_DIR / "instance"
        instance.mkdir(exist_ok=True)
        return f"sqlite:///{instance / 'souhaits.db'}"
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgres://")
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SITE_NAME = os.environ.get("SITE_NAME", "Souhaits")
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    # Host names the site answers to (``.example.org`` also matches its subdomains); links
    # use the request's host only when it is one of them and BASE_URL is empty.
    TRUSTED_HOSTS = _list("TRUSTED_HOSTS")
    PUBLIC_ROADMAP = _bool("PUBLIC_ROADMAP", True)
    # Minutes during which the author of a comment may still edit or delete it.
    COMMENT_EDIT_MINUTES = _count("COMMENT_EDIT_MINUTES", 15)
    # Largest request body accepted (bytes); larger ones get a 413. CSV imports need 5 MB.
    MAX_CONTENT_LENGTH = _count("MAX_CONTENT_LENGTH", 10 * 1024 * 1024)

    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/Paris")
    LANGUAGES = ("fr", "en")

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host are trusted
    # (0: none; the client address is then the proxy's, for rate limits too).
    TRUSTED_PROXIES = _count("TRUSTED_PROXIES", 0)

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    # Per account tried (whatever the address) and per address (whatever the account).
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per day")
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "30 per minute")
    PASSWORD_RESET_RATE_LIMIT = os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")
    PASSWORD_RESET_ADDRESS_RATE_LIMIT = os.environ.get(
        "PASSWORD_RESET_ADDRESS_RATE_LIMIT", "20 per hour"
    )
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "localhost")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", False)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "souhaits@localhost")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))

    WISHES_PER_PAGE = 50
    DEMO_NOTICE = _bool("DEMO_NOTICE", True)


class ProductionConfig(Config):
    """Refuses to start without a real secret key."""

    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    DEMO_NOTICE = _bool("DEMO_NOTICE", False)


def config_for_environment() -> type[Config]:
    if os.environ.get("SOUHAITS_ENV", "development") == "production":
        if not os.environ.get("SECRET_KEY"):
            raise RuntimeError("SECRET_KEY must be set when SOUHAITS_ENV=production")
        return ProductionConfig
    return Config
