"""A large demo history for the reports: ``flask --app wsgi seed-demo --large [--trainees 3000] [--seed 1]``.

Run after the normal demo seeding (the CLI does both), it adds two years of training history so that the reports
at ``/reports`` show real shapes rather than a handful of rows:

* several thousand trainees (3,000 by default) with an e-mail at ``@large.cai-demo.org``, from 15 Asian countries,
  three in four working for one of the demo institutions (all five sectors), the others with no institution; every
  account shares one password hash, of the demo password, computed once;
* 32 generated published courses (slugs ``large-demo-...``) tagged to every CAI objective, each hosted and certified
  by demo institutions and taught by demo instructors, with four modules, a bank of five true/false questions, a
  quiz and a required final test; three of the material-cycle ones are linked to the Japanese ministry (MOEJ), so
  its partner admin (``partner@cai-demo.org``) sees material-cycle trainees of many countries in the reports;
* enrolments in those courses and in the demo's self-paced courses with realistic funnels: most requests accepted,
  about 60 % of enrolments completed, some withdrawn or still in progress, a few pending or rejected; request dates
  spread over the last 24 months with seasonality (busy spring and autumn, quiet August and December) and growth;
* module progress matching each status, graded attempts (rows of ``attempts`` only, no ``attempt_answers``: the
  gradebook and the reports read attempts), a trainee's ability and a course's difficulty deciding the scores;
* certificates for the completers who meet the course's rules, issued (or, for courses that need the certifying
  institution's approval, pending when recent), a few revoked.

Large-demo certificates share a specimen PDF: no PDF is rendered. One small placeholder PDF is stored through
:mod:`training.storage` and every certificate row points to its key with its SHA-256 (an issued certificate must
have both); the snapshot is minimal (name, course, objectives, certifying institution, dates) and no signed
credential is made. Nothing here goes through the services, so no audit entries are written either.

Everything is written with bulk Core inserts (one ``executemany`` per table) in the session's transaction, committed
once at the end. Running it again adds nothing: if any ``@large.cai-demo.org`` account exists, it prints what is there
and stops (a generated course is also looked up by its slug before it is created). The random seed fixes who enrols
where and how it goes; dates are relative to the day of seeding and serials are random.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import func, insert, select

from training.assessments.models import Assessment, AssessmentItem, Attempt, Question, QuestionCategory
from training.auth import services as auth_services
from training.auth.models import User, UserRole
from training.certificates.models import Certificate
from training.certificates.serials import new_serial
from training.certificates.services import add_months
from training.courses.models import (
    Course,
    CourseInstitution,
    Enrolment,
    Module,
    ModuleProgress,
    course_instructors,
    course_objectives,
    module_objectives,
)
from training.db import utcnow
from training.extensions import db
from training.institutions.models import Institution
from training.main.demo import DEMO_PASSWORD
from training.main.demo_courses import COURSES as DEMO_COURSES
from training.main.demo_large_data import (
    COMPLETE,
    COUNTRIES,
    DEFAULT_INSTRUCTOR,
    DOMAIN,
    ENROLMENTS_PER_TRAINEE,
    FLAGSHIP,
    FLAGSHIP_COHORT,
    GENERATED,
    GROWTH,
    INSTRUCTORS,
    MODULE_TITLES,
    MONTH_WEIGHTS,
    NAMES,
    NO_INSTITUTION,
    REVOKE_REASON,
    REVOKE_SHARE,
    SECTOR_WEIGHTS,
    SLUG_PREFIX,
    STATEMENTS,
    WINDOW_DAYS,
    WITHDRAW,
)
from training.objectives.models import Objective
from training.storage import storage


def specimen_pdf() -> bytes:
    """A one-page A4 landscape PDF saying it is a specimen: the file every large-demo certificate points to."""
    lines = (
        (34, 420, "SPECIMEN CERTIFICATE"),
        (14, 380, "Clean Asia Initiative training platform - large demo data"),
        (12, 350, "Certificates of the large demo history share this placeholder PDF."),
        (12, 330, "Check a certificate's details on its verification page."),
    )
    text = "".join(f"BT /F1 {size} Tf 72 {y} Td ({words}) Tj ET\n" for size, y, words in lines)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text.encode()) + text.encode() + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- Plans held in memory --------------------------------------------------------------------------------------


@dataclass
class _Assessment:
    id: int
    weight: Decimal
    passing: Decimal
    max_attempts: int
    max_score: Decimal
    step: Decimal  # scores come in steps of this many points
    required: bool
    method: str
    time_limit: int | None
    needs_grader: bool  # an essay: graded some hours after submission


@dataclass
class _Course:
    id: int
    slug: str
    language: str
    mode: str
    certificate_mode: str
    valid_months: int | None
    min_grade: Decimal | None
    popularity: float
    available_from: datetime | None
    author_id: int | None
    difficulty: float
    modules: list[tuple[int, bool]] = field(default_factory=list)  # (id, required) in order
    assessments: list[_Assessment] = field(default_factory=list)
    certifier_id: int | None = None
    snapshot: dict = field(default_factory=dict)


@dataclass
class _Trainee:
    index: int
    email: str
    name: str
    country: str
    institution_id: int | None
    ability: float
    dates: list[datetime] = field(default_factory=list)  # when they asked to enrol (one course each)
    flagship_at: datetime | None = None  # in last year's flagship cohort: when they enrolled in it


@dataclass
class Totals:
    trainees: int = 0
    courses: int = 0
    enrolments: Counter = field(default_factory=Counter)
    module_progress: int = 0
    attempts: int = 0
    certificates: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        enrolled = sum(self.enrolments[s] for s in ("active", "completed", "withdrawn"))
        rate = f"{100 * self.enrolments['completed'] / enrolled:.1f} %" if enrolled else "-"
        statuses = ", ".join(f"{status} {n:,}" for status, n in sorted(self.enrolments.items()))
        certificates = ", ".join(f"{status} {n:,}" for status, n in sorted(self.certificates.items()))
        return [
            f"  trainees @{DOMAIN}: {self.trainees:,}",
            f"  generated courses ({SLUG_PREFIX}*): {self.courses}",
            f"  enrolments: {sum(self.enrolments.values()):,} ({statuses}); completed / enrolled {rate}",
            f"  module progress rows: {self.module_progress:,}; graded attempts: {self.attempts:,}",
            f"  certificates: {sum(self.certificates.values()):,} ({certificates or 'none'})",
        ]


# --- Entry point ---------------------------------------------------------------------------------------------------


def seed_large(trainees: int = 3000, seed: int = 1, *, echo: Callable[[str], None] = print, now=None) -> Totals:
    """Add the large demo history (after :func:`training.main.demo.seed_demo`) and commit; return the totals.

    Does nothing but report the totals when the history is already there."""
    started = time.perf_counter()
    now = (now or utcnow()).replace(microsecond=0)
    existing = db.session.scalar(select(func.count()).select_from(User).where(User.email.like(f"%@{DOMAIN}")))
    if existing:
        totals = _existing_totals()
        echo(f"Large demo: already there ({existing:,} trainees @{DOMAIN}); nothing added.")
        for line in totals.lines():
            echo(line)
        return totals

    rng = random.Random(f"cai-large-demo/{seed}")
    totals = Totals()
    writer = _Writer(echo)
    institutions = _institutions()
    missing = {spec.host for spec in GENERATED} - set(institutions)
    if missing:
        raise RuntimeError(f"large demo: run the normal demo seeding first (missing {', '.join(sorted(missing))})")

    totals.courses = _ensure_courses(writer, institutions, now)
    courses = _load_courses(rng, now)
    echo(f"Large demo: {len(courses)} courses take enrolments ({totals.courses} generated now)")

    calendar = _Calendar(now)
    people = _plan_trainees(rng, trainees, institutions, calendar)
    password_hash = auth_services.hash_password(DEMO_PASSWORD)  # one hash for every generated account
    user_rows = []
    for person in people:
        first = min(person.dates + ([person.flagship_at] if person.flagship_at else []))
        joined = max(now - timedelta(days=WINDOW_DAYS + 7), first - timedelta(days=rng.uniform(0.2, 7)))
        locale = "ja" if person.country == "JP" else "en"
        user_rows.append(
            {
                "email": person.email,
                "name": person.name,
                "password_hash": password_hash,
                "locale": locale,
                "timezone": COUNTRIES[person.country][1],
                "country": person.country,
                "institution_id": person.institution_id,
                "active": True,
                "profile_public": False,
                "email_confirmed_at": joined + timedelta(minutes=rng.randint(2, 90)),
                "created_at": joined,
                "last_login_at": min(now, max(person.dates) + timedelta(days=rng.uniform(0, 20))),
            }
        )
    writer.rows(User.__table__, user_rows, "trainees")
    ids = dict(db.session.execute(select(User.email, User.id).where(User.email.like(f"%@{DOMAIN}"))).all())
    writer.rows(UserRole.__table__, [{"user_id": ids[p.email], "role": "trainee"} for p in people], "trainee roles")
    totals.trainees = len(people)

    plans = _plan_enrolments(rng, people, courses, ids, calendar, now)
    writer.rows(Enrolment.__table__, [plan.row for plan in plans], "enrolments")
    enrolment_ids = {
        (user_id, course_id): enrolment_id
        for enrolment_id, user_id, course_id in db.session.execute(
            select(Enrolment.id, Enrolment.user_id, Enrolment.course_id)
            .join(User, User.id == Enrolment.user_id)
            .where(User.email.like(f"%@{DOMAIN}"))
        )
    }
    for plan in plans:
        plan.id = enrolment_ids[(plan.row["user_id"], plan.row["course_id"])]
        totals.enrolments[plan.row["status"]] += 1

    writer.rows(ModuleProgress.__table__, [row for plan in plans for row in plan.progress(rng)], "module progress")
    attempts: list[dict] = []
    for plan in plans:
        attempts.extend(plan.take_assessments(rng, now))
    writer.rows(Attempt.__table__, attempts, "graded attempts")
    totals.module_progress = writer.counts[ModuleProgress.__tablename__]
    totals.attempts = len(attempts)

    pdf = specimen_pdf()
    pdf_key = storage().put(pdf, prefix="certificate", extension="pdf")
    pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificates = []
    for plan in plans:
        row = plan.certificate(rng, now, pdf_key, pdf_sha256, len(pdf))
        if row is not None:
            certificates.append(row)
            totals.certificates[row["status"]] += 1
    writer.rows(Certificate.__table__, certificates, "certificates (one shared specimen PDF)")

    db.session.commit()
    totals.seconds = time.perf_counter() - started
    echo(f"Large demo: added in {totals.seconds:.1f}s")
    for line in totals.lines():
        echo(line)
    return totals


class _Writer:
    """Bulk Core inserts (executemany) in the session's transaction, with a progress line per table."""

    def __init__(self, echo):
        self.echo = echo
        self.counts: Counter = Counter()

    def rows(self, table, rows: list[dict], label: str) -> None:
        started = time.perf_counter()
        if rows:
            db.session.execute(insert(table), rows)
        self.counts[table.name] += len(rows)
        self.echo(f"  {label}: {len(rows):,} rows in {time.perf_counter() - started:.1f}s")


