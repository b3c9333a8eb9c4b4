"""Recording audit entries; the caller's transaction commits them with the change they describe."""

from __future__ import annotations

from training.audit.models import AuditLog
from training.extensions import db


def record(actor, action: str, obj, **details) -> AuditLog:
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__tablename__ if obj is not None else "system",
        object_id=getattr(obj, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry
