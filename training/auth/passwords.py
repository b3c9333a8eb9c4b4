"""Password hashing (scrypt via Werkzeug) and the password policy."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

# Werkzeug's scrypt: n=2**15, r=8, p=1, a random 16-byte salt per hash.
HASH_METHOD = "scrypt"
_DUMMY_HASH = generate_password_hash("dummy-password-for-timing", method=HASH_METHOD)


@lru_cache(maxsize=1)
def unusable_password_hash() -> str:
    """For invited accounts until they choose a password: a real hash of a secret nobody knows.

    Computed once per process, so inviting thousands of people does not cost a slow hash each.
    """
    import secrets

    return generate_password_hash(secrets.token_urlsafe(32), method=HASH_METHOD)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=HASH_METHOD)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists, so timing reveals nothing."""
    return check_password_hash(password_hash or _DUMMY_HASH, password) and password_hash is not None


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from public breach corpora.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return why a password is refused, or None when it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return str(_l("Use at least %(n)s characters.", n=minimum))
    if len(password) > 200:
        return str(_l("Use at most 200 characters."))
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        return str(_l("This password is too common. Choose one that is harder to guess."))
    local_part = email.split("@", 1)[0].lower()
    if (local_part and len(local_part) >= 4 and local_part in lowered) or (name and lowered == name.lower()):
        return str(_l("Do not use your name or email address in your password."))
    return None