def _institutions() -> dict[str, Institution]:
    return {i.short_name: i for i in db.session.scalars(select(Institution).order_by(Institution.id))}


def _existing_totals() -> Totals:
    generated = User.email.like(f"%@{DOMAIN}")
    totals = Totals()
    totals.trainees = db.session.scalar(select(func.count()).select_from(User).where(generated))
    totals.courses = db.session.scalar(
        select(func.count()).select_from(Course).where(Course.slug.like(f"{SLUG_PREFIX}%"))
    )
    for status, n in db.session.execute(
        select(Enrolment.status, func.count())
        .join(User, User.id == Enrolment.user_id)
        .where(generated)
        .group_by(Enrolment.status)
    ):
        totals.enrolments[status] = n
    totals.module_progress = db.session.scalar(
        select(func.count())
        .select_from(ModuleProgress)
        .join(Enrolment, Enrolment.id == ModuleProgress.enrolment_id)
        .join(User, User.id == Enrolment.user_id)
        .where(generated)
    )
    totals.attempts = db.session.scalar(
        select(func.count()).select_from(Attempt).join(User, User.id == Attempt.user_id).where(generated)
    )
    for status, n in db.session.execute(
        select(Certificate.status, func.count())
        .join(User, User.id == Certificate.user_id)
        .where(generated)
        .group_by(Certificate.status)
    ):
        totals.certificates[status] = n
    return totals


