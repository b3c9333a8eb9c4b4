"""The figures of an institution's courses, aggregated in SQL.

Four queries whatever the number of courses: the courses and every partner link they have, enrolments by
status, certificates by status, and the average course grade. The course grade follows the gradebook's
rule (``training.assessments.gradebook.course_grade``): the weighted mean of what counts of each published
assessment with a weight (highest, last or average graded attempt), a missing assessment counting as 0.
The average is over the trainees (active or completed) who have at least one graded attempt.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from training.assessments.course_results import course_results
from training.certificates.models import Certificate, CertificateStatus
from training.certificates.services import certifier_of
from training.courses.models import SEAT_HOLDING, Course, CourseInstitution, Enrolment, EnrolmentStatus, InstitutionRole
from training.extensions import db
from training.institutions.models import Institution
from training.partners.services import linked_course_ids

ROLE_ORDER = (InstitutionRole.HOST.value, InstitutionRole.CO_HOST.value, InstitutionRole.CERTIFYING.value)
TENTH = Decimal("0.1")


@dataclass
class CourseFigures:
    id: int
    slug: str
    title: str
    status: str
    roles: list[str] = field(default_factory=list)  # this institution's roles in the course
    certifier_id: int | None = None  # who approves its certificates: the certifying institution, else the host
    certifier_name: str | None = None
    enrolments: dict[str, int] = field(default_factory=dict)
    average_grade: Decimal | None = None
    graded: int = 0  # trainees in that average
    certificates_issued: int = 0
    certificates_pending: int = 0

    @property
    def completed(self) -> int:
        return self.enrolments.get(EnrolmentStatus.COMPLETED.value, 0)

    @property
    def studying(self) -> int:
        """Trainees with a seat: active or completed."""
        return sum(self.enrolments.get(status, 0) for status in SEAT_HOLDING)


def course_figures(institution_id: int) -> list[CourseFigures]:
    """Every course the institution hosts, co-hosts or certifies, with its figures, by title."""
    linked = linked_course_ids(institution_id)
    rows = db.session.execute(
        select(
            Course.id,
            Course.slug,
            Course.title,
            Course.status,
            CourseInstitution.role,
            CourseInstitution.institution_id,
            Institution.name,
        )
        .join(CourseInstitution, CourseInstitution.course_id == Course.id)
        .join(Institution, Institution.id == CourseInstitution.institution_id)
        .where(Course.id.in_(linked))
        .order_by(func.lower(Course.title), Course.id)
    ).all()
    courses: dict[int, CourseFigures] = {}
    links: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for course_id, slug, title, status, role, link_institution_id, name in rows:
        figures = courses.setdefault(course_id, CourseFigures(course_id, slug, title, status))
        links[course_id].append((role, link_institution_id, name))
        if link_institution_id == institution_id and role not in figures.roles:
            figures.roles.append(role)
    if not courses:
        return []
    for course_id, figures in courses.items():
        figures.roles.sort(key=ROLE_ORDER.index)
        figures.certifier_id, figures.certifier_name = certifier_of(
            [(role, name, (ident, name)) for role, ident, name in links[course_id]]
        ) or (None, None)

    for course_id, status, number in db.session.execute(
        select(Enrolment.course_id, Enrolment.status, func.count())
        .where(Enrolment.course_id.in_(linked))
        .group_by(Enrolment.course_id, Enrolment.status)
    ):
        courses[course_id].enrolments[status] = number

    for course_id, status, number in db.session.execute(
        select(Certificate.course_id, Certificate.status, func.count())
        .where(
            Certificate.course_id.in_(linked),
            Certificate.status.in_((CertificateStatus.ISSUED.value, CertificateStatus.PENDING.value)),
        )
        .group_by(Certificate.course_id, Certificate.status)
    ):
        if status == CertificateStatus.ISSUED.value:
            courses[course_id].certificates_issued = number
        else:
            courses[course_id].certificates_pending = number

    for course_id, average, graded in db.session.execute(_average_grades(linked)):
        courses[course_id].average_grade = _tenth(average)
        courses[course_id].graded = graded
    return list(courses.values())


def _tenth(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP)


def _average_grades(linked):
    """(course_id, average course grade, trainees graded) for the linked courses that have a graded trainee."""
    cohort = (
        select(
            Enrolment.id.label("enrolment_id"),
            Enrolment.user_id.label("user_id"),
            Enrolment.course_id.label("course_id"),
        )
        .where(Enrolment.course_id.in_(linked), Enrolment.status.in_(SEAT_HOLDING))
        .subquery("cohort")
    )
    results = course_results(cohort)
    return (
        select(results.c.course_id, func.avg(results.c.grade), func.count())
        .where(results.c.counted > 0)
        .group_by(results.c.course_id)
    )


def totals(courses: list[CourseFigures]) -> dict[str, int]:
    return {
        "courses": len(courses),
        "studying": sum(c.studying for c in courses),
        "completed": sum(c.completed for c in courses),
        "certificates_issued": sum(c.certificates_issued for c in courses),
        "certificates_pending": sum(c.certificates_pending for c in courses),
    }
