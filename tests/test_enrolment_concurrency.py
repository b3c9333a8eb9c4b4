"""Capacity is exact under concurrency: 50 people enrolling at the same moment into 20 seats.

Real threads, each with its own application context, session and database connection, against
committed data. The ``db_session`` fixture is deliberately not used: it swaps ``db.session`` for a
session on one connection inside a rolled-back transaction, which would serialise the threads (and
hide the data from the other connections). So this test commits its own course and users through a
separate engine and deletes them afterwards.

PostgreSQL only: the course row lock is ``SELECT ... FOR UPDATE`` there. SQLite has one writer at a
time for the whole file, so there is no race to test.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import create_engine, delete, or_, select
from sqlalchemy.orm import sessionmaker

from tests.helpers import users_in_bulk
from training.audit.models import AuditLog
from training.auth.models import User
from training.courses.enrolment import enrol, withdraw
from training.courses.models import Course, Enrolment
from training.db import utcnow
from training.extensions import db

PEOPLE, SEATS = 50, 20


@pytest.fixture
def committed_world(app, backend):
    """A published 20-seat open course and 50 trainees, committed; removed again after the test."""
    if backend != "postgresql":
        pytest.skip(
            "PostgreSQL only (set TEST_DATABASE_URL): SQLite allows one writer at a time, so "
            "simultaneous enrolments cannot race there"
        )
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    make_session = sessionmaker(engine, expire_on_commit=False)
    tag = uuid.uuid4().hex[:10]
    with make_session() as session, session.begin():
        course = Course(
            slug=f"race-{tag}",
            title="Race for seats",
            summary="Twenty seats, fifty people.",
            status="published",
            published_at=utcnow(),
            enrolment_mode="open",
            capacity=SEATS,
        )
        session.add(course)
        users = users_in_bulk(session, PEOPLE, prefix=f"race-{tag}")
    ids = {"course": course.id, "users": [u.id for u in users]}
    try:
        yield ids, make_session
    finally:
        with make_session() as session, session.begin():
            enrolment_ids = session.scalars(select(Enrolment.id).where(Enrolment.course_id == ids["course"])).all()
            session.execute(
                delete(AuditLog).where(
                    or_(
                        AuditLog.actor_id.in_(ids["users"]),
                        (AuditLog.object_type == "enrolments") & AuditLog.object_id.in_(enrolment_ids or [-1]),
                    )
                )
            )
            session.execute(delete(Enrolment).where(Enrolment.course_id == ids["course"]))
            session.execute(delete(Course).where(Course.id == ids["course"]))
            for user in session.scalars(select(User).where(User.id.in_(ids["users"]))):
                session.delete(user)
        with make_session() as session:
            leftovers = session.scalars(select(User.id).where(User.id.in_(ids["users"]))).all()
            assert leftovers == [] and session.get(Course, ids["course"]) is None
        engine.dispose()


def test_fifty_simultaneous_enrolments_fill_twenty_seats_exactly(app, committed_world, capsys):
    ids, make_session = committed_world
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def enrol_one(user_id: int) -> None:
        try:
            barrier.wait(timeout=60)
            # A fresh application context: db.session is Flask-SQLAlchemy's own session for this thread,
            # on its own pooled connection.
            with app.app_context():
                assert db.session.get_bind().dialect.name == "postgresql"
                user = db.session.get(User, user_id)
                course = db.session.get(Course, ids["course"])
                enrol(user, course)
                db.session.commit()
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=enrol_one, args=(user_id,)) for user_id in ids["users"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    assert errors == []

    with make_session() as session:
        rows = session.scalars(
            select(Enrolment)
            .where(Enrolment.course_id == ids["course"])
            .order_by(Enrolment.status_changed_at, Enrolment.id)
        ).all()
    active = [e for e in rows if e.status == "active"]
    waitlisted = [e for e in rows if e.status == "waitlisted"]
    with capsys.disabled():
        print(f"\nconcurrency: {len(rows)} enrolments, {len(active)} active, {len(waitlisted)} waitlisted")
    assert (len(rows), len(active), len(waitlisted)) == (PEOPLE, SEATS, PEOPLE - SEATS)
    # Seats went to whoever held the course lock first: every seat was given before anyone was waitlisted,
    # and no two decisions share a moment.
    assert max(e.status_changed_at for e in active) < min(e.status_changed_at for e in waitlisted)
    assert len({e.status_changed_at for e in rows}) == PEOPLE

    # The waitlist is served in that order: a freed seat goes to the longest-waiting person.
    first_waiting = min(waitlisted, key=lambda e: (e.status_changed_at, e.id))
    with app.app_context():
        leaving = db.session.get(Enrolment, active[0].id)
        withdraw(leaving.user, leaving)
        db.session.commit()
    with make_session() as session:
        statuses = dict(
            session.execute(select(Enrolment.id, Enrolment.status).where(Enrolment.course_id == ids["course"])).all()
        )
    assert statuses[active[0].id] == "withdrawn"
    assert statuses[first_waiting.id] == "active"
    assert sum(1 for s in statuses.values() if s == "active") == SEATS
    assert sum(1 for s in statuses.values() if s == "waitlisted") == PEOPLE - SEATS - 1