# --- The generated courses -------------------------------------------------------------------------------------


def _ensure_courses(writer: _Writer, institutions: dict[str, Institution], now: datetime) -> int:
    """Create the generated courses that are missing (by slug) with their modules, tags, links and assessments."""
    existing = set(db.session.scalars(select(Course.slug).where(Course.slug.like(f"{SLUG_PREFIX}%"))))
    specs = [spec for spec in GENERATED if SLUG_PREFIX + spec.key not in existing]
    if not specs:
        return 0
    emails = set(INSTRUCTORS.values()) | {DEFAULT_INSTRUCTOR}
    teachers = dict(db.session.execute(select(User.email, User.id).where(User.email.in_(emails))).all())
    objectives = dict(db.session.execute(select(Objective.code, Objective.id)).all())

    def teacher(spec) -> int | None:
        return teachers.get(INSTRUCTORS.get(spec.host, DEFAULT_INSTRUCTOR)) or teachers.get(DEFAULT_INSTRUCTOR)

    rows = []
    for spec in specs:
        published = now - timedelta(days=round(30.4 * spec.published_months_ago))
        rows.append(
            {
                "slug": SLUG_PREFIX + spec.key,
                "title": spec.title,
                "summary": spec.summary,
                "description": (
                    f"{spec.summary}\n\nA self-paced course in four modules, with a short quiz and a final test. "
                    "*Generated for the large demo history (`seed-demo --large`).*"
                ),
                "language": spec.language,
                "level": spec.level,
                "estimated_hours": Decimal(spec.hours),
                "enrolment_mode": spec.mode,
                "capacity": None,
                "status": "published",
                "certificate_mode": spec.certificate_mode,
                "certificate_min_grade": None if spec.min_grade is None else Decimal(spec.min_grade),
                "certificate_valid_months": spec.valid_months,
                "created_by_id": teacher(spec),
                "created_at": published - timedelta(days=21),
                "published_at": published,
            }
        )
    writer.rows(Course.__table__, rows, "generated courses")
    slugs = [SLUG_PREFIX + spec.key for spec in specs]
    course_ids = dict(db.session.execute(select(Course.slug, Course.id).where(Course.slug.in_(slugs))).all())

    tags, links, teaching, modules = [], [], [], []
    for spec in specs:
        cid = course_ids[SLUG_PREFIX + spec.key]
        tags += [{"course_id": cid, "objective_id": objectives[code]} for code in spec.objectives if code in objectives]
        roles = [(spec.host, "host"), (spec.co_host, "co-host"), (spec.certifying, "certifying")]
        links += [
            {"course_id": cid, "institution_id": institutions[short].id, "role": role}
            for short, role in roles
            if short in institutions
        ]
        if teacher(spec):
            teaching.append({"course_id": cid, "user_id": teacher(spec)})
        titles = MODULE_TITLES.get(spec.language, MODULE_TITLES["en"])
        for position, title in enumerate(titles):
            modules.append(
                {
                    "course_id": cid,
                    "position": position,
                    "title": title,
                    "body": f"## {title}\n\n{spec.summary}\n\n*Generated module of the large demo history.*",
                    "required": True,
                    "estimated_minutes": max(15, round(spec.hours * 60 / len(titles) / 5) * 5),
                    "created_at": now - timedelta(days=round(30.4 * spec.published_months_ago) + 20),
                }
            )
    writer.rows(course_objectives, tags, "objective tags")
    writer.rows(CourseInstitution.__table__, links, "institution links")
    writer.rows(course_instructors, teaching, "instructors")
    writer.rows(Module.__table__, modules, "modules")
    module_ids: dict[int, list[int]] = {}
    for cid, mid in db.session.execute(
        select(Module.course_id, Module.id).where(Module.course_id.in_(course_ids.values())).order_by(Module.position)
    ):
        module_ids.setdefault(cid, []).append(mid)
    writer.rows(
        module_objectives,
        [
            {"module_id": mid, "objective_id": objectives[spec.objectives[0]]}
            for spec in specs
            for mid in module_ids[course_ids[SLUG_PREFIX + spec.key]]
        ],
        "module objective tags",
    )
    _ensure_assessments(writer, specs, course_ids, module_ids, teacher, now)
    return len(specs)


