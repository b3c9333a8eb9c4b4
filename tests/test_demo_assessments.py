"""The demo assessments: a bank, a rubric and published assessments per demo course, and attempts at every stage."""

from __future__ import annotations

import html
import re
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from tests.helpers import count_rows
from training.assessments import attempts as rules
from training.assessments import bank, builder
from training.assessments.models import (
    QUESTION_TYPES,
    Assessment,
    AssessmentItem,
    Attempt,
    AttemptAnswer,
    Question,
    QuestionCategory,
    Rubric,
)
from training.audit.models import AuditLog
from training.auth.models import User
from training.courses.models import Course, Enrolment
from training.db import utcnow
from training.main import demo
from training.main.demo import DEMO_PASSWORD, seed_demo
from training.main.demo_assessments import (
    AWAITING,
    FAILED,
    IN_PROGRESS,
    PASSED,
    PLAN,
    QUESTIONS_DIR,
    QUIZ_MINUTES,
    TIMED_OUT,
    WORDING,
)
from training.main.demo_courses import COURSES, ENROLMENTS, T

GRADABLE = set(QUESTION_TYPES) - {"description"}
KANA = re.compile(r"[\u3040-\u30ff]")
THAI = re.compile(r"[\u0e00-\u0e7f]")


def _counted(*ends: str) -> int:
    return sum(take.ends in ends for takes in PLAN.values() for take in takes)


def test_the_plan_is_consistent(app):
    """Every course has a valid GIFT bank; every take belongs to a trainee who can take it, in a sensible order."""
    with app.app_context():
        for wording in WORDING.values():
            criteria = builder.parse_rubric(wording.rubric)
            assert len(criteria) == 3 and all(3 <= len(c["levels"]) <= 4 for c in criteria)
    for spec in COURSES:
        plan = bank.plan_import((QUESTIONS_DIR / f"{spec.slug}.gift").read_bytes())
        assert plan.ok, (spec.slug, plan.errors)
        types = Counter(fields.type for _, fields in plan.rows)
        assert set(types) >= GRADABLE and types["essay"] == 1, spec.slug
    starts = {spec.slug: spec.dates[0] for spec in COURSES if spec.dates}
    for slug, takes in PLAN.items():
        assert starts.get(slug, 0) <= 0, f"{slug} has not started: no attempts yet"
        seats = {seat.email: seat.status for seat in ENROLMENTS[slug]}
        for take in takes:
            assert seats.get(take.email) in ("active", "completed"), (slug, take.email)
            graded = take.levels is not None
            assert graded == bool(take.feedback), (slug, take.email)
            assert not graded or take.essay, (slug, take.email)
            assert not take.practice or not take.essay, "the practice set has no essay"
            if take.ends == AWAITING:
                assert take.essay and not graded, (slug, take.email)
        for email in {take.email for take in takes}:
            for practice in (True, False):
                ends = [t.ends for t in takes if t.email == email and t.practice is practice]
                assert IN_PROGRESS not in ends[:-1], "an attempt in progress must be the last one"
                assert len(ends) <= (99 if practice else 2), "the final quiz allows two attempts"


def test_every_course_has_a_bank_a_rubric_and_published_assessments(seeded, db_session):
    courses = db_session.scalars(select(Course)).all()
    assert len(courses) == len(COURSES)
    for course in courses:
        questions = db_session.scalars(select(Question).where(Question.course_id == course.id)).all()
        assert {q.type for q in questions} >= GRADABLE, course.slug
        assert all(q.created_by_id for q in questions) and all(q.objectives for q in questions), course.slug
        categories = db_session.scalars(select(QuestionCategory).where(QuestionCategory.course_id == course.id)).all()
        assert len(categories) >= 3, course.slug  # a parent and its sub-categories

        (rubric,) = db_session.scalars(select(Rubric).where(Rubric.course_id == course.id)).all()
        assert len(rubric.criteria) == 3 and all(3 <= len(c["levels"]) <= 4 for c in rubric.criteria)
        if course.language == "ja":
            assert KANA.search(rubric.title) and all(KANA.search(c["title"]) for c in rubric.criteria)
        if course.language == "th":
            assert THAI.search(rubric.title) and all(THAI.search(c["title"]) for c in rubric.criteria)

        quiz, practice = builder.course_assessments(course)
        assert quiz.published and practice.published, course.slug
        assert quiz.time_limit_minutes == QUIZ_MINUTES and quiz.max_attempts == 2
        assert quiz.passing_score == 60 and quiz.grading_method == "highest" and quiz.weight == 1
        assert quiz.shuffle_options and quiz.review_policy == "after_submit"
        assert quiz.closes_at is None or quiz.closes_at.date() == course.ends_on
        in_quiz = {item.question_id for item in quiz.items}
        assert in_quiz == {q.id for q in questions}, "the whole bank, its introduction first"
        assert quiz.items[0].question.type == "description"
        (essay,) = [item for item in quiz.items if item.question.type == "essay"]
        assert essay.rubric_id == rubric.id and essay.points > 1

        assert practice.weight == 0 and practice.time_limit_minutes is None and practice.max_attempts is None
        assert all(item.rubric_id is None for item in practice.items)
        drawn = [item for item in practice.items if item.category_id]
        assert all(1 <= item.draw_count < builder.pool_size(item.category) for item in drawn)
        assert not builder.publish_problems(practice)
    assert sum(bool(item.category_id) for item in db_session.scalars(select(AssessmentItem))) >= 10


