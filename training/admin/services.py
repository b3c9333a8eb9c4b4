"""User administration rules."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from training.audit.services import record
from training.auth.models import User, UserRole


class LastAdminError(ValueError):
    pass


def search_users(q: str = "", role: str = ""):
    """A select of users matching a name/email search and an optional role, newest first."""
    stmt = select(User).order_by(User.created_at.desc(), User.id.desc())
    # Control characters never match a name or email (and PostgreSQL refuses NUL in a query parameter).
    q = "".join(ch for ch in (q or "") if ch >= " " and ch != "\x7f").strip().lower()
    if q:
        # autoescape: %, _ and the escape character are searched for literally, as typed.
        stmt = stmt.where(
            or_(func.lower(User.name).contains(q, autoescape=True), User.email.contains(q, autoescape=True))
        )
    if role:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return stmt


def _active_admins(session) -> int:
    return session.scalar(
        select(func.count()).select_from(User).join(UserRole).where(UserRole.role == "admin", User.active.is_(True))
    )


def update_user(
    session, actor: User, user: User, *, name: str, country: str | None, institution_id, roles: set[str], active: bool
) -> None:
    before = {"roles": sorted(user.roles), "active": user.active, "institution_id": user.institution_id}
    losing_admin = ("admin" in user.roles and user.active) and ("admin" not in roles or not active)
    if losing_admin and _active_admins(session) <= 1:
        raise LastAdminError("the last active administrator cannot be removed")
    user.name = name
    user.country = country or None
    user.institution_id = institution_id
    user.set_roles(roles)
    user.active = active
    after = {"roles": sorted(roles), "active": active, "institution_id": institution_id}
    if before != after:
        record(actor, "user.updated", user, before=before, after=after)