def _ensure_assessments(writer, specs, course_ids, module_ids, teacher, now) -> None:
    """Per course: a category of five true/false questions, a quiz (the first three) and a required final (all)."""
    writer.rows(
        QuestionCategory.__table__,
        [{"course_id": course_ids[SLUG_PREFIX + s.key], "name": "Checks", "created_at": now} for s in specs],
        "question categories",
    )
    categories = dict(
        db.session.execute(
            select(QuestionCategory.course_id, QuestionCategory.id).where(
                QuestionCategory.course_id.in_(course_ids.values())
            )
        ).all()
    )
    questions, assessments = [], []
    for spec in specs:
        cid = course_ids[SLUG_PREFIX + spec.key]
        mids = module_ids[cid]
        for n, (statement, answer, feedback) in enumerate(STATEMENTS[spec.objectives[0]], start=1):
            questions.append(
                {
                    "course_id": cid,
                    "category_id": categories[cid],
                    "module_id": mids[min(n - 1, len(mids) - 1)],
                    "type": "true_false",
                    "name": f"Check {n}",
                    "prompt": statement,
                    "prompt_format": "markdown",
                    "general_feedback": feedback,
                    "points": Decimal(1),
                    "spec": {"answer": answer, "feedback_true": "", "feedback_false": ""},
                    "id_number": "",
                    "tags": [],
                    "archived": False,
                    "created_by_id": teacher(spec),
                    "created_at": now,
                    "updated_at": now,
                }
            )
        for position, (title, weight, required, module) in enumerate(
            (("Quiz", Decimal(1), False, 1), ("Final test", Decimal(2), True, len(mids) - 1))
        ):
            assessments.append(
                {
                    "course_id": cid,
                    "module_id": mids[module],
                    "title": title,
                    "instructions": "True or false? Three attempts; your best score counts. Pass mark 60 %.",
                    "status": "published",
                    "shuffle_questions": False,
                    "shuffle_options": True,
                    "passing_score": Decimal(60),
                    "max_attempts": 3,
                    "time_limit_minutes": None,
                    "opens_at": None,
                    "closes_at": None,
                    "late_policy": "refuse",
                    "late_penalty": Decimal(0),
                    "grading_method": "highest",
                    "review_policy": "after_submit",
                    "weight": weight,
                    "required": required,
                    "position": position,
                    "created_at": now,
                }
            )
    writer.rows(Question.__table__, questions, "questions")
    writer.rows(Assessment.__table__, assessments, "assessments")
    ids = list(course_ids.values())
    by_course: dict[int, list[int]] = {}
    for cid, qid in db.session.execute(
        select(Question.course_id, Question.id).where(Question.course_id.in_(ids)).order_by(Question.id)
    ):
        by_course.setdefault(cid, []).append(qid)
    items = []
    for aid, cid, position in db.session.execute(
        select(Assessment.id, Assessment.course_id, Assessment.position).where(Assessment.course_id.in_(ids))
    ):
        chosen = by_course[cid][:3] if position == 0 else by_course[cid]
        items += [
            {
                "assessment_id": aid,
                "position": n,
                "question_id": qid,
                "category_id": None,
                "draw_count": None,
                "points": Decimal(1),
                "rubric_id": None,
            }
            for n, qid in enumerate(chosen)
        ]
    writer.rows(AssessmentItem.__table__, items, "assessment items")


