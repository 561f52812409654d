"""Configuration: one class filled from environment variables with safe local defaults."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings read once from the environment; tests pass overrides to create_app."""

    def __init__(self) -> None:
        instance = Path(os.environ.get("SHOP_INSTANCE_DIR", ROOT / "instance"))
        self.INSTANCE_DIR = str(instance)
        self.ENV_NAME = os.environ.get("SHOP_ENV", "development")
        self.SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'shop.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.MAIL_HOST = os.environ.get("MAIL_HOST", "127.0.0.1")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "8025"))
        self.MAIL_SENDER = os.environ.get("MAIL_SENDER", "B2B Shop <shop@b2b-shop.example.com>")
        self.MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "5"))
        self.MAIL_SINK_DIR = os.environ.get("MAIL_SINK_DIR", str(instance / "mail"))
        # The development pages (captured mails) are never served in production.
        self.DEV_PAGES = _bool("SHOP_DEV_PAGES", self.ENV_NAME != "production")
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        self.PASSWORD_TOKEN_HOURS = int(os.environ.get("PASSWORD_TOKEN_HOURS", "24"))
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", self.ENV_NAME == "production")
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("SHOP_TIMEZONE", "Europe/Berlin")
        self.LANGUAGES = ["en", "de"]
        self.CURRENCY = "EUR"
        self.PAGE_SIZE = 24
        self.TEMPLATES_AUTO_RELOAD = self.ENV_NAME == "development"

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in vars(self) if key.isupper()}


def check_production_safety(settings: dict) -> None:
    """Refuse to run production on the development secret."""
    if settings.get("ENV_NAME") == "production" and settings.get("SECRET_KEY") == DEV_SECRET:
        raise RuntimeError("SECRET_KEY must be set in production")
