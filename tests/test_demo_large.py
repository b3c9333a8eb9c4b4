"""``flask --app wsgi seed-demo --large``: a small run through the CLI, its shapes, idempotence, and the ministry's
report of material-cycle certificates last year (the partner-portal journey of the reports issue)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy import distinct, func, or_, select

from tests.helpers import count_rows
from training.assessments.models import Attempt
from training.auth.models import User
from training.certificates.models import Certificate
from training.courses.models import Course, CourseInstitution, Enrolment, ModuleProgress, course_objectives
from training.db import utcnow
from training.institutions.models import SECTOR_VALUES, Institution
from training.main.demo import DEMO_PASSWORD
from training.main.demo_large import DOMAIN, FLAGSHIP, GENERATED, SLUG_PREFIX, specimen_pdf
from training.objectives.models import Objective
from training.objectives.services import CANONICAL_CODES
from training.storage import storage

TRAINEES = 60
MINISTRY = "Ministry of the Environment, Japan (demo)"


def generated_users():
    return select(User.id).where(User.email.like(f"%@{DOMAIN}"))


def snapshot_counts() -> tuple[int, ...]:
    return tuple(
        count_rows(model) for model in (User, Course, Enrolment, ModuleProgress, Attempt, Certificate, Institution)
    )


def test_large_demo_through_the_cli(app, db_session, fast_hashes, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--large", "--trainees", str(TRAINEES), "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert "Large demo: added" in result.output and f"trainees @{DOMAIN}: {TRAINEES}" in result.output
    assert "enrolments:" in result.output and "certificates:" in result.output

    # Trainees: 15 countries, the 5 sectors and people with no institution.
    people = db_session.execute(
        select(User.country, Institution.sector)
        .outerjoin(Institution, Institution.id == User.institution_id)
        .where(User.id.in_(generated_users()))
    ).all()
    assert len(people) == TRAINEES
    assert len({country for country, _ in people}) == 15
    sectors = {sector for _, sector in people}
    assert None in sectors and len(sectors - {None}) >= 4 and sectors - {None} <= set(SECTOR_VALUES)
    assert len(set(db_session.scalars(select(User.password_hash).where(User.id.in_(generated_users()))))) == 1

    # Generated courses: published, every CAI objective covered, hosted and certified by demo institutions.
    courses = db_session.scalars(select(Course).where(Course.slug.like(f"{SLUG_PREFIX}%"))).all()
    assert len(courses) == len(GENERATED) and all(c.status == "published" for c in courses)
    tagged = set(
        db_session.scalars(
            select(Objective.code)
            .join(course_objectives, course_objectives.c.objective_id == Objective.id)
            .where(course_objectives.c.course_id.in_([c.id for c in courses]))
        )
    )
    assert tagged == set(CANONICAL_CODES)
    for course in courses:
        roles = {link.role for link in course.institution_links}
        assert {"host", "certifying"} <= roles and course.instructors and len(course.modules) == 4

    # Funnels: most requests accepted, around 60 % of enrolments completed, dates over the last 24 months.
    enrolments = db_session.execute(
        select(Enrolment.status, Enrolment.requested_at, Enrolment.completed_at).where(
            Enrolment.user_id.in_(generated_users())
        )
    ).all()
    statuses = [status for status, _, _ in enrolments]
    enrolled = [s for s in statuses if s in ("active", "completed", "withdrawn")]
    assert len(enrolled) >= 0.9 * len(statuses) and len(statuses) >= TRAINEES
    assert 0.4 <= statuses.count("completed") / len(enrolled) <= 0.85
    now = utcnow()
    assert all(now - timedelta(days=731) <= requested <= now for _, requested, _ in enrolments)
    assert all(done is None or requested <= done <= now for _, requested, done in enrolments)
    months = {requested.strftime("%Y-%m") for _, requested, _ in enrolments}
    assert len(months) >= 12

    # Graded attempts and certificates (one shared specimen PDF, no rendering).
    attempts = db_session.execute(
        select(Attempt.status, Attempt.percent, Attempt.passed).where(Attempt.user_id.in_(generated_users()))
    ).all()
    assert attempts and all(s == "graded" and p is not None for s, p, _ in attempts)
    assert {passed for _, _, passed in attempts} == {True, False}
    certificates = db_session.scalars(select(Certificate).where(Certificate.user_id.in_(generated_users()))).all()
    issued = [c for c in certificates if c.status == "issued"]
    assert issued and len({c.serial for c in certificates}) == len(certificates)
    assert len({(c.pdf_key, c.pdf_sha256) for c in issued}) == 1
    assert storage().get(issued[0].pdf_key) == specimen_pdf()
    assert all(c.issued_at and c.snapshot["name"] and c.snapshot["course"]["title"] for c in issued)
    assert all(c.enrolment_id and c.institution_id for c in certificates)

    # Running it again adds nothing.
    before = snapshot_counts()
    again = runner.invoke(args=["seed-demo", "--large", "--trainees", str(TRAINEES), "--seed", "7"])
    assert again.exit_code == 0, again.output
    assert "already there" in again.output and snapshot_counts() == before

    # The journey: the ministry's partner admin sees material-cycle certificates by country, last calendar year.
    flagship = db_session.scalar(select(Course).where(Course.slug == FLAGSHIP))
    ministry = db_session.scalar(select(Institution).where(Institution.name == MINISTRY))
    assert {(link.institution_id, link.role) for link in flagship.institution_links} >= {
        (ministry.id, "host"),
        (ministry.id, "certifying"),
    }
    year = now.year - 1
    expected = certified_by_country(db_session, ministry.id, year)
    assert len(expected) >= 5, expected  # several countries

    response = client.post("/auth/login", {"email": "partner@cai-demo.org", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    query = f"objective=material-cycle&from={year}-01-01&to={year}-12-31"
    page = client.get(f"/reports?{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert MINISTRY in html  # the scope: courses linked to the ministry
    assert f'<span class="stat-number">{sum(expected.values())}</span>' in html  # people certified

    exported = client.get(f"/reports?{query}&format=csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    shown = {r["country"]: int(r["certified"]) for r in rows if r["breakdown"] == "country" and int(r["certified"])}
    assert shown == expected
    total = next(r for r in rows if r["breakdown"] == "total")
    assert int(total["certified"]) == sum(expected.values())


def certified_by_country(session, institution_id: int, year: int) -> dict[str, int]:
    """People certified in the year in courses linked to the institution and tagged material-cycle (or below)."""
    material = session.scalar(select(Objective.id).where(Objective.code == "material-cycle"))
    below = select(Objective.id).where(or_(Objective.id == material, Objective.parent_id == material))
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    rows = session.execute(
        select(User.country, func.count(distinct(Certificate.user_id)))
        .join(User, User.id == Certificate.user_id)
        .where(
            Certificate.status.in_(("issued", "replaced")),
            Certificate.issued_at >= start,
            Certificate.issued_at < end,
            Certificate.course_id.in_(
                select(CourseInstitution.course_id).where(CourseInstitution.institution_id == institution_id)
            ),
            Certificate.course_id.in_(
                select(course_objectives.c.course_id).where(course_objectives.c.objective_id.in_(below))
            ),
        )
        .group_by(User.country)
    ).all()
    return {country or "none": n for country, n in rows}


def test_trainees_and_seed_need_large(app, db_session, fast_hashes):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--trainees", "10"])
    assert result.exit_code == 2 and "--large" in result.output
    assert count_rows(User) == 0
