"""Configuration: one class filled from environment variables with safe local defaults."""

import os
from collections.abc import Mapping
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-secret-change-me"
# Exact, lower-case names: a typo such as "Production" must not quietly run as development.
ENVIRONMENTS = ("development", "test", "production")
# Flask signs sessions and links with it; shorter keys are guessable offline.
MIN_SECRET_KEY_BYTES = 32
MAIL_SECURITY_MODES = ("none", "starttls", "ssl")
# Argon2id cost of password hashes: (time cost, memory in KiB, parallelism), RFC 9106's
# low-memory profile. Deliberately not read from the environment: only tests lower it.
PASSWORD_HASH_COST = (3, 65536, 4)


class ConfigError(RuntimeError):
    """The environment asks for something the shop refuses to run with."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _count(name: str, default: int) -> int:
    value = os.environ.get(name, str(default)).strip()
    if not value.isdigit():
        raise ConfigError(f"{name}={value!r} is not a whole number >= 0")
    return int(value)


def _time_of_day(name: str, default: str) -> time:
    value = os.environ.get(name, default).strip()
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a time of day such as 12:00") from None


def _time_zone(name: str, default: str) -> str:
    value = os.environ.get(name, default).strip()
    try:
        ZoneInfo(value)
    except (ValueError, ZoneInfoNotFoundError):
        raise ConfigError(f"{name}={value!r} is no time zone (e.g. Europe/Berlin)") from None
    return value


def _date_pattern(name: str, default: str) -> str:
    # A typo must not quietly drop the day, month or year from every date the shop shows.
    value = os.environ.get(name, default).strip()
    if not all(letter in value for letter in "dMy"):
        raise ConfigError(f"{name}={value!r} needs a day (d), a month (M) and a year (y)")
    return value


class Config:
    """Settings read once from the environment; tests pass overrides to create_app."""

    def __init__(self) -> None:
        instance = Path(os.environ.get("SHOP_INSTANCE_DIR", ROOT / "instance"))
        self.INSTANCE_DIR = str(instance)
        self.ENV_NAME = os.environ.get("SHOP_ENV", "development")
        if self.ENV_NAME not in ENVIRONMENTS:
            raise ConfigError(
                f"SHOP_ENV={self.ENV_NAME!r} is not known; use one of: {', '.join(ENVIRONMENTS)}"
            )
        self.SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
        self.SQLALCHEMY_DATABASE_URI = os.environ.get(
            "DATABASE_URL", f"sqlite:///{instance / 'shop.sqlite3'}"
        )
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}
        # Set by `flask erp worker` for its own app: its engine differs (engine_options).
        self.ERP_WORKER_PROCESS = False
        self.MAIL_HOST = os.environ.get("MAIL_HOST", "127.0.0.1")
        self.MAIL_PORT = int(os.environ.get("MAIL_PORT", "8025"))
        self.MAIL_SENDER = os.environ.get("MAIL_SENDER", "B2B Shop <shop@b2b-shop.example.com>")
        self.MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "5"))
        self.MAIL_SINK_DIR = os.environ.get("MAIL_SINK_DIR", str(instance / "mail"))
        # An authenticated relay (every production mail provider): STARTTLS on 587 or
        # implicit TLS ("ssl") on 465, with a login. The local sink needs none of it.
        self.MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "none").strip().lower()
        if self.MAIL_SECURITY not in MAIL_SECURITY_MODES:
            raise ConfigError(
                f"MAIL_SECURITY={self.MAIL_SECURITY!r} is not known; use one of: "
                f"{', '.join(MAIL_SECURITY_MODES)}"
            )
        self.MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
        self.MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
        # A private CA for the relay's certificate (a company relay, tests); default: system CAs.
        self.MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE", "")
        # The development pages (captured mails) are never served in production.
        self.DEV_PAGES = _bool("SHOP_DEV_PAGES", self.ENV_NAME != "production")
        self.PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
        # Reverse proxies in front of the shop that set X-Forwarded-For and -Proto. Behind
        # one, every request comes from the proxy's address: without this, all customers
        # would share one address's login limit (and HTTPS would look like plain HTTP).
        self.TRUSTED_PROXIES = _count("TRUSTED_PROXIES", 0)
        self.ERP_WSDL_URL = os.environ.get("ERP_WSDL_URL", "http://127.0.0.1:8099/soap?wsdl")
        # Overrides the service address inside the WSDL: real ERPs often advertise an
        # internal host name there that the shop cannot reach.
        self.ERP_ENDPOINT = os.environ.get("ERP_ENDPOINT") or None
        self.ERP_USERNAME = os.environ.get("ERP_USERNAME") or None
        self.ERP_PASSWORD = os.environ.get("ERP_PASSWORD") or None
        self.ERP_TIMEOUT = float(os.environ.get("ERP_TIMEOUT", "5"))
        # Pages wait at most this long for customer prices before showing the last known ones.
        self.ERP_PAGE_TIMEOUT = float(os.environ.get("ERP_PAGE_TIMEOUT", "1.5"))
        # After a failed call, web requests stop asking the ERP for this long (pages and
        # checkout show the last known data); then one call tries again.
        self.ERP_PAUSE_AFTER_FAILURE = float(os.environ.get("ERP_PAUSE_AFTER_FAILURE", "30"))
        # At most this many threads of a web process wait on the ERP at once; other requests
        # answer at once with the last known data (gunicorn runs 4 threads per process).
        self.ERP_MAX_CONCURRENT_CALLS = int(os.environ.get("ERP_MAX_CONCURRENT_CALLS", "2"))
        # /healthz reports the ERP as last seen; older than this, a Ping refreshes it.
        self.ERP_HEALTH_SECONDS = float(os.environ.get("ERP_HEALTH_SECONDS", "5"))
        self.PRICE_CACHE_SECONDS = int(os.environ.get("PRICE_CACHE_SECONDS", "900"))
        # Placing an order takes the customer prices the checkout page fetched this recently
        # instead of asking the ERP again (#10); stock is always asked again (§8).
        self.CHECKOUT_PRICE_SECONDS = int(os.environ.get("CHECKOUT_PRICE_SECONDS", "60"))
        self.STOCK_CACHE_SECONDS = int(os.environ.get("STOCK_CACHE_SECONDS", "300"))
        self.CATALOG_COUNT_SECONDS = int(os.environ.get("CATALOG_COUNT_SECONDS", "60"))
        self.CUSTOMER_SYNC_SECONDS = int(os.environ.get("CUSTOMER_SYNC_SECONDS", "3600"))
        # How often the worker asks the ERP for stock holding categories back (§13, #12).
        self.STOCK_LOOKUP_SECONDS = int(os.environ.get("STOCK_LOOKUP_SECONDS", "300"))
        self.OUTBOX_POLL_SECONDS = float(os.environ.get("OUTBOX_POLL_SECONDS", "2"))
        self.OUTBOX_LEASE_SECONDS = int(os.environ.get("OUTBOX_LEASE_SECONDS", "120"))
        # While entries wait for an unreachable ERP, the worker pings it this often (#9).
        self.OUTBOX_PROBE_SECONDS = float(os.environ.get("OUTBOX_PROBE_SECONDS", "15"))
        # §8: how often the worker asks the ERP for order updates (GetOrderUpdates).
        self.ERP_UPDATES_SECONDS = float(os.environ.get("ERP_UPDATES_SECONDS", "30"))
        # Tracking pages per carrier, "DHL=https://…{tracking}…;UPS=…"; a carrier without
        # one gets the link the ERP sent.
        self.TRACKING_URLS = os.environ.get(
            "TRACKING_URLS",
            "DHL=https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html"
            "?piececode={tracking};"
            "UPS=https://www.ups.com/track?tracknum={tracking};"
            "DPD=https://tracking.dpd.de/status/de_DE/parcel/{tracking}",
        )
        # §8: this many days after delivery, the orderer is asked for a review, with the
        # product's review link or else this general one (no link at all: no request).
        self.REVIEW_REQUEST_DAYS = int(os.environ.get("REVIEW_REQUEST_DAYS", "5"))
        self.REVIEW_URL = os.environ.get("REVIEW_URL", "")
        # §8: where prepayment orders are paid to (shown on the order page).
        self.BANK_ACCOUNT_HOLDER = os.environ.get("BANK_ACCOUNT_HOLDER", "B2B Shop GmbH")
        self.BANK_IBAN = os.environ.get("BANK_IBAN", "DE02 1203 0000 0000 2020 51")
        self.BANK_BIC = os.environ.get("BANK_BIC", "BYLADEM1001")
        # The seller on invoice PDFs (§8); the address's lines are separated by "|".
        self.SELLER_NAME = os.environ.get("SELLER_NAME", "B2B Shop GmbH")
        self.SELLER_ADDRESS = os.environ.get(
            "SELLER_ADDRESS", "Hafenstraße 5|20457 Hamburg|Germany"
        )
        self.SELLER_VAT_ID = os.environ.get("SELLER_VAT_ID", "DE123456789")
        # "database://": counters in the shop's database, shared by all web processes
        # (shop/models/rate_limits.py); production may use its Redis (redis://…).
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "database://")
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        self.PASSWORD_HASH_COST = PASSWORD_HASH_COST
        self.PASSWORD_TOKEN_HOURS = int(os.environ.get("PASSWORD_TOKEN_HOURS", "24"))
        # An invitation waits for a colleague who may be away for a few days (#15).
        self.INVITATION_HOURS = int(os.environ.get("INVITATION_HOURS", "72"))
        # §6: approvers are reminded of an order still waiting after this many hours
        # (by `flask approvals remind`, run from cron), and again every as many hours.
        self.APPROVAL_REMINDER_HOURS = float(os.environ.get("APPROVAL_REMINDER_HOURS", "24"))
        # §12: the back office lists orders waiting for approval longer than this.
        self.STUCK_APPROVAL_DAYS = int(os.environ.get("STUCK_APPROVAL_DAYS", "3"))
        # #15: a requested delivery date may be today only before this time of day (in
        # SHOP_TIMEZONE), and at most this many days ahead.
        self.DELIVERY_CUTOFF = _time_of_day("DELIVERY_CUTOFF", "12:00")
        self.DELIVERY_MAX_DAYS = _count("DELIVERY_MAX_DAYS", 180)
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", self.ENV_NAME == "production")
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.WTF_CSRF_TIME_LIMIT = None
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_DEFAULT_TIMEZONE = _time_zone("SHOP_TIMEZONE", "Europe/Berlin")
        # #15: English dates with the day first ("29 Nov 2026"); a CLDR date pattern.
        self.EN_DATE_PATTERN = _date_pattern("EN_DATE_PATTERN", "d MMM y")
        self.LANGUAGES = ["en", "de"]
        self.CURRENCY = "EUR"
        self.PAGE_SIZE = 24
        self.TEMPLATES_AUTO_RELOAD = self.ENV_NAME == "development"

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in vars(self) if key.isupper()}


def engine_options(settings: Mapping) -> dict:
    """The engine's options for these settings.

    A web process's pool pings every connection it hands out, so a database restart fails
    no request. The ERP worker's does not: it checks a connection out for every short
    transaction, and the ping was 13 % of its time in the outbox bench (#10). A connection
    the database dropped fails one worker round, which the loop survives; SQLAlchemy then
    sees the disconnect and replaces the pool's connections.
    """
    return {
        **settings["SQLALCHEMY_ENGINE_OPTIONS"],
        "pool_pre_ping": not settings["ERP_WORKER_PROCESS"],
    }


def check_production_safety(settings: dict) -> None:
    """Refuse to run production on a weak or development secret, or with development pages."""
    if settings.get("ENV_NAME") != "production":
        return
    secret = settings.get("SECRET_KEY") or ""
    size = len(secret.encode() if isinstance(secret, str) else secret)
    if secret == DEV_SECRET or size < MIN_SECRET_KEY_BYTES:
        raise ConfigError(
            f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_KEY_BYTES} bytes "
            "in production (for example: python -c 'import secrets; print(secrets.token_hex(32))')"
        )
    if settings.get("MAIL_PASSWORD") and settings.get("MAIL_SECURITY") == "none":
        # The relay's password would cross the network in clear text.
        raise ConfigError("MAIL_PASSWORD needs MAIL_SECURITY=starttls or ssl in production")
    if settings.get("DEV_PAGES"):
        # They show every mail the shop sent, password links included.
        raise ConfigError("SHOP_DEV_PAGES cannot be turned on in production")
    cost = settings.get("PASSWORD_HASH_COST", PASSWORD_HASH_COST)
    if any(mine < strong for mine, strong in zip(cost, PASSWORD_HASH_COST, strict=True)):
        # Cheap hashes are for the test suite; stolen ones would be cracked quickly.
        raise ConfigError(f"PASSWORD_HASH_COST {cost} is below {PASSWORD_HASH_COST} in production")
