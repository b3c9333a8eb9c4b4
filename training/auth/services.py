"""Account rules: registration, authentication, one-time tokens, profile changes.

No request or template in here; callers commit.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from training.audit.services import record
from training.auth.models import AccountToken, Role, User
from training.auth.passwords import hash_password, unusable_password_hash, verify_password
from training.db import utcnow
from training.extensions import db


class AccountError(ValueError):
    pass


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    *,
    email: str,
    name: str,
    password: str | None,
    country: str | None = None,
    institution_id=None,
    roles: set[str] | None = None,
    confirmed: bool = False,
    locale: str = "en",
    timezone: str = "UTC",
    actor=None,
) -> User:
    """Create an account; ``actor`` is who created it (None: the person registered themselves)."""
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        password_hash=hash_password(password) if password is not None else unusable_password_hash(),
        country=country or None,
        institution_id=institution_id,
        locale=locale,
        timezone=timezone,
        email_confirmed_at=utcnow() if confirmed else None,
    )
    user.set_roles(roles or {Role.TRAINEE.value})
    db.session.add(user)
    db.session.flush()
    record(actor or user, "user.created", user, roles=sorted(user.roles))
    return user


def register(*, email: str, name: str, password: str, country: str, institution_id=None, locale="en"):
    """Create a trainee, or return None when the email is taken (the caller answers the same way)."""
    if find_user(email) is not None:
        hash_password(password)  # the same slow work as a new account, so timing does not reveal the address
        return None
    return create_user(
        email=email, name=name, password=password, country=country, institution_id=institution_id, locale=locale
    )


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        return None
    return user


def note_login(user: User) -> None:
    user.last_login_at = utcnow()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: str) -> str:
    max_age = current_app.config[
        {"reset": "PASSWORD_RESET_MAX_AGE", "confirm": "EMAIL_CONFIRM_MAX_AGE", "invite": "INVITATION_MAX_AGE"}[purpose]
    ]
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user=user, purpose=purpose, token_hash=_digest(token), expires_at=utcnow() + timedelta(seconds=max_age)
        )
    )
    return token


def peek_token(token: str, purpose: str | tuple[str, ...]) -> AccountToken | None:
    purposes = (purpose,) if isinstance(purpose, str) else purpose
    row = db.session.scalar(select(AccountToken).where(AccountToken.token_hash == _digest(token or "")))
    if row is None or row.purpose not in purposes or row.used_at is not None or row.expires_at <= utcnow():
        return None
    return row


def consume_token(token: str, purpose: str | tuple[str, ...]) -> User | None:
    row = peek_token(token, purpose)
    if row is None:
        return None
    row.used_at = utcnow()
    return row.user


SET_PASSWORD_PURPOSES = ("reset", "invite")


def reset_password(token: str, new_password: str) -> User | None:
    """Set a new password from a reset link or an invitation link (both prove the mailbox)."""
    user = consume_token(token, SET_PASSWORD_PURPOSES)
    if user is None:
        return None
    user.password_hash = hash_password(new_password)
    # Every other outstanding reset link dies with this one.
    for other in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose.in_(SET_PASSWORD_PURPOSES),
            AccountToken.used_at.is_(None),
        )
    ):
        other.used_at = utcnow()
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()  # they proved they read the mailbox
    record(user, "user.password_reset", user)
    return user


def confirm_email(token: str) -> User | None:
    user = consume_token(token, "confirm")
    if user is not None and user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> bool:
    if not verify_password(user.password_hash, current):
        return False
    user.password_hash = hash_password(new)
    record(user, "user.password_changed", user)
    return True


def update_profile(user: User, *, name: str, country: str, institution_id, locale: str, timezone: str) -> None:
    user.name = name.strip()
    user.country = country
    user.institution_id = institution_id
    user.locale = locale
    user.timezone = timezone