def _load_courses(rng: random.Random, now: datetime) -> list[_Course]:
    """The courses that take large-demo enrolments: the generated ones and the demo's published courses without a
    capacity that have started (a full or future cohort is left as the demo wrote it)."""
    generated = {SLUG_PREFIX + spec.key: spec for spec in GENERATED}
    demo_slugs = [spec.slug for spec in DEMO_COURSES]
    rows = db.session.scalars(
        select(Course)
        .where(Course.slug.in_(list(generated) + demo_slugs), Course.status == "published", Course.capacity.is_(None))
        .order_by(Course.id)
    ).all()
    today = now.date()
    courses: dict[int, _Course] = {}
    for course in rows:
        if course.starts_on is not None and course.starts_on > today:
            continue
        spec = generated.get(course.slug)
        courses[course.id] = _Course(
            id=course.id,
            slug=course.slug,
            language=course.language,
            mode=course.enrolment_mode,
            certificate_mode=course.certificate_mode,
            valid_months=course.certificate_valid_months,
            min_grade=course.certificate_min_grade,
            popularity=float(spec.popularity if spec else 2.5),
            available_from=course.published_at if spec else None,  # demo courses: their whole history
            author_id=course.created_by_id,
            difficulty=rng.gauss(0, 6),
        )
    ids = list(courses)
    for cid, mid, required in db.session.execute(
        select(Module.course_id, Module.id, Module.required)
        .where(Module.course_id.in_(ids))
        .order_by(Module.course_id, Module.position, Module.id)
    ):
        courses[cid].modules.append((mid, required))
    maxima = dict(
        db.session.execute(
            select(Attempt.assessment_id, func.max(Attempt.max_score))
            .join(Assessment, Assessment.id == Attempt.assessment_id)
            .where(Assessment.course_id.in_(ids))
            .group_by(Attempt.assessment_id)
        ).all()
    )
    item_points = dict(
        db.session.execute(
            select(
                AssessmentItem.assessment_id,
                func.sum(AssessmentItem.points * func.coalesce(AssessmentItem.draw_count, 1)),
            )
            .join(Assessment, Assessment.id == AssessmentItem.assessment_id)
            .where(Assessment.course_id.in_(ids))
            .group_by(AssessmentItem.assessment_id)
        ).all()
    )
    essays = set(
        db.session.scalars(
            select(AssessmentItem.assessment_id)
            .join(Question, Question.id == AssessmentItem.question_id)
            .join(Assessment, Assessment.id == AssessmentItem.assessment_id)
            .where(Assessment.course_id.in_(ids), Question.type == "essay")
        )
    )
    for a in db.session.scalars(
        select(Assessment)
        .where(Assessment.course_id.in_(ids), Assessment.status == "published", Assessment.weight > 0)
        .order_by(Assessment.course_id, Assessment.position, Assessment.id)
    ):
        maximum = Decimal(maxima.get(a.id) or item_points.get(a.id) or 10)
        if maximum <= 0:
            continue
        courses[a.course_id].assessments.append(
            _Assessment(
                id=a.id,
                weight=Decimal(a.weight),
                passing=Decimal(a.passing_score),
                max_attempts=min(a.max_attempts or 3, 3),
                max_score=maximum,
                step=Decimal("0.5") if a.id in essays else Decimal(1),
                required=a.required,
                method=a.grading_method,
                time_limit=a.time_limit_minutes,
                needs_grader=a.id in essays,
            )
        )
    _certifiers(courses)
    return [c for c in courses.values() if c.modules]


def _certifiers(courses: dict[int, _Course]) -> None:
    """Each course's certifying institution (else its host) and the frozen part of its certificates' snapshot."""
    ids = list(courses)
    links = db.session.execute(
        select(CourseInstitution.course_id, CourseInstitution.role, Institution)
        .join(Institution, Institution.id == CourseInstitution.institution_id)
        .where(CourseInstitution.course_id.in_(ids))
    ).all()
    tags: dict[int, list[dict]] = {}
    for cid, code, title in db.session.execute(
        select(course_objectives.c.course_id, Objective.code, Objective.title)
        .join(Objective, Objective.id == course_objectives.c.objective_id)
        .where(course_objectives.c.course_id.in_(ids))
        .order_by(Objective.position)
    ):
        tags.setdefault(cid, []).append({"code": code, "title": title})
    rank = {"certifying": 0, "host": 1}
    chosen: dict[int, tuple[int, Institution]] = {}
    for cid, role, institution in links:
        if role in rank and (cid not in chosen or rank[role] < chosen[cid][0]):
            chosen[cid] = (rank[role], institution)
    titles = dict(db.session.execute(select(Course.id, Course.title).where(Course.id.in_(ids))).all())
    summaries = dict(db.session.execute(select(Course.id, Course.summary).where(Course.id.in_(ids))).all())
    hours = dict(db.session.execute(select(Course.id, Course.estimated_hours).where(Course.id.in_(ids))).all())
    for cid, course in courses.items():
        if cid not in chosen:
            continue
        institution = chosen[cid][1]
        course.certifier_id = institution.id
        course.snapshot = {
            "course": {
                "id": cid,
                "slug": course.slug,
                "title": titles[cid],
                "summary": summaries[cid],
                "hours": f"{Decimal(hours[cid]).normalize():f}",
                "language": course.language,
            },
            "objectives": tags.get(cid, []),
            "institutions": [
                {
                    "id": institution.id,
                    "name": institution.name,
                    "short_name": institution.short_name,
                    "country": institution.country,
                    "role": "certifying",
                    "logo_key": institution.logo_key,
                    "logo_type": institution.logo_content_type,
                    "signatories": [],
                }
            ],
            "specimen": True,  # large demo: the PDF is the shared specimen, not this certificate's own
        }


