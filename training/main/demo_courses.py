"""Demo courses: modules with real teaching text, partner institutions, instructors, enrolments and progress.

Called by :func:`training.main.demo.seed_demo` after the institutions and users exist. A course is looked
up by its slug: if it is already there, it and its enrolments are left alone, so seeding twice adds nothing.
Everything goes through the course services (save, link, publish, enrol, approve, reject, withdraw, mark
complete), so the demo obeys the same rules and leaves the same audit trail as real use.

The dates are relative to the day of seeding (so the demo always has a course running, one about to start and
one long finished), and the enrolment history is backdated to match.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from training.auth.models import User
from training.courses import enrolment as enrolments
from training.courses.models import Course, CourseStatus, Enrolment, EnrolmentMode, ModuleProgress
from training.courses.progress import mark_complete
from training.courses.services import (
    CourseError,
    add_instructor,
    change_status,
    link_institution,
    save_course,
    save_module,
)
from training.db import utcnow
from training.extensions import db
from training.main.demo_content_cooperation import COURSES as COOPERATION_COURSES
from training.main.demo_content_market import COURSES as MARKET_COURSES
from training.main.demo_content_nature import COURSES as NATURE_COURSES
from training.main.demo_content_pollution import COURSES as POLLUTION_COURSES
from training.main.demo_content_waste import COURSES as WASTE_COURSES
from training.main.demo_content_waste_ja import COURSES as WASTE_JA_COURSES
from training.main.demo_course_spec import DEMO_ENROLMENT_KEY, DemoCourse

COURSES: tuple[DemoCourse, ...] = (
    POLLUTION_COURSES + WASTE_COURSES + WASTE_JA_COURSES + NATURE_COURSES + MARKET_COURSES + COOPERATION_COURSES
)


class Seat(NamedTuple):
    """One demo enrolment: who, the status it ends in, and how many modules (in order) they finished.

    ``done=None`` finishes every module. A completed seat must finish every required module; an active one
    must not (finishing them completes the enrolment).
    """

    email: str
    status: str
    done: int | None = 0
    reason: str | None = None


T = "trainee@cai-demo.org"  # the demo trainee: one course in progress, one completed, one pending, one waitlisted
SASAKI, TANAKA = "sasaki.akari@cai-demo.org", "tanaka.shota@cai-demo.org"
WANG, LI_NA, KIM = "wang.wei@cai-demo.org", "li.na@cai-demo.org", "kim.minjun@cai-demo.org"
SOMCHAI, PHAM = "somchai.j@cai-demo.org", "pham.quoc.huy@cai-demo.org"
PRIYA, RAHUL = "priya.sharma@cai-demo.org", "rahul.verma@cai-demo.org"
SITI, FATIMAH, MARIA = "siti.rahayu@cai-demo.org", "fatimah.zahra@cai-demo.org", "maria.santos@cai-demo.org"

# Per course slug, in the order the requests arrived (which is also the waitlist order).
ENROLMENTS: dict[str, tuple[Seat, ...]] = {
    "co-benefit-air-quality-management": (
        Seat(WANG, "completed", None),
        Seat(RAHUL, "withdrawn", 1),
        Seat(SOMCHAI, "active", 1),
        Seat(T, "active", 2),
        Seat(PHAM, "active", 0),
        Seat(FATIMAH, "completed", None),
    ),
    "municipal-solid-waste-3rs": (
        Seat(SITI, "completed", None),
        Seat(T, "completed", 4),  # the optional fifth module skipped
        Seat(MARIA, "active", 3),
        Seat(FATIMAH, "withdrawn", 0),
        Seat(TANAKA, "active", 0),
    ),
    "e-waste-transboundary-movement": (
        Seat(SITI, "completed", 4),
        Seat(PRIYA, "completed", None),  # passed at the second attempt; her certificate awaits IISS's approval
        Seat(
            KIM,
            "rejected",
            reason=(
                "This advanced course needs experience of customs or hazardous-waste "
                "enforcement; please start with “Municipal solid waste and the 3Rs”."
            ),
        ),
        Seat(RAHUL, "pending"),
        Seat(T, "pending"),
    ),
    "biodiversity-monitoring-networks": (  # three seats: full, with two on the waitlist
        Seat(LI_NA, "completed", None),
        Seat(MARIA, "active", 2),
        Seat(FATIMAH, "active", 1),
        Seat(T, "waitlisted"),
        Seat(PHAM, "waitlisted"),
    ),
    "climate-adaptation-infrastructure": (
        Seat(MARIA, "active", 0),
        Seat(KIM, "withdrawn", 0),
        Seat(SOMCHAI, "active", 0),
        Seat(PHAM, "active", 0),
    ),
    "green-public-procurement": (
        Seat(SASAKI, "completed", 3),
        Seat(PRIYA, "completed", None),
        Seat(KIM, "active", 1),
        Seat(TANAKA, "active", 0),
        Seat(PHAM, "completed", None),  # his certificate is revoked: see demo_certificates
    ),
    "green-finance-bonds-and-disclosure": (
        Seat(SASAKI, "completed", None),
        Seat(WANG, "active", 2),
        Seat(KIM, "completed", None),  # his certificate is re-issued after a name correction: see demo_certificates
    ),
    "environmental-goods-in-epas-and-ftas": (
        Seat(SASAKI, "completed", None),
        Seat(PRIYA, "active", 1),
        Seat(TANAKA, "withdrawn", 0),
        Seat(
            WANG,
            "rejected",
            reason=(
                "Places in this cohort go to trade and customs officials first; "
                "your application is kept for the next intake."
            ),
        ),
        Seat(RAHUL, "pending"),
    ),
    "continuous-emissions-monitoring-2025": (
        Seat(WANG, "completed", None),
        Seat(SOMCHAI, "completed", None),
        Seat(RAHUL, "active", 1),
    ),
    "waste-to-energy-and-final-disposal-ja": (
        Seat(TANAKA, "completed", 2),  # the optional third module skipped
        Seat(SASAKI, "active", 1),
    ),
    "water-quality-laboratories-th": (
        Seat(SOMCHAI, "completed", None),
        Seat(FATIMAH, "active", 1),
        Seat(PHAM, "active", 0),
    ),
    "environmental-leadership-collaboration": (
        Seat(PRIYA, "active", 0),
        Seat(PHAM, "withdrawn", 0),
        Seat(
            MARIA,
            "rejected",
            reason=(
                "The first cohort is made up of nominees of partner institutions; "
                "please ask your organisation to nominate you for the next intake."
            ),
        ),
        Seat(SITI, "pending"),
    ),
}


def seed_courses(institutions: dict, counts: dict[str, int]) -> list[Course]:
    """Create the demo courses that are missing (by slug), with their enrolments and progress; return them. No commit.

    A new course awards no certificate yet: :func:`training.main.demo_certificates.seed_certificates` sets its
    certificate rules once the history is written, and issues each certificate on the day it was earned.
    """
    counts.setdefault("courses", 0)
    existing = set(db.session.scalars(select(Course.slug).where(Course.slug.in_([c.slug for c in COURSES]))))
    emails = {email for spec in COURSES for email in spec.instructors}
    emails |= {seat.email for seats in ENROLMENTS.values() for seat in seats}
    users = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
    now = utcnow()
    today = now.date()
    history: list[tuple[Enrolment, int, int]] = []
    created: list[Course] = []
    for spec in COURSES:
        if spec.slug in existing or spec.instructors[0] not in users:
            continue
        author = users[spec.instructors[0]]
        course = _create_course(spec, author, institutions, users, today)
        created.append(course)
        counts["courses"] += 1
        seats = [seat for seat in ENROLMENTS.get(spec.slug, ()) if seat.email in users]
        for index, seat in enumerate(seats):
            history.append((_seed_enrolment(course, author, users[seat.email], seat), index, len(seats)))
        if spec.status == CourseStatus.ARCHIVED.value:
            change_status(author, course, CourseStatus.ARCHIVED.value)
    _backdate(history, now)
    db.session.flush()
    return created


def _create_course(spec: DemoCourse, author, institutions: dict, users: dict, today: date) -> Course:
    starts_on = ends_on = None
    if spec.dates:
        starts_on = today + timedelta(days=spec.dates[0])
        ends_on = starts_on + timedelta(days=spec.dates[1])
    course, _ = save_course(
        author,
        None,
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        description=spec.description,
        language=spec.language,
        level=spec.level,
        estimated_hours=Decimal(spec.hours),
        starts_on=starts_on,
        ends_on=ends_on,
        enrolment_mode=spec.mode,
        enrolment_key=DEMO_ENROLMENT_KEY if spec.mode == EnrolmentMode.KEY.value else None,
        capacity=spec.capacity,
        objective_codes=spec.objectives,
        # No certificates while the history is written (they would be dated today): demo_certificates then sets
        # the course's certificate mode and issues each certificate as of the day it was earned.
        certificate_mode="none",
        certificate_valid_months=spec.certificate_valid_months,
    )
    for email in spec.instructors[1:]:
        try:
            add_instructor(author, course, users.get(email))
        except CourseError:  # an account that is no instructor (an older database): teach without them
            pass
    for short_name, role in spec.institutions:
        link_institution(author, course, institutions[short_name], role)
    for position, module in enumerate(spec.modules):
        saved = save_module(
            author,
            course,
            None,
            title=module.title,
            body=module.body,
            required=module.required,
            estimated_minutes=module.minutes,
            objective_codes=module.objectives,
        )
        # Explicit, so the demo reads in sequence on every database whatever numbering save_module applies
        # (an earlier save_module gave every module after the first position 0).
        saved.position = position
    db.session.flush()
    if spec.status in (CourseStatus.PUBLISHED.value, CourseStatus.ARCHIVED.value):
        change_status(author, course, CourseStatus.PUBLISHED.value)
    return course


def _seed_enrolment(course: Course, staff, user, seat: Seat) -> Enrolment:
    """Enrol ``user`` as a trainee would, let ``staff`` decide, study the first modules, maybe withdraw."""
    key = DEMO_ENROLMENT_KEY if course.enrolment_mode == EnrolmentMode.KEY.value else None
    enrolment = enrolments.enrol(user, course, key=key)
    if enrolment.status == enrolments.PENDING and seat.status == enrolments.REJECTED:
        enrolments.reject(staff, enrolment, seat.reason or "Not this time.")
    elif enrolment.status == enrolments.PENDING and seat.status != enrolments.PENDING:
        enrolments.approve(staff, enrolment)
    modules = list(course.modules)
    for module in modules if seat.done is None else modules[: seat.done]:
        mark_complete(enrolment, module)
    if seat.status == enrolments.WITHDRAWN:
        enrolments.withdraw(user, enrolment)
    if enrolment.status != seat.status:
        raise RuntimeError(
            f"demo enrolment of {seat.email} in {course.slug} ended {enrolment.status}, "
            f"not {seat.status}: check ENROLMENTS"
        )
    return enrolment


def _backdate(history: list[tuple[Enrolment, int, int]], now: datetime) -> None:
    """Spread the history over the weeks before seeding: requests in arrival order, then study, then the end.

    ``history`` holds each new enrolment with its place in its course's queue (index, total). One query
    loads all their finished modules, and one flush writes the times.
    """
    if not history:
        return
    rows: dict[int, list[ModuleProgress]] = {}
    for row in db.session.scalars(
        select(ModuleProgress)
        .where(ModuleProgress.enrolment_id.in_([e.id for e, _, _ in history]))
        .order_by(ModuleProgress.id)
    ):
        rows.setdefault(row.enrolment_id, []).append(row)
    for enrolment, index, total in history:
        course = enrolment.course
        start = datetime.combine(course.starts_on, time(1), tzinfo=UTC) if course.starts_on else now
        requested = min(start, now) - timedelta(days=2 * (total - index) + 12, hours=3 * index)
        enrolment.requested_at = enrolment.status_changed_at = requested
        done = rows.get(enrolment.id, [])
        # When the last module was finished: at completion, or after some days of study, never in the future.
        last = min(now, requested + timedelta(days=4 * len(done) + 1))
        if enrolment.status == enrolments.COMPLETED:
            end = datetime.combine(course.ends_on, time(9), tzinfo=UTC) if course.ends_on else now
            last = min(now, max(min(end, now) - timedelta(days=index + 1), requested + timedelta(days=3)))
            enrolment.completed_at = enrolment.status_changed_at = last
        elif enrolment.status in (enrolments.WITHDRAWN, enrolments.REJECTED):
            enrolment.status_changed_at = min(now, last + timedelta(days=1))
        for n, row in enumerate(done, start=1):
            row.completed_at = requested + (last - requested) * n / len(done)
