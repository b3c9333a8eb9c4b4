"""A trainee's competence by CAI objective, and the opt-in that makes it public. Callers commit.

Per top-level objective: the completed courses tagged to it (the course's own tags or its modules', a
sub-theme counting for its parent, as in the catalog), their hours, the average of their course grades
(the gradebook's rule) and the valid certificates. A course tagged to two objectives counts for both.
A fixed number of queries whatever the number of courses.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import or_, select

from training.assessments.gradebook import Cell, course_grade
from training.assessments.marking import counted
from training.assessments.models import Assessment, AssessmentStatus, Attempt, AttemptStatus
from training.audit.services import record
from training.certificates.models import Certificate, CertificateStatus
from training.courses.catalog import course_objective_pairs
from training.courses.models import Course, Enrolment, EnrolmentStatus
from training.db import utcnow
from training.extensions import db
from training.objectives.models import Objective
from training.objectives.services import top_level

TOKEN_BYTES = 24  # 32 URL-safe characters: the column's width, and 192 random bits
TENTH = Decimal("0.1")


@dataclass
class CompletedCourse:
    course: Course
    completed_at: datetime | None
    grade: Decimal | None


@dataclass
class ObjectiveSummary:
    objective: Objective
    courses: list[CompletedCourse] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((c.course.estimated_hours for c in self.courses), Decimal(0))

    @property
    def average_grade(self) -> Decimal | None:
        grades = [c.grade for c in self.courses if c.grade is not None]
        if not grades:
            return None
        return (sum(grades, Decimal(0)) / len(grades)).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def has_data(self) -> bool:
        return bool(self.courses or self.certificates)


@dataclass
class Competence:
    objectives: list[ObjectiveSummary]
    certificates: list[Certificate]  # every valid certificate, newest first
    courses: list[CompletedCourse]

    @property
    def with_data(self) -> list[ObjectiveSummary]:
        return [o for o in self.objectives if o.has_data]

    @property
    def hours(self) -> Decimal:
        return sum((c.course.estimated_hours for c in self.courses), Decimal(0))


def valid_certificates(user_id: int, now: datetime) -> list[Certificate]:
    """Issued, not revoked or replaced, not expired."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(
                Certificate.user_id == user_id,
                Certificate.status == CertificateStatus.ISSUED.value,
                or_(Certificate.expires_at.is_(None), Certificate.expires_at > now),
            )
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def course_grades(user_id: int, course_ids: list[int]) -> dict[int, Decimal | None]:
    """The trainee's course grade in each course, as the gradebook computes it; two queries in all."""
    if not course_ids:
        return {}
    assessments = list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.course_id.in_(course_ids), Assessment.status == AssessmentStatus.PUBLISHED.value)
            .order_by(Assessment.position, Assessment.id)
        )
    )
    graded: dict[int, list[Attempt]] = defaultdict(list)
    if assessments:
        for attempt in db.session.scalars(
            select(Attempt).where(
                Attempt.user_id == user_id,
                Attempt.assessment_id.in_([a.id for a in assessments]),
                Attempt.status == AttemptStatus.GRADED.value,
            )
        ):
            graded[attempt.assessment_id].append(attempt)
    by_course: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_course[assessment.course_id].append(assessment)
    grades: dict[int, Decimal | None] = {}
    for course_id in course_ids:
        cells = {}
        for assessment in by_course[course_id]:
            percent = counted(assessment, graded[assessment.id])
            passed = None if percent is None else percent >= assessment.passing_score
            cells[assessment.id] = Cell(percent=percent, passed=passed)
        grades[course_id] = course_grade(by_course[course_id], cells)[0]
    return grades


def competence(user, now: datetime | None = None) -> Competence:
    now = now or utcnow()
    summaries = [ObjectiveSummary(o) for o in top_level()]
    by_objective = {s.objective.id: s for s in summaries}
    completed_rows = db.session.execute(
        select(Course, Enrolment.completed_at)
        .join(Enrolment, Enrolment.course_id == Course.id)
        .where(Enrolment.user_id == user.id, Enrolment.status == EnrolmentStatus.COMPLETED.value)
        .order_by(Enrolment.completed_at.desc(), Course.title)
    ).all()
    certificates = valid_certificates(user.id, now)
    course_ids = {course.id for course, _ in completed_rows} | {c.course_id for c in certificates}
    objectives_of: dict[int, set[int]] = defaultdict(set)
    if course_ids:
        pairs = course_objective_pairs()
        for course_id, objective_id in db.session.execute(
            select(pairs.c.course_id, pairs.c.objective_id).where(pairs.c.course_id.in_(course_ids))
        ):
            objectives_of[course_id].add(objective_id)
    grades = course_grades(user.id, [course.id for course, _ in completed_rows])
    courses = [CompletedCourse(course, completed_at, grades.get(course.id)) for course, completed_at in completed_rows]
    for item in courses:
        for objective_id in objectives_of[item.course.id]:
            if objective_id in by_objective:
                by_objective[objective_id].courses.append(item)
    for certificate in certificates:
        for objective_id in objectives_of[certificate.course_id]:
            if objective_id in by_objective:
                by_objective[objective_id].certificates.append(certificate)
    return Competence(summaries, certificates, courses)


# --- Sharing --------------------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def publish(user) -> bool:
    """Make the profile public under a new link. Returns whether it was private before."""
    if user.profile_public and user.profile_token:
        return False
    user.profile_public, user.profile_token = True, new_token()
    record(user, "profile.published", user)
    return True


def hide(user) -> bool:
    """Make the profile private; its link dies (publishing again makes a new one)."""
    if not user.profile_public and user.profile_token is None:
        return False
    user.profile_public, user.profile_token = False, None
    record(user, "profile.hidden", user)
    return True


def rotate(user) -> bool:
    """A new link for a public profile; the old one stops working at once."""
    if not user.profile_public:
        return False
    user.profile_token = new_token()
    record(user, "profile.link_renewed", user)
    return True


def find_public(token: str):
    """The owner of a public profile with this link, or None (unknown, hidden and malformed look the same)."""
    from training.auth.models import User

    if not token or len(token) > 64 or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token):
        return None
    return db.session.scalar(select(User).where(User.profile_token == token, User.profile_public.is_(True)))
