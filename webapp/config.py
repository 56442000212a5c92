"""Configuration from the environment, one class per environment.

Read inside `create_app`, never at import, so tests can override anything. Production refuses
to start without its secrets.
"""

from __future__ import annotations

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
DEV_SECRET = "dev-only-not-secret"  # nosec B105 # the development placeholder that check_safe refuses in production


class ConfigError(RuntimeError):
    """The app would start unsafely: refuse."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Managed PostgreSQL providers hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def from_environment() -> dict:
    """Settings for the environment named by APP_ENV (development by default)."""
    env = os.environ.get("APP_ENV", "development")
    return {
        "APP_ENV": env,
        **_storage_settings(),
        **_consultation_settings(),
        **_security_settings(env),
        **_rate_limit_settings(),
        **service_page_settings(),
        **_operations_settings(env),
    }


def _storage_settings() -> dict:
    """The database and Redis, and where the cache lives."""
    return {
        "SQLALCHEMY_DATABASE_URI": _database_url(f"sqlite:///{INSTANCE_DIR / 'reengage.sqlite3'}"),
        # Idle pooled connections are pinged before use (webapp/database.py), busy ones are not.
        "DATABASE_PING_AFTER": float(os.environ.get("DATABASE_PING_AFTER", "10")),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "CACHE_BACKEND": os.environ.get("CACHE_BACKEND", "redis" if os.environ.get("REDIS_URL") else "database"),
    }


def _consultation_settings() -> dict:
    """What the consultation runs: its instruments, its name, its languages, its documents and drafts."""
    return {
        "INSTRUMENTS": [p for p in os.environ.get("INSTRUMENTS", "").split(os.pathsep) if p],
        "ORGANISATION_NAME": os.environ.get("ORGANISATION_NAME", "Re-engagement consultation"),
        # The name on French pages: its own setting, else the same name as in English once one is set.
        "ORGANISATION_NAME_FR": os.environ.get("ORGANISATION_NAME_FR")
        or os.environ.get("ORGANISATION_NAME", "Consultation sur le réengagement"),
        "ORGANISATION_LOGO": os.environ.get("ORGANISATION_LOGO", ""),
        "RESUME_DAYS": int(os.environ.get("RESUME_DAYS", "60")),
        # Drafts never submitted are deleted by `flask purge` this long after their last save.
        "DRAFT_RETENTION_DAYS": int(os.environ.get("DRAFT_RETENTION_DAYS", "90")),
        "PDF_PAGE_SIZE": os.environ.get("PDF_PAGE_SIZE", "A4"),
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ["en", "fr"],
        # Dates and numbers follow the consultation's region: 2026-11-25 in en_CA, 25/11/2026... per CLDR.
        "LOCALE_REGION": os.environ.get("LOCALE_REGION", "CA"),
        # A spreadsheet is sent only once built (about 1.7 s per 1,000 responses on the benchmark
        # machine): above this many, the admin is asked to filter or take the CSV, never left to
        # the worker timeout.
        "SPREADSHEET_MAX_RESPONSES": int(os.environ.get("SPREADSHEET_MAX_RESPONSES", "20000")),
    }


def _security_settings(env: str) -> dict:
    """The secret key, HTTPS and proxies, cookies, sessions and the largest body accepted."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET if env != "production" else ""),
        # Strict-Transport-Security: a year in production (HTTPS only from then on), off in development.
        "HSTS_MAX_AGE": int(os.environ.get("HSTS_MAX_AGE", "31536000" if env == "production" else "0")),
        # How many reverse proxies stand before the app: their X-Forwarded-For/-Proto/-Host are believed.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
        # Host names the app answers to (others get 400): links built from the request's host, such
        # as the private resume link, can then only name this site. Required in production.
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        # An admin session ends after this long without a request.
        "ADMIN_IDLE_MINUTES": int(os.environ.get("ADMIN_IDLE_MINUTES", "30")),
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", env == "production"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 256 * 1024,
        # The score API's body: a full set of answers is a few kilobytes and three levels deep.
        "API_MAX_BODY_BYTES": int(os.environ.get("API_MAX_BODY_BYTES", str(64 * 1024))),
        "API_MAX_JSON_DEPTH": int(os.environ.get("API_MAX_JSON_DEPTH", "20")),
    }