# --- Trainees --------------------------------------------------------------------------------------------------


class _Calendar:
    """Moments in the last 24 months, drawn with the month's seasonality and the growth over time."""

    def __init__(self, now: datetime):
        self.start = now - timedelta(days=WINDOW_DAYS)
        self.now = now
        weights = []
        for day in range(WINDOW_DAYS):
            moment = self.start + timedelta(days=day)
            growth = GROWTH[0] + (GROWTH[1] - GROWTH[0]) * day / WINDOW_DAYS
            weekday = 0.45 if moment.weekday() >= 5 else 1.0
            weights.append(MONTH_WEIGHTS[moment.month - 1] * growth * weekday)
        self.cumulative = []
        total = 0.0
        for w in weights:
            total += w
            self.cumulative.append(total)

    def draw(self, rng: random.Random, first: date | None = None, last: date | None = None) -> datetime:
        low = 0 if first is None else bisect.bisect_left(self.cumulative, self._cum_at(first))
        high = len(self.cumulative) if last is None else bisect.bisect_right(self.cumulative, self._cum_at(last))
        lo_w = self.cumulative[low - 1] if low > 0 else 0.0
        hi_w = self.cumulative[max(low, high - 1)]
        day = bisect.bisect_left(self.cumulative, rng.uniform(lo_w, hi_w))
        office = rng.triangular(0, 12, 3)  # most activity in Asian office hours (UTC 00:00-10:00)
        moment = self.start + timedelta(days=day, hours=office, minutes=rng.randrange(60))
        return min(moment, self.now - timedelta(minutes=rng.randint(5, 600)))

    def _cum_at(self, day: date) -> float:
        index = (datetime(day.year, day.month, day.day, tzinfo=UTC) - self.start).days
        index = min(max(index, 0), len(self.cumulative) - 1)
        return self.cumulative[index]


def _name(rng: random.Random, country: str) -> str:
    families, givens, order = NAMES[country]
    family, given = rng.choice(families), rng.choice(givens)
    if order == "joined":
        return family + given
    if order == "family first":
        return f"{family} {given}"
    if order == "patronymic":
        return f"{family[0]}. {given}"
    return f"{given} {family}".strip()