def test_attempts_at_every_stage(seeded, db_session):
    now = utcnow()
    attempts = db_session.scalars(select(Attempt)).all()
    assert len(attempts) == sum(len(takes) for takes in PLAN.values())
    states = Counter((a.status, a.passed) for a in attempts)
    assert states[("in_progress", None)] == _counted(IN_PROGRESS) >= 3
    assert states[("awaiting_grading", None)] == _counted(AWAITING) >= 3
    assert states[("graded", True)] == _counted(PASSED) >= 5
    assert states[("graded", False)] == _counted(FAILED, TIMED_OUT) >= 3
    assert any(a.closed_by_timer for a in attempts)

    for attempt in attempts:
        assert attempt.answers and attempt.started_at < now
        if attempt.in_progress:  # can be resumed for a good while yet
            assert attempt.deadline is None or attempt.deadline > now + timedelta(minutes=15)
            assert attempt.started_at > now - timedelta(hours=1)
            assert any(a.response for a in attempt.answers) and not all(a.response for a in attempt.answers)
            continue
        assert attempt.started_at < attempt.submitted_at <= now - timedelta(hours=1)
        assert attempt.deadline is None or attempt.submitted_at <= attempt.deadline
        if attempt.status == "graded":
            assert attempt.submitted_at <= attempt.graded_at < now
            assert attempt.percent is not None and attempt.passed == (attempt.percent >= 60)
        else:
            (waiting,) = [a for a in attempt.answers if a.needs_grading]
            assert waiting.question.type == "essay" and len(waiting.response["text"]) > 200
        enrolment = db_session.scalar(
            select(Enrolment).where(
                Enrolment.user_id == attempt.user_id, Enrolment.course_id == attempt.assessment.course_id
            )
        )
        assert enrolment.status in ("active", "completed") and enrolment.requested_at < attempt.started_at


def test_essays_graded_with_the_rubric_feedback_and_an_audit_trail(seeded, db_session):
    graded = db_session.scalars(select(AttemptAnswer).where(AttemptAnswer.graded_by_id.is_not(None))).all()
    assert len(graded) == sum(take.levels is not None for takes in PLAN.values() for take in takes)
    audit = db_session.scalars(select(AuditLog).where(AuditLog.action == "answer.grade")).all()
    assert {(e.object_id, e.actor_id) for e in audit} == {(a.id, a.graded_by_id) for a in graded}
    for answer in graded:
        course = answer.attempt.assessment.course
        assert answer.question.type == "essay" and answer.response["text"]
        assert answer.graded_by in course.instructors
        item = db_session.get(AssessmentItem, answer.item_id)
        assert item.rubric_id is not None and answer.rubric_id == item.rubric_id
        assert set(answer.rubric_choices) == {c["id"] for c in answer.rubric.criteria}
        assert len(answer.feedback) > 100 and 0 <= answer.score <= answer.points
        assert answer.attempt.submitted_at < answer.graded_at
    languages = {a.attempt.assessment.course.language: a.feedback for a in graded}
    assert KANA.search(languages["ja"]) and THAI.search(languages["th"])
    assert db_session.scalar(select(AuditLog.id).where(AuditLog.action == "attempt.submit")) is not None


def test_the_demo_trainee_has_a_graded_pass_and_something_to_start_or_resume(seeded, client, db_session):
    trainee = db_session.scalar(select(User).where(User.email == T))
    mine = db_session.scalars(select(Attempt).where(Attempt.user_id == trainee.id)).all()
    passed = [a for a in mine if a.passed and any(answer.feedback for answer in a.answers)]
    assert passed and passed[0].assessment.weight == 1
    resumable = [a for a in mine if a.in_progress]
    assert resumable and resumable[0].deadline is None
    now = utcnow()
    startable = [
        assessment
        for assessment in db_session.scalars(select(Assessment))
        if rules.availability(assessment, rules.attempts_of(assessment, trainee), now).can_start
        and db_session.scalar(
            select(Enrolment.status).where(Enrolment.user_id == trainee.id, Enrolment.course_id == assessment.course_id)
        )
        == "active"
    ]
    assert startable

    client.login(trainee, password=DEMO_PASSWORD)
    course = passed[0].assessment.course.slug
    review = client.get(f"/courses/{course}/attempts/{passed[0].id}/review")
    assert review.status_code == 200
    feedback = next(a.feedback for a in passed[0].answers if a.feedback)
    assert html.escape(feedback[:40]) in review.get_data(as_text=True)
    resume = resumable[0]
    page = client.get(f"/courses/{resume.assessment.course.slug}/attempts/{resume.id}")
    assert page.status_code == 200
    show = client.get(f"/courses/{startable[0].course.slug}/assessments/{startable[0].id}")
    assert show.status_code == 200


def test_seeding_twice_adds_nothing(seeded, db_session):
    models = (Question, QuestionCategory, Rubric, Assessment, AssessmentItem, Attempt, AttemptAnswer, AuditLog)
    before = [count_rows(model) for model in models]
    assert f"added {2 * len(COURSES)} assessments" in seeded

    again = seed_demo()

    assert [count_rows(model) for model in models] == before
    assert "added 0 assessments and 0 attempts" in again


def test_a_demo_seeded_before_assessments_gets_them(db_session, fast_hashes, monkeypatch):
    """An older demo database (courses, no banks) gains banks, assessments and attempts on the next seeding."""
    with monkeypatch.context() as patch:
        patch.setattr(demo, "seed_assessments", lambda counts: counts.update(assessments=0, attempts=0))
        seed_demo()
    assert count_rows(Question) == count_rows(Assessment) == count_rows(Attempt) == 0

    summary = seed_demo()

    assert f"added {2 * len(COURSES)} assessments and {sum(len(t) for t in PLAN.values())} attempts" in summary
    assert count_rows(Rubric) == len(COURSES)
