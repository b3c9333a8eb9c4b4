"""Settings: safe defaults, then the instance folder's ``config.py``, then environment variables."""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(RuntimeError):
    """Raised when the configuration cannot be used safely."""


DEFAULTS: dict[str, object] = {
    "ENV_NAME": "development",
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
    "UPLOAD_IMAGE_MAX_BYTES": 2 * 1024 * 1024,
    "UPLOAD_ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    # A CSV of the 5,000 rows an enrolment import takes is well under 1 MB.
    "UPLOAD_CSV_MAX_BYTES": 2 * 1024 * 1024,
    "ENROLMENT_KEY_RATE_LIMIT": "10 per minute;50 per hour",
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "LANGUAGES": {"en": "English", "ja": "日本語"},
    "PASSWORD_MIN_LENGTH": 10,
    "PASSWORD_RESET_MAX_AGE": 3600,
    "EMAIL_CONFIRM_MAX_AGE": 3 * 24 * 3600,
    "INVITATION_MAX_AGE": 14 * 24 * 3600,
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # How many reverse proxies (nginx, a load balancer) stand in front of the app. Each appends the address it
    # received the request from to X-Forwarded-For; the app trusts that many entries, so the rate limits count
    # per client rather than per proxy. 0 (no proxy): the header is ignored, as any client could forge it.
    "TRUSTED_PROXIES": 0,
    "LOGIN_RATE_LIMIT": "5 per minute;30 per hour",
    "RESET_RATE_LIMIT": "5 per minute;20 per hour",
    # Checking an uploaded PDF against a certificate (anonymous): hashing up to 5 MB per request.
    "VERIFY_RATE_LIMIT": "30 per minute",
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": True,
    "MAIL_DEFAULT_SENDER": "CAI Training <no-reply@localhost>",
    "PER_PAGE": 25,
    "REDIS_URL": None,
    # The site's public address, for links that leave the site without a request to copy it from
    # (certificates' QR codes and credentials issued by the CLI or a background job).
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
}

# Environment variables read as strings, ints or booleans.
_STR = (
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "MAIL_SERVER",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER",
    "SERVER_NAME",
    "PREFERRED_URL_SCHEME",
    "PUBLIC_BASE_URL",
)
_INT = ("MAIL_PORT", "MAX_CONTENT_LENGTH", "TRUSTED_PROXIES")
_BOOL = ("MAIL_USE_TLS",)


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration mapping for :func:`training.create_app`."""
    config: dict = dict(DEFAULTS)
    instance_file = Path(instance_path) / "config.py"
    if instance_file.is_file():
        namespace: dict = {}
        exec(compile(instance_file.read_text(), str(instance_file), "exec"), namespace)  # noqa: S102
        config.update({k: v for k, v in namespace.items() if k.isupper()})

    env = os.environ
    config["ENV_NAME"] = env.get("TRAINING_ENV", env.get("FLASK_ENV", config["ENV_NAME"]))
    for key in _STR:
        if env.get(key):
            config[key] = env[key]
    for key in _INT:
        if env.get(key):
            config[key] = int(env[key])
    for key in _BOOL:
        if env.get(key):
            config[key] = _truthy(env[key])
    if overrides:
        config.update(overrides)

    database_url = config.get("DATABASE_URL") or f"sqlite:///{Path(instance_path) / 'training.sqlite3'}"
    config.setdefault("SQLALCHEMY_DATABASE_URI", database_url)
    if config.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = config["DATABASE_URL"]
    if config.get("REDIS_URL") and config.get("RATELIMIT_STORAGE_URI") == "memory://":
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]

    production = config["ENV_NAME"] == "production"
    if not config.get("SECRET_KEY"):
        if config["ENV_NAME"] in {"development", "testing"}:
            # A throwaway key per process: sessions do not survive a restart, which is fine locally.
            config["SECRET_KEY"] = os.urandom(32).hex()
        else:
            raise ConfigError("SECRET_KEY must be set outside development (export SECRET_KEY=...).")
    if production:
        config.setdefault("SESSION_COOKIE_SECURE", True)
        config.setdefault("REMEMBER_COOKIE_SECURE", True)
        config.setdefault("PREFERRED_URL_SCHEME", "https")
    config["TESTING"] = config.get("TESTING", config["ENV_NAME"] == "testing")
    return config
