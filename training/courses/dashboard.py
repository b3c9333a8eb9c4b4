"""What the dashboard shows about a trainee's courses."""

from __future__ import annotations

from sqlalchemy import case, select
from sqlalchemy.orm import joinedload

from training.courses.models import Course, Enrolment
from training.extensions import db

# Courses in progress first, then waiting ones, then finished; withdrawn and rejected last.
_ORDER = case(
    {"active": 0, "pending": 1, "waitlisted": 2, "completed": 3, "rejected": 4, "withdrawn": 5},
    value=Enrolment.status,
)


def my_enrolments(user, limit: int = 50) -> list[Enrolment]:
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.user_id == user.id)
            .options(joinedload(Enrolment.course).selectinload(Course.modules))
            .order_by(_ORDER, Enrolment.status_changed_at.desc())
            .limit(limit)
        ).unique()
    )
