"""Submitting and starting are safe under concurrency: two requests racing on one attempt.

Real threads, each with its own application context, session and database connection, against committed
data (as in test_enrolment_concurrency.py: the rolled-back ``db_session`` would serialise the threads and
hide the data from the other connections), so the fixture commits its own course and removes it afterwards.

PostgreSQL only: starts are serialised by ``SELECT ... FOR UPDATE`` on the enrolment, submits by a
conditional UPDATE. SQLite has one writer at a time for the whole file, so there is no race to test.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, delete, or_, select
from sqlalchemy.orm import sessionmaker

from tests import assessment_factories as af
from training.assessments import attempts
from training.assessments.models import Assessment, Attempt, Question, QuestionCategory
from training.audit.models import AuditLog
from training.auth.models import User
from training.courses.models import Course
from training.extensions import db

T0 = af.T0
MIN = timedelta(minutes=1)


submit_audits = af.submit_audits


@pytest.fixture
def committed_quiz(app, backend):
    """A course, an enrolled trainee and a published two-question quiz, committed; removed afterwards."""
    if backend != "postgresql":
        pytest.skip("PostgreSQL only (set TEST_DATABASE_URL): SQLite allows one writer at a time")
    with app.app_context():
        course = af.course(db.session)
        trainee = af.trainee(db.session, course)
        quiz = af.assessment(
            course,
            [af.question(course, "true_false"), af.question(course, "single_choice")],
            shuffle_options=False,
        )
        db.session.commit()
        ids = {
            "course": course.id,
            "users": [trainee.id, *(u.id for u in course.instructors)],
            "quiz": quiz.id,
            "questions": [item.question_id for item in quiz.items],
        }
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    make_session = sessionmaker(engine, expire_on_commit=False)
    try:
        yield ids, make_session
    finally:
        with make_session() as session, session.begin():
            attempt_ids = session.scalars(select(Attempt.id).where(Attempt.assessment_id == ids["quiz"])).all()
            session.execute(
                delete(AuditLog).where(
                    or_(
                        AuditLog.actor_id.in_(ids["users"]),
                        (AuditLog.object_type == "attempts") & AuditLog.object_id.in_(attempt_ids or [-1]),
                        (AuditLog.object_type == "assessments") & (AuditLog.object_id == ids["quiz"]),
                        (AuditLog.object_type == "questions") & AuditLog.object_id.in_(ids["questions"]),
                    )
                )
            )
            session.execute(delete(Attempt).where(Attempt.assessment_id == ids["quiz"]))
            session.execute(delete(Assessment).where(Assessment.course_id == ids["course"]))
            session.execute(delete(Question).where(Question.course_id == ids["course"]))
            session.execute(delete(QuestionCategory).where(QuestionCategory.course_id == ids["course"]))
            session.execute(delete(Course).where(Course.id == ids["course"]))
            for user in session.scalars(select(User).where(User.id.in_(ids["users"]))):
                session.delete(user)
        engine.dispose()


def race(app, count: int, work) -> list:
    """Run ``work()`` in ``count`` threads at once, each in its own app context (own session and
    connection), committing after it; return the results (exceptions are re-raised here)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def one() -> None:
        try:
            barrier.wait(timeout=30)
            with app.app_context():
                assert db.session.get_bind().dialect.name == "postgresql"
                results.append(work())
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    assert errors == []
    return results


def test_two_simultaneous_starts_make_one_attempt(app, committed_quiz):
    ids, make_session = committed_quiz

    def start():
        return attempts.start(db.session.get(Assessment, ids["quiz"]), db.session.get(User, ids["users"][0]), T0).id

    started = race(app, 2, start)
    with make_session() as session:
        rows = session.scalars(select(Attempt.id).where(Attempt.assessment_id == ids["quiz"])).all()
    assert len(rows) == 1 and started == rows * 2


def test_two_simultaneous_submits_grade_the_attempt_once(app, committed_quiz):
    ids, make_session = committed_quiz
    with app.app_context():
        attempt = attempts.start(db.session.get(Assessment, ids["quiz"]), db.session.get(User, ids["users"][0]), T0)
        attempts.save(attempt, {1: {"value": True}, 2: {"choice": "o3"}}, T0 + MIN)
        db.session.commit()
        attempt_id = attempt.id

    outcomes = race(app, 2, lambda: attempts.submit(db.session.get(Attempt, attempt_id), T0 + 2 * MIN))
    assert sorted(outcomes) == [False, True]
    with make_session() as session:
        attempt = session.get(Attempt, attempt_id)
        assert (attempt.status, attempt.score, attempt.percent) == ("graded", Decimal("1.50"), Decimal("75.00"))
        audits = submit_audits(session, attempt)
    assert len(audits) == 1 and audits[0].details["score"] == "1.50"
