"""Enrolment: open, approval and key modes; capacity and the waitlist; withdrawal and re-enrolment;
decisions one by one and in bulk, each with its audit row; the key rate limit; the instructor's
enrolments page (permissions, query count) and its CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import course_factories as cf
from tests.helpers import audit_rows, fast_user, flashes, location_path, new_browser, text, users_in_bulk
from training.audit.models import AuditLog
from training.auth.models import User
from training.courses import enrolment as rules
from training.courses.models import Enrolment
from training.db import utcnow
from training.extensions import limiter


def status_of(session, user, course) -> str | None:
    session.expire_all()
    return session.scalar(
        select(Enrolment.status).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
    )


def enrolment_of(session, user, course) -> Enrolment:
    session.expire_all()
    return session.scalar(select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id))


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Failed enrolments count toward the key limit for the whole run; each test starts from zero."""
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def instructor(db_session):
    return fast_user(db_session, roles=("instructor",), name="Ines Instructor")


def course_for(db_session, instructor, **fields):
    course = cf.course(db_session, instructors=[instructor], **fields)
    db_session.commit()
    return course


def as_user(app, user):
    browser = new_browser(app)
    browser.login(user)
    return browser


# --- Modes ----------------------------------------------------------------------------------------


def test_open_enrolment_makes_the_trainee_active_at_once(client, db_session, instructor):
    course = course_for(db_session, instructor)
    trainee = fast_user(db_session)
    client.login(trainee)
    assert f'action="/courses/{course.slug}/enrol"' in text(client.get(f"/courses/{course.slug}"))
    response = client.post(f"/courses/{course.slug}/enrol")
    assert response.status_code == 302
    assert location_path(response) == f"/courses/{course.slug}/learn"
    assert status_of(db_session, trainee, course) == "active"
    assert [a.details["user_id"] for a in audit_rows(db_session, "enrolment.active")] == [trainee.id]
    page = text(client.get(f"/courses/{course.slug}"))
    assert "Enrolled" in page and "Continue learning" in page
    # Enrolling twice changes nothing.
    client.post(f"/courses/{course.slug}/enrol")
    assert db_session.scalar(select(func.count()).select_from(Enrolment)) == 1