def _plan_trainees(rng, n: int, institutions: dict[str, Institution], calendar: _Calendar) -> list[_Trainee]:
    by_sector_country: dict[tuple[str, str], list[int]] = {}
    by_sector: dict[str, list[int]] = {}
    for institution in institutions.values():
        by_sector_country.setdefault((institution.sector, institution.country), []).append(institution.id)
        by_sector.setdefault(institution.sector, []).append(institution.id)
    codes, weights = list(COUNTRIES), [spec[0] for spec in COUNTRIES.values()]
    sectors = [s for s in SECTOR_WEIGHTS if s in by_sector]
    people = []
    for i in range(n):
        # The first trainees (two per country) include last year's flagship cohort: every country appears.
        country = codes[i % len(codes)] if i < 2 * len(codes) else rng.choices(codes, weights)[0]
        institution_id = None
        if rng.random() >= NO_INSTITUTION and sectors:
            sector = rng.choices(sectors, [SECTOR_WEIGHTS[s] for s in sectors])[0]
            local = by_sector_country.get((sector, country))
            institution_id = rng.choice(local if local and rng.random() < 0.8 else by_sector[sector])
        person = _Trainee(
            index=i,
            email=f"trainee{i + 1:05d}@{DOMAIN}",
            name=_name(rng, country),
            country=country,
            institution_id=institution_id,
            ability=min(97.0, max(20.0, rng.gauss(66, 15))),
        )
        k = rng.choices(list(ENROLMENTS_PER_TRAINEE), list(ENROLMENTS_PER_TRAINEE.values()))[0]
        person.dates = sorted(calendar.draw(rng) for _ in range(k))
        if i < min(FLAGSHIP_COHORT, n // 2 or 1):
            # Last year's flagship cohort enrolled between January and mid-October.
            last_year = calendar.now.year - 1
            person.flagship_at = calendar.draw(rng, date(last_year, 1, 5), date(last_year, 10, 10))
        people.append(person)
    return people


# --- Enrolments and what follows from them ------------------------------------------------------------------------


@dataclass
class _Plan:
    row: dict
    course: _Course
    person: _Trainee
    done_until: datetime  # the end of the study period (completion, withdrawal or now)
    must_pass: bool = False
    id: int | None = None
    passed_at: datetime | None = None
    met: bool = False
    grade: Decimal | None = None

    def progress(self, rng: random.Random) -> list[dict]:
        status, modules = self.row["status"], self.course.modules
        if status in ("pending", "rejected") or not modules:
            return []
        if status == "completed":
            done = [mid for mid, required in modules if required or rng.random() < 0.7]
        else:
            required_positions = [n for n, (_, required) in enumerate(modules) if required]
            limit = required_positions[-1] if required_positions else len(modules)
            done = [mid for mid, _ in modules[: rng.randint(0, limit)]]
        start = self.row["requested_at"] + timedelta(hours=rng.uniform(1, 48))
        end = max(start, self.done_until)
        rows = []
        for n, mid in enumerate(done, start=1):
            rows.append(
                {"enrolment_id": self.id, "module_id": mid, "completed_at": start + (end - start) * n / len(done)}
            )
        if done:
            self.row["last_module_id"] = done[-1]
        return rows

    def take_assessments(self, rng: random.Random, now: datetime) -> list[dict]:
        status, course = self.row["status"], self.course
        if status in ("pending", "rejected") or not course.assessments:
            self.met = status == "completed"
            return []
        begin = self.row["requested_at"] + (self.done_until - self.row["requested_at"]) * 0.3
        rows: list[dict] = []
        best: dict[int, Decimal] = {}
        last: dict[int, list[Decimal]] = {}
        for index, a in enumerate(course.assessments):
            if status == "completed":
                tries = min(a.max_attempts, rng.choice((1, 2, 3, 3)))  # until passed, or given up
            elif status == "active":
                chance = 0.55 if index == 0 else 0.25
                tries = rng.choice((1, 1, 2)) if rng.random() < chance else 0
            else:  # withdrawn
                tries = 1 if index == 0 and rng.random() < 0.25 else 0
            moment = begin + (self.done_until - begin) * (index + rng.random() * 0.5) / (len(course.assessments) + 1)
            for number in range(1, tries + 1):
                started = min(moment, now - timedelta(hours=2))
                submitted = started + timedelta(minutes=rng.randint(6, min(a.time_limit or 40, 40)))
                graded = submitted + timedelta(hours=rng.uniform(2, 72)) if a.needs_grader else submitted
                graded = min(graded, now - timedelta(minutes=5))
                wanted = rng.gauss(self.person.ability - course.difficulty + 7 * (number - 1), 11)
                score = (Decimal(min(100.0, max(0.0, wanted))) * a.max_score / 100 / a.step).quantize(
                    Decimal(1)
                ) * a.step
                if self.must_pass and number == tries and score * 100 / a.max_score < a.passing:
                    score = (a.passing * a.max_score / 100 / a.step).to_integral_value(ROUND_CEILING) * a.step
                percent = (score * 100 / a.max_score).quantize(Decimal("0.01"))
                passed = percent >= a.passing
                rows.append(
                    {
                        "assessment_id": a.id,
                        "user_id": self.row["user_id"],
                        "number": number,
                        "status": "graded",
                        "started_at": started,
                        "deadline": started + timedelta(minutes=a.time_limit) if a.time_limit else None,
                        "submitted_at": submitted,
                        "closed_by_timer": False,
                        "late": False,
                        "score": score,
                        "max_score": a.max_score,
                        "percent": percent,
                        "passed": passed,
                        "graded_at": graded,
                    }
                )
                best[a.id] = max(best.get(a.id, Decimal(0)), percent)
                last.setdefault(a.id, []).append(percent)
                if passed and a.required:
                    self.passed_at = max(self.passed_at or graded, graded)
                if passed and status == "completed":
                    break
                moment = submitted + timedelta(days=rng.uniform(1, 6))
        met, self.grade = _rules_met(course, best, last)
        self.met = met and status == "completed"
        return rows

    def certificate(self, rng, now: datetime, pdf_key: str, sha256: str, size: int) -> dict | None:
        course = self.course
        if not self.met or course.certificate_mode == "none" or course.certifier_id is None:
            return None
        earned = max(self.row["completed_at"], self.passed_at or self.row["completed_at"])
        if course.certificate_mode == "approval":
            issued = earned + timedelta(days=rng.uniform(0.5, 12))
        else:
            issued = earned + timedelta(minutes=rng.uniform(0.1, 5))
        pending = course.certificate_mode == "approval" and issued > now - timedelta(hours=1)
        if self.must_pass:
            issued = min(issued, datetime(earned.year, 12, 31, 12, tzinfo=UTC))
        issued = min(issued, now - timedelta(minutes=1))
        expires = add_months(issued, course.valid_months) if course.valid_months and not pending else None
        revoked = not pending and not self.must_pass and rng.random() < REVOKE_SHARE
        snapshot = {
            **course.snapshot,
            "name": self.person.name,
            "name_lang": {"JP": "ja", "CN": "zh-Hans", "KR": "ko"}.get(self.person.country),
            "grade": None if self.grade is None else str(self.grade),
            "issued_on": None if pending else issued.date().isoformat(),
            "expires_on": expires.date().isoformat() if expires else None,
        }
        return {
            "serial": new_serial(),
            "course_id": course.id,
            "user_id": self.row["user_id"],
            "enrolment_id": self.id,
            "institution_id": course.certifier_id,
            "status": "pending" if pending else "revoked" if revoked else "issued",
            "requested_at": earned,
            "issued_at": None if pending else issued,
            "issued_by_id": None,
            "expires_at": expires,
            "revoked_at": min(now, issued + timedelta(days=rng.uniform(5, 60))) if revoked else None,
            "revoked_reason": REVOKE_REASON if revoked else None,
            "revoked_by_id": None,
            "snapshot": snapshot,
            "pdf_key": None if pending else pdf_key,
            "pdf_sha256": None if pending else sha256,
            "pdf_size": None if pending else size,
            "credential_jwt": None,
        }


def _rules_met(course: _Course, best: dict, last: dict) -> tuple[bool, Decimal | None]:
    """The certificate rules on the attempts just made (required assessments passed, the minimum grade reached),
    and the course grade as the gradebook computes it (a missing result counts as 0)."""
    counted = {}
    for a in course.assessments:
        values = last.get(a.id)
        if not values:
            continue
        if a.method == "last":
            counted[a.id] = values[-1]
        elif a.method == "average":
            counted[a.id] = sum(values) / len(values)
        else:
            counted[a.id] = best[a.id]
    weights = sum(a.weight for a in course.assessments)
    grade = None
    if counted and weights:
        total = sum(counted.get(a.id, Decimal(0)) * a.weight for a in course.assessments)
        grade = (total / weights).quantize(Decimal("0.01"))
    if any(a.required and counted.get(a.id, Decimal(-1)) < a.passing for a in course.assessments):
        return False, grade
    return course.min_grade is None or (grade is not None and grade >= course.min_grade), grade


def _plan_enrolments(rng, people: list[_Trainee], courses: list[_Course], ids: dict, calendar, now) -> list[_Plan]:
    flagship = next((c for c in courses if c.slug == FLAGSHIP), None)
    local = {code: spec[2] for code, spec in COUNTRIES.items()}
    plans: list[_Plan] = []
    for person in people:
        taken: set[int] = set()
        language = local[person.country]
        if flagship is not None and person.flagship_at is not None:
            # Last year's flagship cohort: completed by mid-December, certified by the end of the year.
            latest = date(person.flagship_at.year, 12, 10)
            plans.append(_flagship_plan(rng, person, flagship, ids, person.flagship_at, latest))
            taken.add(flagship.id)
        for requested in person.dates:
            available = [
                c for c in courses if c.id not in taken and (c.available_from is None or c.available_from <= requested)
            ]
            if not available:
                continue
            weights = [c.popularity * _language_factor(c.language, language) for c in available]
            course = rng.choices(available, weights)[0]
            taken.add(course.id)
            plans.append(_plan_one(rng, person, course, ids, requested, now))
    return plans


def _language_factor(course_language: str, spoken: str | None) -> float:
    if course_language == "en":
        return 1.0
    return 4.0 if course_language == spoken else 0.02


def _row(person, course, ids, requested: datetime) -> dict:
    return {
        "user_id": ids[person.email],
        "course_id": course.id,
        "status": "active",
        "reason": None,
        "requested_at": requested,
        "status_changed_at": requested,
        "decided_by_id": None,
        "completed_at": None,
        "last_module_id": None,
    }


def _flagship_plan(rng, person, course, ids, requested: datetime, latest: date) -> _Plan:
    row = _row(person, course, ids, requested)
    end = datetime(latest.year, latest.month, latest.day, 9, tzinfo=UTC)
    completed = min(end, requested + timedelta(days=rng.uniform(14, 60)))
    row.update(status="completed", completed_at=completed, status_changed_at=completed)
    return _Plan(row=row, course=course, person=person, done_until=completed, must_pass=True)


def _plan_one(rng, person, course: _Course, ids, requested: datetime, now: datetime) -> _Plan:
    """The funnel: requested, then (approval courses) decided, then studied until completed, withdrawn or now."""
    row = _row(person, course, ids, requested)
    age = now - requested
    approval = course.mode == "approval"
    if approval:
        if age < timedelta(days=10) and rng.random() < 0.5:
            row["status"] = "pending"
            return _Plan(row=row, course=course, person=person, done_until=requested)
        decided = min(now, requested + timedelta(days=rng.uniform(0.5, 4)))
        row.update(status_changed_at=decided, decided_by_id=course.author_id)
        if rng.random() < 0.06:
            row.update(status="rejected", reason="Places in this intake went to nominees of partner institutions.")
            return _Plan(row=row, course=course, person=person, done_until=requested)
    needed = timedelta(days=max(7.0, rng.lognormvariate(math.log(35), 0.5)))
    roll = rng.random()
    if roll < COMPLETE and requested + needed < now:  # finished
        completed = requested + needed
        row.update(status="completed", completed_at=completed, status_changed_at=completed)
        return _Plan(row=row, course=course, person=person, done_until=completed)
    if roll < COMPLETE:  # will finish: still studying
        return _Plan(row=row, course=course, person=person, done_until=requested + age * rng.uniform(0.5, 1))
    if roll < COMPLETE + WITHDRAW:  # dropped out
        left = min(requested + age * rng.uniform(0.2, 1), requested + needed * rng.uniform(0.1, 0.8))
        row.update(status="withdrawn", status_changed_at=max(left, row["status_changed_at"]))
        return _Plan(row=row, course=course, person=person, done_until=left)
    # stalled: still enrolled, some modules done long ago
    return _Plan(row=row, course=course, person=person, done_until=min(now, requested + needed * rng.uniform(0.2, 0.9)))