def _rate_limit_settings() -> dict:
    """Rate limits (webapp/limits.py; SECURITY.md), in the `limits` notation: "N per period"."""
    return {
        "RATE_LIMITS_ENABLED": _bool("RATE_LIMITS_ENABLED", True),
        "RATE_LIMIT_STORAGE_URI": os.environ.get("RATE_LIMIT_STORAGE_URI", ""),
        "SIGN_IN_ADDRESS_LIMIT": os.environ.get("SIGN_IN_ADDRESS_LIMIT", "10 per 15 minutes"),
        "SIGN_IN_ACCOUNT_LIMIT": os.environ.get("SIGN_IN_ACCOUNT_LIMIT", "3 per minute"),
        "SIGN_IN_KNOWN_BROWSER_LIMIT": os.environ.get("SIGN_IN_KNOWN_BROWSER_LIMIT", "10 per 15 minutes"),
        "NEW_DRAFT_LIMIT": os.environ.get("NEW_DRAFT_LIMIT", "30 per hour"),
        "SCORE_API_LIMIT": os.environ.get("SCORE_API_LIMIT", "60 per minute"),
    }


def service_page_settings() -> dict:
    """What the contact, privacy, accessibility and feedback pages say (webapp/service_pages).

    Free-text settings take a French variant (`CONTACT_ADDRESS_FR`...); the pages' own wording is in
    the catalogue. Organisers set at least CONTACT_EMAIL: the default is a placeholder.
    """
    text = {name: os.environ.get(name, "") for name in SERVICE_TEXT_SETTINGS}
    text.update({f"{name}_FR": os.environ.get(f"{name}_FR", "") for name in SERVICE_TEXT_SETTINGS if name != "CONTACT_EMAIL"})
    return {
        **text,
        "CONTACT_EMAIL": text["CONTACT_EMAIL"] or "consultation@example.org",
        "CONTACT_REPLY_DAYS": int(os.environ.get("CONTACT_REPLY_DAYS", "5")),
        "FEEDBACK_URL": os.environ.get("FEEDBACK_URL", ""),
        "RETENTION_MONTHS": int(os.environ.get("RETENTION_MONTHS", "24")),
        "ACCESS_LOG_DAYS": int(os.environ.get("ACCESS_LOG_DAYS", "30")),
        # ISO date (2026-11-30) of the accessibility statement's last review; unset: no date shown.
        "ACCESSIBILITY_REVIEWED": os.environ.get("ACCESSIBILITY_REVIEWED", ""),
    }


SERVICE_TEXT_SETTINGS = ("CONTACT_EMAIL", "CONTACT_PHONE", "CONTACT_ADDRESS", "CONTACT_HOURS")


def _operations_settings(env: str) -> dict:
    """The job queue, logs, metrics and traces (docs/deploy.md)."""
    return {
        # "rq": documents are rendered by RQ workers (`flask worker`); "inline": in the web request.
        "JOB_QUEUE": os.environ.get("JOB_QUEUE", "rq" if os.environ.get("REDIS_URL") else "inline"),
        "JOB_QUEUE_NAME": os.environ.get("JOB_QUEUE_NAME", "documents"),
        "JOB_TIMEOUT": int(os.environ.get("JOB_TIMEOUT", "600")),
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "json" if env == "production" else "text"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # /metrics answers only a request carrying this bearer token; unset, it is not served.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
        # Traces of every request and SQL statement (OpenTelemetry; `pip install -e '.[otel]'`).
        "OTEL_ENABLED": _bool("OTEL_ENABLED", False),
    }


def check_safe(config: dict) -> None:
    """Refuse to run production with development secrets or the embedded database by accident."""
    if config.get("APP_ENV") != "production":
        return
    secret = config.get("SECRET_KEY") or ""
    if not secret or secret == DEV_SECRET or len(secret) < 32:
        raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters in production.")
    if config.get("TESTING"):
        raise ConfigError("TESTING must not be on in production.")
    if not config.get("TRUSTED_HOSTS"):
        raise ConfigError("TRUSTED_HOSTS must name the host names the site is served under (e.g. consult.example.org) in production.")

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