def test_approval_mode_puts_requests_on_hold_until_an_instructor_approves(app, client, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    trainee = fast_user(db_session)
    client.login(trainee)
    response = client.post(f"/courses/{course.slug}/enrol", follow_redirects=True)
    assert "Your request has been sent. An instructor will review it." in flashes(response)
    assert "Awaiting approval" in text(response)
    assert status_of(db_session, trainee, course) == "pending"
    assert client.get(f"/courses/{course.slug}/learn").status_code == 404

    staff = as_user(app, instructor)
    pending = text(staff.get(f"/courses/{course.slug}/enrolments?status=pending"))
    assert trainee.name in pending and "Approve" in pending
    enrolment = enrolment_of(db_session, trainee, course)
    response = staff.post(f"/courses/{course.slug}/enrolments/{enrolment.id}/approve", follow_redirects=True)
    assert any("is approved (active)" in f for f in flashes(response))
    enrolment = enrolment_of(db_session, trainee, course)
    assert enrolment.status == "active" and enrolment.decided_by_id == instructor.id
    assert [a.details["result"] for a in audit_rows(db_session, "enrolment.approved")] == ["active"]
    assert audit_rows(db_session, "enrolment.approved")[0].actor_id == instructor.id
    assert client.get(f"/courses/{course.slug}/learn").status_code == 302

    again = staff.post(f"/courses/{course.slug}/enrolments/{enrolment.id}/approve", follow_redirects=True)
    assert "That enrolment has already been decided." in flashes(again)


def test_approving_into_a_full_course_waitlists(db_session, instructor):
    course = course_for(db_session, instructor, mode="approval", capacity=1)
    seated, waiting = fast_user(db_session), fast_user(db_session)
    cf.enrolment(db_session, seated, course, "active")
    pending = cf.enrolment(db_session, waiting, course, "pending")
    assert rules.approve(instructor, pending) == "waitlisted"
    assert pending.status == "waitlisted"
    assert audit_rows(db_session, "enrolment.approved")[-1].details["result"] == "waitlisted"


def test_a_rejection_needs_a_reason_which_the_trainee_then_sees(app, client, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    trainee = fast_user(db_session)
    enrolment = cf.enrolment(db_session, trainee, course, "pending")
    db_session.commit()
    staff = as_user(app, instructor)
    url = f"/courses/{course.slug}/enrolments/{enrolment.id}/reject"
    for reason in ("", "   "):
        response = staff.post(url, {"reason": reason}, follow_redirects=True)
        assert "Give a reason; the trainee sees it." in flashes(response)
        assert status_of(db_session, trainee, course) == "pending"
    response = staff.post(url, {"reason": "This cohort is for ministry staff only."}, follow_redirects=True)
    assert any("has been declined" in f for f in flashes(response))
    enrolment = enrolment_of(db_session, trainee, course)
    assert (enrolment.status, enrolment.reason) == ("rejected", "This cohort is for ministry staff only.")
    assert (
        audit_rows(db_session, "enrolment.rejected")[0].details["reason"] == "This cohort is for ministry staff only."
    )

    client.login(trainee)
    page = text(client.get(f"/courses/{course.slug}"))
    assert "Declined" in page and "Reason: This cohort is for ministry staff only." in page
    assert "This cohort is for ministry staff only." in text(client.get("/dashboard"))

    # A declined trainee cannot simply ask again.
    response = client.post(f"/courses/{course.slug}/enrol", follow_redirects=True)
    assert any("Your request for this course was declined." in f for f in flashes(response))
    assert status_of(db_session, trainee, course) == "rejected"
    with pytest.raises(rules.EnrolmentError) as raised:
        rules.enrol(trainee, course)
    assert raised.value.code == "rejected"


def test_the_reason_rule_holds_in_the_service_too(db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    pending = cf.enrolment(db_session, fast_user(db_session), course, "pending")
    with pytest.raises(rules.EnrolmentError) as raised:
        rules.reject(instructor, pending, "  ")
    assert raised.value.code == "reason_required"
    active = cf.enrolment(db_session, fast_user(db_session), course, "active")
    with pytest.raises(rules.EnrolmentError):
        rules.reject(instructor, active, "too late")


def test_key_mode_refuses_a_wrong_key_and_accepts_the_right_one(client, db_session, instructor):
    course = course_for(db_session, instructor, mode="key", key="mekong-2026")
    trainee = fast_user(db_session)
    client.login(trainee)
    assert 'name="key"' in text(client.get(f"/courses/{course.slug}"))
    for wrong in ("", "mekong-2025", "MEKONG-2026", "k" * 101):
        response = client.post(f"/courses/{course.slug}/enrol", {"key": wrong})
        assert response.status_code == 403, wrong
        assert "That enrolment key is not correct." in text(response)
        assert status_of(db_session, trainee, course) is None
    response = client.post(f"/courses/{course.slug}/enrol", {"key": "mekong-2026"})
    assert response.status_code == 302
    assert status_of(db_session, trainee, course) == "active"


def test_an_instructor_adds_people_to_a_key_course_without_the_key(db_session, instructor):
    course = course_for(db_session, instructor, mode="key", key="mekong-2026")
    trainee = fast_user(db_session)
    assert rules.enrol(trainee, course, actor=instructor).status == "active"


def test_enrolment_key_tries_are_rate_limited(app, client, db_session, instructor, monkeypatch):
    monkeypatch.setitem(app.config, "ENROLMENT_KEY_RATE_LIMIT", "3 per minute")
    limiter.reset()
    try:
        course = course_for(db_session, instructor, mode="key", key="mekong-2026")
        trainee = fast_user(db_session)
        client.login(trainee)
        for _ in range(3):
            assert client.post(f"/courses/{course.slug}/enrol", {"key": "guess-0000"}).status_code == 403
        blocked = client.post(f"/courses/{course.slug}/enrol", {"key": "mekong-2026"})
        assert blocked.status_code == 429
        assert "Too many attempts" in text(blocked)
        assert status_of(db_session, trainee, course) is None
    finally:
        limiter.reset()


def test_successful_enrolments_do_not_count_toward_the_key_limit(app, client, db_session, instructor, monkeypatch):
    monkeypatch.setitem(app.config, "ENROLMENT_KEY_RATE_LIMIT", "2 per minute")
    limiter.reset()
    try:
        courses = [course_for(db_session, instructor, mode="key", key="mekong-2026") for _ in range(4)]
        client.login(fast_user(db_session))
        for course in courses:
            assert client.post(f"/courses/{course.slug}/enrol", {"key": "mekong-2026"}).status_code == 302
    finally:
        limiter.reset()


def test_nobody_enrols_in_a_draft_or_archived_course(client, db_session, instructor):
    draft = course_for(db_session, instructor, status="draft")
    archived = course_for(db_session, instructor, status="archived")
    trainee = fast_user(db_session)
    client.login(trainee)
    assert client.post(f"/courses/{draft.slug}/enrol").status_code == 404
    assert client.post(f"/courses/{archived.slug}/enrol").status_code == 404
    with pytest.raises(rules.EnrolmentError):
        rules.enrol(trainee, archived)
    assert db_session.scalar(select(func.count()).select_from(Enrolment)) == 0


def test_enrolling_needs_an_account(client, db_session, instructor):
    course = course_for(db_session, instructor)
    assert location_path(client.post(f"/courses/{course.slug}/enrol")) == "/auth/login"
    assert "Log in to enrol" in text(client.get(f"/courses/{course.slug}"))


# --- Capacity and the waitlist ------------------------------------------------------------------------


def test_a_full_course_waitlists_and_a_withdrawal_promotes_the_oldest(app, db_session, instructor):
    course = course_for(db_session, instructor, capacity=2)
    people = [fast_user(db_session, name=f"Person {n}") for n in range(5)]
    db_session.commit()
    browsers = [as_user(app, p) for p in people]
    for browser in browsers:
        browser.post(f"/courses/{course.slug}/enrol")
    assert [status_of(db_session, p, course) for p in people] == [
        "active",
        "active",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    page = text(browsers[4].get(f"/courses/{course.slug}"))
    assert "On the waitlist" in page

    response = browsers[1].post(f"/courses/{course.slug}/withdraw", follow_redirects=True)
    assert "You have withdrawn from the course." in flashes(response)
    assert [status_of(db_session, p, course) for p in people] == [
        "active",
        "withdrawn",
        "active",
        "waitlisted",
        "waitlisted",
    ]
    promoted = audit_rows(db_session, "enrolment.promoted")
    assert [a.details["user_id"] for a in promoted] == [people[2].id]

    # A waitlisted person leaving frees no seat and promotes nobody.
    browsers[4].post(f"/courses/{course.slug}/withdraw")
    assert status_of(db_session, people[3], course) == "waitlisted"
    browsers[0].post(f"/courses/{course.slug}/withdraw")
    assert [status_of(db_session, p, course) for p in people] == [
        "withdrawn",
        "withdrawn",
        "active",
        "active",
        "withdrawn",
    ]


def test_the_waitlist_is_served_by_waiting_time_not_by_row_order(db_session, instructor):
    course = course_for(db_session, instructor, capacity=1)
    seated = cf.enrolment(db_session, fast_user(db_session), course, "active")
    now = utcnow()
    newer = cf.enrolment(db_session, fast_user(db_session), course, "waitlisted", at=now - timedelta(minutes=1))
    older = cf.enrolment(db_session, fast_user(db_session), course, "waitlisted", at=now - timedelta(minutes=9))
    assert newer.id < older.id
    rules.withdraw(seated.user, seated)
    assert (older.status, newer.status) == ("active", "waitlisted")


def test_raising_the_capacity_promotes_from_the_waitlist_in_order(app, db_session, instructor):
    course = course_for(db_session, instructor, capacity=1)
    seated = fast_user(db_session)
    cf.enrolment(db_session, seated, course, "active")
    waiting = [fast_user(db_session) for _ in range(4)]
    start = utcnow() - timedelta(hours=1)
    for n, user in enumerate(waiting):
        cf.enrolment(db_session, user, course, "waitlisted", at=start + timedelta(minutes=n))
    db_session.commit()
    staff = as_user(app, instructor)
    form = {
        "title": course.title,
        "slug": course.slug,
        "summary": course.summary,
        "objectives": ["low-carbon"],
        "language": "en",
        "level": "introductory",
        "estimated_hours": "1",
        "enrolment_mode": "open",
        "capacity": "3",
    }
    assert staff.post(f"/courses/{course.slug}/edit", form).status_code == 302
    assert [status_of(db_session, u, course) for u in waiting] == ["active", "active", "waitlisted", "waitlisted"]
    # No limit at all: everyone waiting gets a seat.
    assert staff.post(f"/courses/{course.slug}/edit", {**form, "capacity": ""}).status_code == 302
    assert [status_of(db_session, u, course) for u in waiting] == ["active"] * 4
    assert len(audit_rows(db_session, "enrolment.promoted")) == 4


def test_lowering_the_capacity_unseats_nobody(db_session, instructor):
    course = course_for(db_session, instructor, capacity=3)
    people = [fast_user(db_session) for _ in range(3)]
    for person in people:
        rules.enrol(person, course)
    course.capacity = 1
    late = fast_user(db_session)
    assert rules.enrol(late, course).status == "waitlisted"
    assert [status_of(db_session, p, course) for p in people] == ["active"] * 3


def test_completed_trainees_keep_their_seat(db_session, instructor):
    course = course_for(db_session, instructor, capacity=1)
    cf.enrolment(db_session, fast_user(db_session), course, "completed")
    assert rules.enrol(fast_user(db_session), course).status == "waitlisted"


# --- Withdrawal and re-enrolment -----------------------------------------------------------------------


def test_a_trainee_withdraws_and_enrols_again(client, db_session, instructor):
    course = course_for(db_session, instructor)
    trainee = fast_user(db_session)
    client.login(trainee)
    client.post(f"/courses/{course.slug}/enrol")
    first = enrolment_of(db_session, trainee, course)
    client.post(f"/courses/{course.slug}/withdraw")
    assert status_of(db_session, trainee, course) == "withdrawn"
    assert "Withdraw from this course" not in text(client.get(f"/courses/{course.slug}"))
    assert client.get(f"/courses/{course.slug}/learn").status_code == 404
    response = client.post(f"/courses/{course.slug}/enrol")
    assert response.status_code == 302
    again = enrolment_of(db_session, trainee, course)
    assert (again.id, again.status) == (first.id, "active")  # the same row, unique per user and course
    actions = [
        a.action
        for a in db_session.scalars(select(AuditLog).where(AuditLog.object_type == "enrolments").order_by(AuditLog.id))
    ]
    assert actions == ["enrolment.active", "enrolment.withdrawn", "enrolment.active"]


def test_withdrawing_without_an_enrolment_is_not_found(client, db_session, instructor):
    course = course_for(db_session, instructor)
    client.login(fast_user(db_session))
    assert client.post(f"/courses/{course.slug}/withdraw").status_code == 404


def test_a_pending_request_can_be_withdrawn_but_not_twice(client, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    trainee = fast_user(db_session)
    cf.enrolment(db_session, trainee, course, "pending")
    db_session.commit()
    client.login(trainee)
    client.post(f"/courses/{course.slug}/withdraw")
    assert status_of(db_session, trainee, course) == "withdrawn"
    response = client.post(f"/courses/{course.slug}/withdraw", follow_redirects=True)
    assert "You are not enrolled in this course." in flashes(response)


# --- Bulk decisions ------------------------------------------------------------------------------------


def test_bulk_approve_and_reject_several_pending_requests(app, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval", capacity=3)
    people = users_in_bulk(db_session, 6, prefix="Pending")
    enrolments = cf.enrolments_in_bulk(db_session, people, course, "pending")
    elsewhere = cf.enrolment(db_session, fast_user(db_session), cf.course(db_session, mode="approval"), "pending")
    db_session.commit()
    staff = as_user(app, instructor)
    url = f"/courses/{course.slug}/enrolments/bulk"

    nothing = staff.post(url, {"action": "approve"}, follow_redirects=True)
    assert "Tick at least one request, then choose an action." in flashes(nothing)
    no_reason = staff.post(url, {"action": "reject", "enrolment_ids": [str(enrolments[0].id)]}, follow_redirects=True)
    assert "Give a reason; the trainee sees it." in flashes(no_reason)
    assert status_of(db_session, people[0], course) == "pending"

    ids = [str(e.id) for e in enrolments[:4]] + [str(elsewhere.id)]
    response = staff.post(url, {"action": "approve", "enrolment_ids": ids}, follow_redirects=True)
    assert "4 requests updated." in flashes(response)
    assert [status_of(db_session, p, course) for p in people] == [
        "active",
        "active",
        "active",
        "waitlisted",
        "pending",
        "pending",
    ]
    db_session.expire_all()
    assert db_session.get(Enrolment, elsewhere.id).status == "pending"  # another course's request is untouched

    response = staff.post(
        url,
        {"action": "reject", "reason": "Cohort full this year.", "enrolment_ids": [str(e.id) for e in enrolments[3:]]},
        follow_redirects=True,
    )
    assert "3 requests updated." in flashes(response)
    assert [status_of(db_session, p, course) for p in people][3:] == ["rejected"] * 3
    assert all(enrolment_of(db_session, p, course).reason == "Cohort full this year." for p in people[3:])
    assert len(audit_rows(db_session, "enrolment.approved")) == 4
    assert len(audit_rows(db_session, "enrolment.rejected")) == 3


def test_a_bulk_decision_skips_requests_already_decided(app, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    pending = cf.enrolment(db_session, fast_user(db_session), course, "pending")
    active = cf.enrolment(db_session, fast_user(db_session), course, "active")
    db_session.commit()
    staff = as_user(app, instructor)
    response = staff.post(
        f"/courses/{course.slug}/enrolments/bulk",
        {"action": "approve", "enrolment_ids": [str(pending.id), str(active.id)]},
        follow_redirects=True,
    )
    assert "1 requests updated." in flashes(response)


def test_every_decision_leaves_an_audit_row(app, client, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval", capacity=1)
    a, b, c = (fast_user(db_session) for _ in range(3))
    db_session.commit()
    for user in (a, b, c):
        as_user(app, user).post(f"/courses/{course.slug}/enrol")
    staff = as_user(app, instructor)
    ea, eb, ec = (enrolment_of(db_session, u, course) for u in (a, b, c))
    staff.post(f"/courses/{course.slug}/enrolments/{ea.id}/approve")
    staff.post(f"/courses/{course.slug}/enrolments/{eb.id}/approve")
    staff.post(f"/courses/{course.slug}/enrolments/{ec.id}/reject", {"reason": "Not eligible."})
    as_user(app, a).post(f"/courses/{course.slug}/withdraw")
    rows = db_session.scalars(select(AuditLog).where(AuditLog.object_type == "enrolments").order_by(AuditLog.id))
    trail = [(r.action, r.object_id, r.actor_id) for r in rows]
    assert trail == [
        ("enrolment.pending", ea.id, a.id),
        ("enrolment.pending", eb.id, b.id),
        ("enrolment.pending", ec.id, c.id),
        ("enrolment.approved", ea.id, instructor.id),
        ("enrolment.approved", eb.id, instructor.id),
        ("enrolment.rejected", ec.id, instructor.id),
        ("enrolment.withdrawn", ea.id, a.id),
        ("enrolment.promoted", eb.id, a.id),
    ]


# --- The enrolments page: who sees it, what it costs ------------------------------------------------------


def test_only_staff_and_partner_admins_see_the_enrolments_page(app, client, db_session, instructor, make):
    institution = make.institution()
    course = course_for(db_session, instructor, institutions=[(institution, "host")])
    trainee = fast_user(db_session, name="Enrolled Trainee")
    enrolment = cf.enrolment(db_session, trainee, course, "active")
    other_trainee = fast_user(db_session)
    cf.enrolment(db_session, other_trainee, course, "active")
    db_session.commit()
    url = f"/courses/{course.slug}/enrolments"
    assert location_path(client.get(url)) == "/auth/login"
    for user in (
        trainee,
        fast_user(db_session, roles=("instructor",)),
        fast_user(db_session, roles=("partner_admin",), institution_id=make.institution().id),
    ):
        browser = as_user(app, user)
        assert browser.get(url).status_code == 404
        assert browser.get(url + "?format=csv").status_code == 404
    partner = as_user(app, fast_user(db_session, roles=("partner_admin",), institution_id=institution.id))
    assert partner.get(url).status_code == 200
    assert "Approve" not in text(partner.get(url))
    assert partner.post(f"{url}/{enrolment.id}/reject", {"reason": "no"}).status_code == 404
    assert as_user(app, instructor).get(url).status_code == 200


def test_a_decision_on_another_courses_enrolment_is_not_found(app, db_session, instructor):
    mine = course_for(db_session, instructor, mode="approval")
    theirs = cf.course(db_session, mode="approval")
    foreign = cf.enrolment(db_session, fast_user(db_session), theirs, "pending")
    db_session.commit()
    staff = as_user(app, instructor)
    assert staff.post(f"/courses/{mine.slug}/enrolments/{foreign.id}/approve").status_code == 404
    assert staff.post(f"/courses/{mine.slug}/enrolments/{foreign.id}/reject", {"reason": "x"}).status_code == 404
    db_session.expire_all()
    assert db_session.get(Enrolment, foreign.id).status == "pending"


def test_the_enrolments_page_costs_the_same_queries_for_5_and_100_enrolments(
    app, db_session, instructor, count_queries, capsys
):
    counts = {}
    instructor_id = instructor.id
    for size in (5, 100):
        instructor = db_session.get(User, instructor_id)
        course = course_for(db_session, instructor, modules=3)
        people = users_in_bulk(db_session, size, prefix=f"Size{size}")
        enrolments = cf.enrolments_in_bulk(db_session, people, course, "active")
        for enrolment in enrolments[::2]:
            cf.progress(db_session, enrolment, course.modules[0])
        db_session.commit()
        staff = as_user(app, instructor)
        slug = course.slug
        db_session.expunge_all()
        with count_queries() as queries:
            response = staff.get(f"/courses/{slug}/enrolments")
        assert response.status_code == 200
        assert text(response).count('class="progress-text"') == min(size, 50)
        counts[size] = len(queries)
        if size == 100:
            assert "Page 1 of 2" in text(response)
            assert f'href="/courses/{slug}/enrolments?page=2"' in text(response)
            second = staff.get(f"/courses/{slug}/enrolments?page=2")
            assert second.status_code == 200 and text(second).count('class="progress-text"') == 50
    with capsys.disabled():
        print(f"\nenrolments page queries: 5 enrolments {counts[5]}, 100 enrolments {counts[100]}")
    assert counts[5] == counts[100]


# --- CSV export ----------------------------------------------------------------------------------------


def test_the_csv_export_has_a_header_and_one_row_per_enrolment_quoted_properly(app, db_session, instructor):
    course = course_for(db_session, instructor, modules=2)
    names = ["Santos, Maria", 'Kim "Jay" Min-jun', "สมชาย ใจดี", "山田 花子", "فاطمة الزهراء", "Line\nbreak"]
    people = [fast_user(db_session, name=name, country="TH") for name in names]
    statuses = ["active", "pending", "waitlisted", "completed", "withdrawn", "rejected"]
    enrolments = [cf.enrolment(db_session, p, course, s) for p, s in zip(people, statuses, strict=True)]
    cf.progress(db_session, enrolments[0], course.modules[0])
    db_session.commit()
    staff = as_user(app, instructor)
    response = staff.get(f"/courses/{course.slug}/enrolments?format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{course.slug}-enrolments.csv"'
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")  # so spreadsheet programs read it as UTF-8
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0] == [
        "email",
        "name",
        "country",
        "status",
        "requested_at",
        "status_changed_at",
        "modules_done",
        "modules_total",
        "percent",
    ]
    assert len(rows) == 1 + len(names)
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == set(names)
    assert by_name["Santos, Maria"][3:4] == ["active"] and by_name["Santos, Maria"][6:] == ["1", "2", "50"]
    assert by_name['Kim "Jay" Min-jun'][0] == people[1].email
    assert '"Kim ""Jay"" Min-jun"' in body and '"Santos, Maria"' in body

    only_active = staff.get(f"/courses/{course.slug}/enrolments?format=csv&status=active").get_data().decode()
    assert len(list(csv.reader(io.StringIO(only_active[1:])))) == 2


# --- Bad input on the enrolment forms ------------------------------------------------------------------


def test_bad_decision_input_gets_a_clear_message_never_a_500(app, db_session, instructor):
    course = course_for(db_session, instructor, mode="approval")
    trainee = fast_user(db_session)
    pending = cf.enrolment(db_session, trainee, course, "pending")
    db_session.commit()
    staff = as_user(app, instructor)
    base = f"/courses/{course.slug}/enrolments"

    response = staff.post(f"{base}/{pending.id}/reject", {"reason": "r" * 501}, follow_redirects=True)
    assert "Field cannot be longer than 500 characters." in flashes(response)
    response = staff.post(
        f"{base}/bulk",
        {"action": "reject", "reason": "r" * 501, "enrolment_ids": [str(pending.id)]},
        follow_redirects=True,
    )
    assert "Field cannot be longer than 500 characters." in flashes(response)
    response = staff.post(
        f"{base}/bulk", {"action": "banish", "enrolment_ids": [str(pending.id)]}, follow_redirects=True
    )
    assert response.status_code == 200 and flashes(response)
    for hostile in ("²", "٣", "9" * 30, "abc", "-1", "1.5", ""):
        response = staff.post(f"{base}/bulk", {"action": "approve", "enrolment_ids": [hostile]}, follow_redirects=True)
        assert response.status_code == 200, hostile
        assert "Tick at least one request, then choose an action." in flashes(response)
    for huge in ("99999999999999999999", str(2**31)):
        assert staff.post(f"{base}/{huge}/approve").status_code == 404
        assert staff.post(f"{base}/{huge}/reject", {"reason": "x"}).status_code == 404
    assert status_of(db_session, trainee, course) == "pending"

    for params in ({"status": "bogus"}, {"status": "<script>"}, {"format": "xml"}):
        assert staff.get(base, query_string=params).status_code == 200
    for page in ("0", "-1", "abc", "9" * 30):
        assert staff.get(base, query_string={"page": page}).status_code == 404

    reason = "ไม่ผ่านเกณฑ์ — 基準を満たしていません & <b>sorry</b>"
    staff.post(f"{base}/{pending.id}/reject", {"reason": reason})
    assert enrolment_of(db_session, trainee, course).reason == reason
    page = text(as_user(app, trainee).get(f"/courses/{course.slug}"))
    assert "ไม่ผ่านเกณฑ์ — 基準を満たしていません &amp; &lt;b&gt;sorry&lt;/b&gt;" in page


def test_csv_export_neutralises_spreadsheet_formulas():
    from training.spreadsheet import safe_cell as spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert spreadsheet_safe("+81 3") == "'+81 3"
    assert spreadsheet_safe("@cmd") == "'@cmd"
    assert spreadsheet_safe("山田 花子") == "山田 花子"


def test_huge_ids_in_urls_are_not_found(client):
    assert client.get("/institutions/99999999999999999999").status_code == 404
    assert client.get("/admin/users/99999999999999999999").status_code in (302, 404)
