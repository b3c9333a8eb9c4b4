"""The demo courses: realistic content across the CAI objectives, with enrolments and progress at every stage."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from tests.course_factories import saved_course
from tests.helpers import count_rows
from training.audit.models import AuditLog
from training.auth.models import User
from training.courses.models import (
    COURSE_LANGUAGES,
    LEVELS,
    Course,
    CourseInstitution,
    Enrolment,
    EnrolmentStatus,
    Module,
    ModuleProgress,
)
from training.courses.services import course_objective_union
from training.main.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, USERS, seed_demo
from training.main.demo_course_spec import DEMO_ENROLMENT_KEY
from training.main.demo_courses import COURSES, ENROLMENTS
from training.objectives.services import CANONICAL_CODES

CAI_CODES = set(CANONICAL_CODES)
TRAINEE = next(a for a in DEMO_ACCOUNTS if a["role"] == "trainee")["email"]
INSTRUCTOR = next(a for a in DEMO_ACCOUNTS if a["role"] == "instructor")["email"]
KANA = re.compile(r"[\u3040-\u30ff]")
THAI = re.compile(r"[\u0e00-\u0e7f]")


def _words(text: str) -> int:
    """Words in English or Thai (space-separated); Japanese counted as about one word per 2.5 characters."""
    kana_and_kanji = len(re.findall(r"[\u3040-\u30ff\u4e00-\u9fff]", text))
    return len(re.findall(r"\w+", text)) + int(kana_and_kanji / 2.5)


def test_the_plan_is_consistent():
    slugs = [c.slug for c in COURSES]
    emails = {u.email for u in USERS}
    assert len(slugs) == len(set(slugs)) >= 12
    assert set(ENROLMENTS) <= set(slugs)
    for course in COURSES:
        assert course.language in COURSE_LANGUAGES and course.level in LEVELS
        assert set(course.instructors) <= emails
        assert {code for m in course.modules for code in m.objectives} | set(course.objectives) <= CAI_CODES
    for seats in ENROLMENTS.values():
        assert {seat.email for seat in seats} <= emails
        assert len({seat.email for seat in seats}) == len(seats), "one enrolment per user and course"


def test_a_dozen_courses_with_substantial_modules_across_objectives_and_languages(seeded, db_session):
    assert f"{len(COURSES)} courses ({len(COURSES)} new)" in seeded
    courses = db_session.scalars(select(Course)).all()
    assert len(courses) >= 12
    published = [c for c in courses if c.status == "published"]
    assert {c.status for c in courses} == {"draft", "published", "archived"}
    assert len(published) >= 10
    covered = {o.code for c in published for o in course_objective_union(c)}
    assert covered >= CAI_CODES, CAI_CODES - covered
    languages = {c.language for c in courses}
    assert "en" in languages and len(languages) >= 3
    ja = next(c for c in courses if c.language == "ja")
    assert KANA.search(ja.title) and KANA.search(ja.summary) and all(KANA.search(m.body) for m in ja.modules)
    th = next(c for c in courses if c.language == "th")
    assert THAI.search(th.title) and THAI.search(th.summary) and all(THAI.search(m.body) for m in th.modules)
    assert {c.level for c in courses} == set(LEVELS)
    assert {c.enrolment_mode for c in courses} == {"open", "approval", "key"}
    assert any(c.starts_on and c.ends_on for c in courses) and any(c.starts_on is None for c in courses)
    assert sum(INSTRUCTOR in {u.email for u in c.instructors} for c in courses) >= 6

    for course in courses:
        roles = {link.role for link in course.institution_links}
        assert "host" in roles and len(course.institution_links) >= 2, course.slug
        assert course.summary and len(course.summary) <= 500 and course.description.strip(), course.slug
        assert float(course.estimated_hours) > 0 and course.objectives, course.slug
        assert 3 <= len(course.modules) <= 5, course.slug
        assert [m.position for m in course.modules] == list(range(len(course.modules)))
        for module in course.modules:
            assert module.objectives, module.title
            assert module.body.lstrip().startswith("## "), module.title  # the page shows the title as h1
            assert _words(module.body) >= (150 if not module.required else 200), module.title
    bodies = db_session.scalars(select(Module.body)).all()
    assert sum(_words(b) for b in bodies) >= 12_000
    assert sum("|---|" in b for b in bodies) >= 20, "tables where they help"
    assert db_session.scalar(select(func.count()).select_from(Module).where(Module.required.is_(False))) >= 4


def test_enrolments_at_every_stage_on_the_dashboard_and_catalog(seeded, client, db_session):
    enrolments = db_session.scalars(select(Enrolment)).all()
    assert {e.status for e in enrolments} == {s.value for s in EnrolmentStatus}
    assert all(e.reason for e in enrolments if e.status == "rejected")
    assert all(e.completed_at and e.requested_at < e.completed_at for e in enrolments if e.status == "completed")
    done = dict(
        db_session.execute(
            select(ModuleProgress.enrolment_id, func.count()).group_by(ModuleProgress.enrolment_id)
        ).all()
    )
    active = [e for e in enrolments if e.status == "active"]
    assert any(done.get(e.id, 0) == 0 for e in active), "an active enrolment with nothing done yet"
    assert any(0 < done.get(e.id, 0) < len(e.course.modules) for e in active), "one part-way through"
    for e in (e for e in enrolments if e.status == "completed"):
        assert done[e.id] >= sum(m.required for m in e.course.modules)

    full = [
        c
        for c in db_session.scalars(select(Course).where(Course.capacity.is_not(None)))
        if sum(e.status in ("active", "completed") for e in enrolments if e.course_id == c.id) == c.capacity
    ]
    assert full and any(e.status == "waitlisted" and e.course_id in {c.id for c in full} for e in enrolments)

    key_course = db_session.scalar(select(Course).where(Course.enrolment_mode == "key"))
    assert check_password_hash(key_course.enrolment_key_hash, DEMO_ENROLMENT_KEY)
    assert DEMO_ENROLMENT_KEY in key_course.description

    # The demo trainee's dashboard shows every kind of course
    trainee = db_session.scalar(select(User).where(User.email == TRAINEE))
    mine = {e.status: e for e in db_session.scalars(select(Enrolment).where(Enrolment.user_id == trainee.id))}
    assert set(mine) >= {"active", "completed", "pending", "waitlisted"}

    client.login(trainee, password=DEMO_PASSWORD)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<progress" in page
    for status in ("active", "completed", "pending", "waitlisted"):
        assert html.escape(mine[status].course.title) in page, status
    in_progress = mine["active"]
    assert 0 < len(in_progress.course.modules)
    module = in_progress.course.modules[-1]
    study = client.get(f"/courses/{in_progress.course.slug}/modules/{module.id}")
    assert study.status_code == 200
    text = study.get_data(as_text=True)
    assert "<h2>" in text and ("<table>" in text or "<ul>" in text)

    # The catalog filtered by objective lists the material-cycle courses, and only those
    page = client.get("/courses/?objective=material-cycle")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    courses = db_session.scalars(select(Course)).all()
    listed = [
        c
        for c in courses
        if c.status == "published" and "material-cycle" in {o.code for o in course_objective_union(c)}
    ]
    assert len(listed) >= 3
    for course in listed:
        assert html.escape(course.title) in text, course.slug
    for course in courses:
        if course not in listed:
            assert html.escape(course.title) not in text, course.slug


def test_seeding_twice_creates_no_course_module_enrolment_or_progress(seeded, db_session):
    models = (Course, Module, CourseInstitution, Enrolment, ModuleProgress, AuditLog)
    before = [count_rows(model) for model in models]
    assert before[0] == len(COURSES)

    again = seed_demo()

    assert [count_rows(model) for model in models] == before
    assert f"{len(COURSES)} courses (0 new)" in again


def test_an_existing_course_is_left_alone(db_session, make, fast_hashes):
    """A course whose slug is taken (say, an instructor made it) is skipped with its enrolments, not overwritten."""
    spec = COURSES[0]
    author = make.user(roles=("instructor",))
    course = saved_course(author, slug=spec.slug, title="Our own course", summary="Ours.")
    summary = seed_demo()
    assert f"{len(COURSES)} courses ({len(COURSES) - 1} new)" in summary
    db_session.refresh(course)
    assert course.title == "Our own course" and course.modules == []
    assert count_rows(Course) == len(COURSES)
    assert db_session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.course_id == course.id)) == 0
