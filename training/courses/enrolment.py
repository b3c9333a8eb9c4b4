"""Enrolment rules: modes, capacity and waitlist, approvals, withdrawal. Callers commit.

Capacity is exact under concurrency: every decision that gives out a seat first
locks the course row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite a no-op
UPDATE takes the database write lock), so two requests never count the same
free seat.
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash

from training.audit.services import record
from training.courses.models import SEAT_HOLDING, Course, Enrolment, EnrolmentMode, EnrolmentStatus
from training.db import utcnow
from training.extensions import db

ACTIVE = EnrolmentStatus.ACTIVE.value
PENDING = EnrolmentStatus.PENDING.value
WAITLISTED = EnrolmentStatus.WAITLISTED.value
WITHDRAWN = EnrolmentStatus.WITHDRAWN.value
REJECTED = EnrolmentStatus.REJECTED.value
COMPLETED = EnrolmentStatus.COMPLETED.value


class EnrolmentError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def lock_course(course: Course) -> None:
    session = db.session
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(Course.id).where(Course.id == course.id).with_for_update())
    else:
        session.execute(update(Course).where(Course.id == course.id).values(capacity=Course.capacity))


def seats_taken(course_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Enrolment)
        .where(Enrolment.course_id == course_id, Enrolment.status.in_(SEAT_HOLDING))
    )


def seats_left(course: Course) -> int | None:
    if course.capacity is None:
        return None
    return max(course.capacity - seats_taken(course.id), 0)


def find_enrolment(user, course: Course) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id))


def _set_status(enrolment: Enrolment, status: str, actor=None, reason: str | None = None) -> None:
    enrolment.status = status
    enrolment.status_changed_at = utcnow()
    enrolment.reason = reason
    if actor is not None and actor.id != enrolment.user_id:
        enrolment.decided_by_id = actor.id


def _seat_or_waitlist(course: Course) -> str:
    left = seats_left(course)
    return ACTIVE if left is None or left > 0 else WAITLISTED


def enrol(user, course: Course, *, key: str | None = None, actor=None) -> Enrolment:
    """A trainee asks to join (or an instructor adds them, ``actor``); returns the enrolment."""
    if course.status != "published":
        raise EnrolmentError("not_open")
    existing = find_enrolment(user, course)
    if existing is not None and existing.status not in {WITHDRAWN}:
        if existing.status == REJECTED and actor is None:
            raise EnrolmentError("rejected")
        if existing.status != REJECTED:
            return existing
    by_staff = actor is not None and actor.id != user.id
    if course.enrolment_mode == EnrolmentMode.KEY.value and not by_staff:
        if not key or not course.enrolment_key_hash or not check_password_hash(course.enrolment_key_hash, key):
            raise EnrolmentError("wrong_key")
    lock_course(course)
    if course.enrolment_mode == EnrolmentMode.APPROVAL.value and not by_staff:
        status = PENDING
    else:
        status = _seat_or_waitlist(course)
    enrolment = existing or Enrolment(user_id=user.id, course_id=course.id)
    if existing is None:
        db.session.add(enrolment)
    enrolment.requested_at = utcnow()
    _set_status(enrolment, status, actor)
    db.session.flush()
    record(
        actor or user,
        f"enrolment.{status}",
        enrolment,
        course_id=course.id,
        user_id=user.id,
        mode=course.enrolment_mode,
    )
    return enrolment


def approve(actor, enrolment: Enrolment) -> str:
    if enrolment.status != PENDING:
        raise EnrolmentError("not_pending")
    lock_course(enrolment.course)
    status = _seat_or_waitlist(enrolment.course)
    _set_status(enrolment, status, actor)
    record(
        actor, "enrolment.approved", enrolment, course_id=enrolment.course_id, user_id=enrolment.user_id, result=status
    )
    return status


def reject(actor, enrolment: Enrolment, reason: str) -> None:
    if enrolment.status not in {PENDING, WAITLISTED}:
        raise EnrolmentError("not_pending")
    if not reason.strip():
        raise EnrolmentError("reason_required")
    _set_status(enrolment, REJECTED, actor, reason=reason.strip())
    record(
        actor,
        "enrolment.rejected",
        enrolment,
        course_id=enrolment.course_id,
        user_id=enrolment.user_id,
        reason=reason.strip(),
    )


def withdraw(actor, enrolment: Enrolment) -> None:
    if enrolment.status not in {ACTIVE, PENDING, WAITLISTED}:
        raise EnrolmentError("not_withdrawable")
    lock_course(enrolment.course)
    freed = enrolment.status == ACTIVE
    _set_status(enrolment, WITHDRAWN, actor)
    record(actor, "enrolment.withdrawn", enrolment, course_id=enrolment.course_id, user_id=enrolment.user_id)
    db.session.flush()
    if freed:
        promote_waitlist(actor, enrolment.course)


def promote_waitlist(actor, course: Course) -> list[Enrolment]:
    """Give free seats to the waitlist, first come first served."""
    lock_course(course)
    promoted = []
    left = seats_left(course)
    waiting = (
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.course_id == course.id, Enrolment.status == WAITLISTED)
            .order_by(Enrolment.status_changed_at, Enrolment.id)
            .limit(left)
        )
        if left is None or left > 0
        else []
    )
    for enrolment in waiting:
        _set_status(enrolment, ACTIVE)
        record(actor, "enrolment.promoted", enrolment, course_id=course.id, user_id=enrolment.user_id)
        promoted.append(enrolment)
    db.session.flush()
    return promoted
