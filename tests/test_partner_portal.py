"""The partner portal: an institution's courses in figures (checked against the database and the gradebook,
in a constant number of queries), its staff and their roles, and requests to co-host a course."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import course_factories as cf
from tests.helpers import (
    build_world,
    count_rows,
    error_texts,
    fast_user,
    flashes,
    link_in_mail,
    location_path,
    new_browser,
    normalised_page,
    text,
)
from tests.test_bad_input import _sweep
from training.assessments import gradebook
from training.assessments.models import Assessment, Attempt
from training.audit.models import AuditLog
from training.auth.models import User
from training.certificates.models import Certificate
from training.courses.models import CohostRequest, CourseInstitution, Enrolment
from training.db import utcnow
from training.partners import portal, services

# --- Test data ---------------------------------------------------------------------------------------------


def assessment(session, course, *, weight="1", method="highest", status="published", passing="50") -> Assessment:
    item = Assessment(
        course_id=course.id,
        title=f"Assessment of {course.slug} ({method}, weight {weight})",
        status=status,
        weight=Decimal(weight),
        grading_method=method,
        passing_score=Decimal(passing),
    )
    session.add(item)
    session.flush()
    return item


def attempt(session, assessment_, user, percent, *, number=1, status="graded") -> Attempt:
    value = None if percent is None else Decimal(str(percent))
    item = Attempt(
        assessment_id=assessment_.id,
        user_id=user.id,
        number=number,
        status=status,
        started_at=utcnow(),
        submitted_at=utcnow(),
        max_score=Decimal("100"),
        score=value,
        percent=value,
        passed=None if value is None else value >= assessment_.passing_score,
    )
    session.add(item)
    session.flush()
    return item


def certificate(session, course, user, institution, status="issued") -> Certificate:
    from training.certificates.serials import new_serial

    item = Certificate(
        serial=new_serial(),
        course_id=course.id,
        user_id=user.id,
        institution_id=institution.id,
        status=status,
        issued_at=utcnow() if status != "pending" else None,
        pdf_sha256="0" * 64 if status != "pending" else None,
        revoked_reason="Test" if status in ("revoked", "replaced") else None,
        snapshot={"name": user.name, "course": {"title": course.title}},
    )
    session.add(item)
    session.flush()
    return item


def enrolled(session, course, statuses: dict[str, int]) -> dict[str, list[User]]:
    people = {}
    for status, number in statuses.items():
        people[status] = [fast_user(session, name=f"{status.title()} {i} of {course.slug}") for i in range(number)]
        for user in people[status]:
            cf.enrolment(session, user, course, status)
    return people


@pytest.fixture
def partner(db_session, make):
    """An institution with its partner admin, logged in; a second institution."""
    home = make.institution(name="Mekong Delta Water Authority", short_name="MDWA", country="VN")
    away = make.institution(name="Borneo Forest Trust", short_name="BFT", country="MY")
    admin = fast_user(db_session, roles=("partner_admin",), institution_id=home.id, name="Linh Pham")
    return home, away, admin


def logged_in(client, user):
    client.login(user)
    return client


# --- The courses in figures --------------------------------------------------------------------------------


def a_portfolio(session, home, away):
    """Courses ``home`` hosts, co-hosts and certifies, with enrolments, grades and certificates; and one course it
    has no part in (whose figures must not leak in)."""
    hosted = cf.course(session, title="Air quality monitoring", institutions=[(home, "host")])
    cohosted = cf.course(session, title="Biodiversity offsets", institutions=[(away, "host"), (home, "co-host")])
    certified = cf.course(
        session, title="Circular procurement", institutions=[(away, "host"), (home, "certifying")], status="archived"
    )
    unrelated = cf.course(session, title="Deep-sea mining law", institutions=[(away, "host")])
    for course, statuses in [
        (hosted, {"active": 3, "completed": 2, "pending": 1, "withdrawn": 1}),
        (cohosted, {"active": 1, "completed": 1, "waitlisted": 2, "rejected": 1}),
        (certified, {"completed": 2}),
        (unrelated, {"active": 4, "completed": 4}),
    ]:
        people = enrolled(session, course, statuses)
        course.people = people
    # Grades in the hosted course: a weighted quiz (highest counts), an essay counted by its last attempt (weight 2),
    # a practice quiz of weight 0 and a draft: these two count for nothing.
    quiz = assessment(session, hosted, weight="1", method="highest")
    essay = assessment(session, hosted, weight="2", method="last")
    practice = assessment(session, hosted, weight="0")
    draft = assessment(session, hosted, status="draft")
    first, second, third = hosted.people["active"]
    done_one, done_two = hosted.people["completed"]
    attempt(session, quiz, first, 40)
    attempt(session, quiz, first, 90, number=2)
    attempt(session, essay, first, 70)
    attempt(session, essay, first, 55, number=2)  # the last one counts: 55
    attempt(session, quiz, done_one, 100)
    attempt(session, essay, done_one, 80)
    attempt(session, quiz, done_two, 65)  # the essay is missing: it counts 0
    attempt(session, essay, done_two, None, number=1, status="awaiting_grading")
    attempt(session, quiz, second, 30, status="in_progress")  # not graded: second is not in the average
    attempt(session, practice, third, 100)  # weight 0 only: third is not in the average either
    attempt(session, draft, third, 100)
    attempt(session, quiz, hosted.people["withdrawn"][0], 100)  # withdrawn: not studying
    # The co-hosted course averages its graded attempts.
    averaged = assessment(session, cohosted, method="average")
    attempt(session, averaged, cohosted.people["active"][0], 60)
    attempt(session, averaged, cohosted.people["active"][0], 75, number=2)
    # Certificates.
    certificate(session, hosted, done_one, home)
    certificate(session, hosted, done_two, home, status="pending")
    certificate(session, hosted, first, home, status="revoked")
    certificate(session, certified, certified.people["completed"][0], home)
    certificate(session, certified, certified.people["completed"][1], home, status="replaced")
    certificate(session, certified, certified.people["completed"][1], home)
    certificate(session, unrelated, unrelated.people["completed"][0], away, status="pending")
    session.flush()
    return hosted, cohosted, certified, unrelated


def expected_average(course) -> tuple[Decimal | None, int]:
    """From the gradebook itself: the mean course grade of the trainees who have a graded attempt that counts."""
    book = gradebook.build(course, gradebook.Filters(), per_page=10_000)
    weighted = {a.id for a in book.assessments if a.weight > 0}
    grades = [
        row.grade
        for row in book.rows
        if any(row.cells[a].percent is not None for a in weighted) and row.grade is not None
    ]
    if not grades:
        return None, 0
    return (sum(grades, Decimal(0)) / len(grades)).quantize(Decimal("0.1")), len(grades)


def test_the_figures_match_the_database_and_the_gradebook(db_session, partner):
    home, away, _admin = partner
    hosted, cohosted, certified, unrelated = a_portfolio(db_session, home, away)
    figures = {f.slug: f for f in portal.course_figures(home.id)}
    assert list(figures) == [hosted.slug, cohosted.slug, certified.slug]  # by title; the unrelated one left out
    assert figures[hosted.slug].roles == ["host"]
    assert figures[cohosted.slug].roles == ["co-host"]
    assert figures[certified.slug].roles == ["certifying"]
    for course in (hosted, cohosted, certified):
        row = figures[course.slug]
        by_status = dict(
            db_session.execute(
                select(Enrolment.status, func.count())
                .where(Enrolment.course_id == course.id)
                .group_by(Enrolment.status)
            ).all()
        )
        assert row.enrolments == by_status
        assert row.completed == by_status.get("completed", 0)
        assert row.studying == by_status.get("active", 0) + by_status.get("completed", 0)
        for status, attribute in (("issued", "certificates_issued"), ("pending", "certificates_pending")):
            assert getattr(row, attribute) == db_session.scalar(
                select(func.count()).where(Certificate.course_id == course.id, Certificate.status == status)
            )
        average, graded = expected_average(course)
        assert (row.average_grade, row.graded) == (average, graded), course.slug
    # Worked by hand: first (90 + 2 × 55) / 3 = 66.67; done_one (100 + 2 × 80) / 3 = 86.67; done_two 65 / 3 = 21.67.
    assert figures[hosted.slug].average_grade == Decimal("58.3")
    assert figures[hosted.slug].graded == 3
    assert figures[cohosted.slug].average_grade == Decimal("67.5")
    assert figures[certified.slug].average_grade is None
    assert (figures[hosted.slug].certificates_issued, figures[hosted.slug].certificates_pending) == (1, 1)
    assert figures[certified.slug].certificates_issued == 2  # one each: the replaced one is not counted
    # Who approves: the certifying institution, else the host.
    assert figures[hosted.slug].certifier_id == home.id
    assert figures[cohosted.slug].certifier_id == away.id
    assert figures[certified.slug].certifier_id == home.id


def test_the_courses_page_shows_the_figures(client, db_session, partner):
    home, away, admin = partner
    hosted, cohosted, certified, _unrelated = a_portfolio(db_session, home, away)
    page = text(logged_in(client, admin).get(f"/partner/{home.id}"))
    assert "Deep-sea mining law" not in page
    for course in (hosted, cohosted, certified):
        assert f'href="/courses/{course.slug}"' in page
    assert "2 of 5 completed (40%)" in page
    assert "58.3%" in page and "67.5%" in page
    # Pending certificates of a course this institution certifies: a button to approve them.
    assert f'href="/courses/{hosted.slug}/certificates">Approve 1 pending</a>' in page
    stats = re.findall(r'<span class="stat-number">(\d+)</span>', page)
    assert stats == ["3", "9", "5", "3", "1"]  # courses, studying, completed, issued, pending


def test_a_partner_admin_can_approve_from_the_link(client, db_session, partner):
    home, away, admin = partner
    hosted, *_ = a_portfolio(db_session, home, away)
    logged_in(client, admin)
    page = text(client.get(f"/courses/{hosted.slug}/certificates"))
    assert "Approve and issue" in page


def test_the_courses_page_takes_the_same_queries_for_12_courses_as_for_2(client, db_session, partner, count_queries):
    home, away, admin = partner
    logged_in(client, admin)
    counts = {}
    for size in (2, 12):
        for n in range(size - len(portal.course_figures(home.id))):
            course = cf.course(
                db_session, title=f"Course {size}-{n}", institutions=[(home, "host"), (away, "certifying")]
            )
            people = enrolled(db_session, course, {"active": 2, "completed": 1})
            quiz = assessment(db_session, course)
            attempt(db_session, quiz, people["completed"][0], 80)
            certificate(db_session, course, people["completed"][0], away, status="pending")
        db_session.commit()
        client.get(f"/partner/{home.id}")  # warm: the first request of a session loads the user
        with count_queries() as queries:
            response = client.get(f"/partner/{home.id}")
        assert response.status_code == 200
        assert text(response).count("<tr>") == size + 1
        counts[size] = len(queries)
    assert counts[2] == counts[12], counts


def test_the_figures_take_four_queries(db_session, partner, count_queries):
    home, away, _admin = partner
    a_portfolio(db_session, home, away)
    home_id = home.id
    db_session.expire_all()
    with count_queries() as queries:
        portal.course_figures(home_id)
    assert len(queries) == 4


def test_an_institution_with_no_course_says_so(client, db_session, partner):
    home, _away, admin = partner
    page = text(logged_in(client, admin).get(f"/partner/{home.id}"))
    assert "Your institution has no part in any course yet." in page


def test_partner_sends_a_partner_admin_to_their_own_portal(client, db_session, partner):
    home, _away, admin = partner
    response = logged_in(client, admin).get("/partner/")
    assert response.status_code == 302 and location_path(response) == f"/partner/{home.id}"


def test_an_administrator_picks_an_institution(client, db_session, partner):
    home, away, _admin = partner
    client.login(fast_user(db_session, roles=("admin",)))
    page = text(client.get("/partner/"))
    assert f'href="/partner/{home.id}"' in page and f'href="/partner/{away.id}"' in page


def test_another_institutions_portal_looks_exactly_like_a_missing_one(client, db_session, partner):
    home, away, admin = partner
    logged_in(client, admin)
    client.get("/dashboard")  # shows (and so clears) the welcome message
    missing = home.id + away.id + 1000
    for suffix in ("", "/staff", "/cohosting"):
        hidden, absent = client.get(f"/partner/{away.id}{suffix}"), client.get(f"/partner/{missing}{suffix}")
        assert hidden.status_code == absent.status_code == 404
        assert normalised_page(hidden) == normalised_page(absent)


# --- Staff -------------------------------------------------------------------------------------------------


def change(client, institution, user, role, how):
    return client.post(f"/partner/{institution.id}/staff/{user.id}/roles", {"role": role, "change": how})


def test_the_staff_page_lists_the_institutions_people_with_their_roles(client, db_session, partner):
    home, away, admin = partner
    teacher = fast_user(db_session, roles=("trainee", "instructor"), institution_id=home.id, name="Tran Van Minh")
    stranger = fast_user(db_session, roles=("instructor",), institution_id=away.id, name="Siti Rahman")
    page = text(logged_in(client, admin).get(f"/partner/{home.id}/staff"))
    assert teacher.name in page and teacher.email in page and admin.name in page
    assert stranger.name not in page
    assert "Instructor" in page and "Partner administrator" in page
    filtered = text(client.get(f"/partner/{home.id}/staff", query_string={"q": "tran"}))
    assert teacher.email in filtered and admin.email not in filtered


def test_giving_and_taking_away_the_instructor_role_is_audited(client, db_session, partner):
    home, _away, admin = partner
    colleague = fast_user(db_session, institution_id=home.id, name="Nguyen Thi Mai")
    logged_in(client, admin)
    response = change(client, home, colleague, "instructor", "grant")
    assert response.status_code == 302 and location_path(response) == f"/partner/{home.id}/staff"
    db_session.refresh(colleague)
    assert colleague.roles == {"trainee", "instructor"}
    response = change(client, home, colleague, "instructor", "remove")
    db_session.refresh(colleague)
    assert colleague.roles == {"trainee"}
    entries = db_session.scalars(
        select(AuditLog)
        .where(AuditLog.object_type == "users", AuditLog.object_id == colleague.id)
        .order_by(AuditLog.id)
    ).all()
    assert [(e.action, e.actor_id, e.details["role"]) for e in entries] == [
        ("staff.role_granted", admin.id, "instructor"),
        ("staff.role_removed", admin.id, "instructor"),
    ]
    assert entries[0].details["institution_id"] == home.id
    assert entries[0].details["after"] == ["instructor", "trainee"]


def test_a_partner_admin_makes_another_partner_admin(client, db_session, partner):
    home, _away, admin = partner
    colleague = fast_user(db_session, institution_id=home.id)
    change(logged_in(client, admin), home, colleague, "partner_admin", "grant")
    db_session.refresh(colleague)
    assert "partner_admin" in colleague.roles


def test_another_institutions_user_is_not_found(client, db_session, partner):
    home, away, admin = partner
    stranger = fast_user(db_session, institution_id=away.id)
    unaffiliated = fast_user(db_session, institution_id=None)
    logged_in(client, admin)
    for user in (stranger, unaffiliated):
        assert change(client, home, user, "instructor", "grant").status_code == 404
        assert change(client, away, user, "instructor", "grant").status_code == 404
        db_session.refresh(user)
        assert "instructor" not in user.roles
    assert count_rows(AuditLog) == 0


def test_the_admin_role_is_never_given_or_taken_here(client, db_session, partner):
    home, _away, admin = partner
    colleague = fast_user(db_session, institution_id=home.id)
    site_admin = fast_user(db_session, roles=("admin", "instructor"), institution_id=home.id)
    logged_in(client, admin)
    for role in ("admin", "trainee", "superuser"):
        response = change(client, home, colleague, role, "grant")
        assert response.status_code == 302
        assert "Choose a role to give or take away." in flashes(client.get(f"/partner/{home.id}/staff"))
    response = change(client, home, site_admin, "instructor", "remove")
    assert "An administrator's roles are changed by administrators." in flashes(client.get(location_path(response)))
    db_session.refresh(colleague)
    db_session.refresh(site_admin)
    assert colleague.roles == {"trainee"} and site_admin.roles == {"admin", "instructor"}
    assert "Managed by administrators" in text(client.get(f"/partner/{home.id}/staff"))
    with pytest.raises(services.PartnerError):
        services.change_role(admin, home, colleague, "admin", True)


def test_the_last_partner_admin_keeps_the_role(client, db_session, partner):
    home, _away, admin = partner
    logged_in(client, admin)
    page = text(client.get(f"/partner/{home.id}/staff"))
    assert "The last partner administrator keeps the role." in page
    response = change(client, home, admin, "partner_admin", "remove")
    assert response.status_code == 302
    assert any("last partner administrator" in m for m in flashes(client.get(f"/partner/{home.id}/staff")))
    db_session.refresh(admin)
    assert "partner_admin" in admin.roles
    # With a second one, either may step down; a deactivated partner admin does not count.
    gone = fast_user(db_session, roles=("partner_admin",), institution_id=home.id, active=False)
    db_session.commit()
    change(client, home, admin, "partner_admin", "remove")
    db_session.refresh(admin)
    assert "partner_admin" in admin.roles
    second = fast_user(db_session, roles=("partner_admin",), institution_id=home.id)
    db_session.commit()
    change(client, home, admin, "partner_admin", "remove")
    db_session.refresh(admin)
    assert "partner_admin" not in admin.roles
    # Now no longer a partner admin: the portal is gone for them.
    assert client.get(f"/partner/{home.id}").status_code == 404
    assert gone.active is False and second.has_role("partner_admin")


def test_an_administrator_manages_any_institutions_staff_but_not_its_last_partner_admin(client, db_session, partner):
    home, _away, admin = partner
    client.login(fast_user(db_session, roles=("admin",)))
    colleague = fast_user(db_session, institution_id=home.id)
    change(client, home, colleague, "instructor", "grant")
    change(client, home, admin, "partner_admin", "remove")
    db_session.refresh(colleague)
    db_session.refresh(admin)
    assert "instructor" in colleague.roles and "partner_admin" in admin.roles


def invite(client, institution, **fields):
    values = {"email": "ha.le@mdwa.example.org", "name": "Lê Thị Hà", "role": "instructor"}
    values.update(fields)
    return client.post(f"/partner/{institution.id}/staff/invite", values)


def test_inviting_a_new_staff_member_creates_the_account_and_mails_the_link(app, client, db_session, partner, outbox):
    home, _away, admin = partner
    response = invite(logged_in(client, admin), home, email="  Ha.Le@MDWA.example.org ")
    assert response.status_code == 302 and location_path(response) == f"/partner/{home.id}/staff"
    user = db_session.scalar(select(User).where(User.email == "ha.le@mdwa.example.org"))
    assert user is not None and user.name == "Lê Thị Hà"
    assert user.institution_id == home.id and user.roles == {"trainee", "instructor"}
    assert [m["To"] for m in outbox] == ["ha.le@mdwa.example.org"]
    assert "Mekong Delta Water Authority" in outbox[0]["Subject"]
    actions = db_session.scalars(select(AuditLog.action).where(AuditLog.object_id == user.id)).all()
    assert set(actions) >= {"user.created", "staff.invited"}
    # The link lets them choose a password and log in.
    path = link_in_mail(outbox[0], "/auth/reset/")
    invitee = new_browser(app)
    assert invitee.get(path).status_code == 200
    new_password = "Mangrove-estuary-2031"
    response = invitee.post(path, {"password": new_password, "confirm": new_password})
    assert response.status_code == 302
    assert invitee.post("/auth/login", {"email": user.email, "password": new_password}).status_code == 302


def test_inviting_a_colleague_who_has_an_account_gives_the_role(client, db_session, partner, outbox):
    home, _away, admin = partner
    colleague = fast_user(db_session, institution_id=home.id, email="mai@mdwa.example.org")
    people = count_rows(User)
    response = invite(logged_in(client, admin), home, email="mai@mdwa.example.org", role="partner_admin")
    assert response.status_code == 302
    db_session.refresh(colleague)
    assert "partner_admin" in colleague.roles and outbox == []
    assert count_rows(User) == people
    again = invite(client, home, email="mai@mdwa.example.org", role="partner_admin")
    assert "already has this role" in flashes(client.get(location_path(again)))[0]


def test_an_account_of_another_institution_is_not_taken_over(client, db_session, partner, outbox):
    home, away, admin = partner
    stranger = fast_user(db_session, institution_id=away.id, email="siti@bft.example.org")
    unaffiliated = fast_user(db_session, institution_id=None, email="free@example.org")
    logged_in(client, admin)
    for user in (stranger, unaffiliated):
        response = invite(client, home, email=user.email)
        assert response.status_code == 400
        assert any("not part of your institution" in e for e in error_texts(response))
        assert user.email in text(response)  # nothing typed is lost
        db_session.refresh(user)
        assert user.roles == {"trainee"} and user.institution_id in (away.id, None)
    assert outbox == []


def test_an_invitation_must_name_a_staff_role(client, db_session, partner):
    home, _away, admin = partner
    logged_in(client, admin)
    for role in ("admin", "trainee", ""):
        response = invite(client, home, role=role)
        assert response.status_code == 400 and error_texts(response)
    assert db_session.scalar(select(User).where(User.email == "ha.le@mdwa.example.org")) is None


# --- Co-hosting --------------------------------------------------------------------------------------------


def ask(client, institution, course, message="We run field sessions in the Mekong delta."):
    return client.post(f"/partner/{institution.id}/cohosting", {"course_id": str(course.id), "message": message})


def test_asking_to_co_host_a_course(client, db_session, partner):
    home, away, admin = partner
    course = cf.course(db_session, title="Wetland restoration", institutions=[(away, "host")])
    logged_in(client, admin)
    page = text(client.get(f"/partner/{home.id}/cohosting"))
    assert f'<option value="{course.id}">Wetland restoration</option>' in page
    response = ask(client, home, course)
    assert response.status_code == 302
    request = db_session.scalar(select(CohostRequest).where(CohostRequest.course_id == course.id))
    assert (request.institution_id, request.status, request.requested_by_id) == (home.id, "pending", admin.id)
    assert request.message == "We run field sessions in the Mekong delta."
    page = text(client.get(f"/partner/{home.id}/cohosting"))
    assert "Waiting for the host" in page
    assert f'<option value="{course.id}">' not in page  # asked already
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "cohost.requested"))
    assert audit.object_id == request.id and audit.actor_id == admin.id


def test_a_second_pending_request_is_refused(client, db_session, partner):
    home, away, admin = partner
    course = cf.course(db_session, institutions=[(away, "host")])
    logged_in(client, admin)
    ask(client, home, course)
    response = ask(client, home, course, message="Again")
    assert response.status_code == 400 and error_texts(response)
    assert "Again" in text(response)
    assert count_rows(CohostRequest) == 1
    with pytest.raises(services.PartnerError, match="already asked"):  # the unique index, if two race past the form
        services.request_cohosting(admin, home, course, "Twice")


def test_only_published_courses_the_institution_is_not_part_of_can_be_asked_for(client, db_session, partner):
    home, away, admin = partner
    draft = cf.course(db_session, status="draft", institutions=[(away, "host")])
    archived = cf.course(db_session, status="archived", institutions=[(away, "host")])
    ours = cf.course(db_session, institutions=[(home, "host")])
    certified = cf.course(db_session, institutions=[(away, "host"), (home, "certifying")])
    logged_in(client, admin)
    for course in (draft, archived, ours, certified):
        response = ask(client, home, course)
        assert response.status_code == 400 and error_texts(response)
    assert count_rows(CohostRequest) == 0
    with pytest.raises(services.PartnerError):
        services.request_cohosting(admin, home, certified, "")
    with pytest.raises(services.PartnerError):
        services.request_cohosting(admin, home, draft, "")


def a_request(session, home, away):
    """``home`` asks to co-host a course that ``away`` hosts; returns the course, the request and away's admin."""
    course = cf.course(session, title="Mangrove carbon", institutions=[(away, "host")])
    away_admin = fast_user(session, roles=("partner_admin",), institution_id=away.id, name="Aminah Yusof")
    request = CohostRequest(course_id=course.id, institution_id=home.id, message="Let us help", status="pending")
    session.add(request)
    session.flush()
    return course, request, away_admin


def test_the_host_accepts_and_the_requester_becomes_co_host(client, db_session, partner):
    home, away, admin = partner
    course, request, away_admin = a_request(db_session, home, away)
    logged_in(client, away_admin)
    page = text(client.get(f"/partner/{away.id}/cohosting"))
    assert "Mekong Delta Water Authority asks to co-host Mangrove carbon" in page and "Let us help" in page
    assert '<span class="count" aria-hidden="true">1</span>' in text(client.get(f"/partner/{away.id}"))
    response = client.post(f"/partner/{away.id}/cohosting/{request.id}/accept")
    assert response.status_code == 302 and location_path(response) == f"/partner/{away.id}/cohosting"
    db_session.refresh(request)
    assert (request.status, request.decided_by_id) == ("accepted", away_admin.id) and request.decided_at
    link = db_session.get(CourseInstitution, (course.id, home.id, "co-host"))
    assert link is not None
    assert db_session.scalar(select(AuditLog).where(AuditLog.action == "cohost.accepted")).actor_id == away_admin.id
    # Deciding twice changes nothing.
    client.post(f"/partner/{away.id}/cohosting/{request.id}/decline")
    db_session.refresh(request)
    assert request.status == "accepted"
    # The new co-host now sees the course in its portal.
    other = new_browser(client.application)
    page = text(logged_in(other, admin).get(f"/partner/{home.id}"))
    assert "Mangrove carbon" in page and "Co-host" in page


def test_the_host_declines(client, db_session, partner):
    home, away, admin = partner
    course, request, away_admin = a_request(db_session, home, away)
    response = logged_in(client, away_admin).post(f"/partner/{away.id}/cohosting/{request.id}/decline")
    assert response.status_code == 302
    db_session.refresh(request)
    assert request.status == "declined"
    assert db_session.get(CourseInstitution, (course.id, home.id, "co-host")) is None
    assert db_session.scalar(select(AuditLog).where(AuditLog.action == "cohost.declined")).object_id == request.id
    # The requester sees the answer, and may ask again.
    other = new_browser(client.application)
    logged_in(other, admin)
    assert "Declined" in text(other.get(f"/partner/{home.id}/cohosting"))
    assert ask(other, home, course).status_code == 302
    assert count_rows(CohostRequest) == 2


def test_only_the_host_and_administrators_decide(client, db_session, partner, make):
    home, away, admin = partner
    course, request, _away_admin = a_request(db_session, home, away)
    bystander = make.institution(name="Third institution")
    bystander_admin = fast_user(db_session, roles=("partner_admin",), institution_id=bystander.id)
    teacher = fast_user(db_session, roles=("instructor",), institution_id=away.id)
    course.instructors.append(teacher)
    db_session.flush()
    for user in (admin, bystander_admin, teacher):  # the requester itself, a third institution, the course's teacher
        browser = new_browser(client.application)
        logged_in(browser, user)
        for institution in (home, away, bystander):
            for action in ("accept", "decline"):
                response = browser.post(f"/partner/{institution.id}/cohosting/{request.id}/{action}")
                assert response.status_code == 404, (user.name, institution.name, action)
    db_session.refresh(request)
    assert request.status == "pending"
    # An administrator decides through the host's portal (and only there: the pairing must be right).
    browser = new_browser(client.application)
    browser.login(fast_user(db_session, roles=("admin",)))
    assert browser.post(f"/partner/{home.id}/cohosting/{request.id}/accept").status_code == 404
    assert browser.post(f"/partner/{away.id}/cohosting/{request.id}/accept").status_code == 302
    db_session.refresh(request)
    assert request.status == "accepted"


def test_the_requester_does_not_see_the_decision_buttons(client, db_session, partner):
    home, away, admin = partner
    _course, request, _away_admin = a_request(db_session, home, away)
    page = text(logged_in(client, admin).get(f"/partner/{home.id}/cohosting"))
    assert f"/cohosting/{request.id}/accept" not in page
    assert "No request is waiting for your decision." in page


# --- The world's permission rows, and bad input ------------------------------------------------------------


def test_the_world_partner_admin_decides_the_world_request(client, db_session):
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=world.this.id))
    page = text(client.get(f"/partner/{world.this.id}/cohosting"))
    assert "Nusantara Waste Recovery asks to co-host World course" in page
    assert "World course" in text(client.get(f"/partner/{world.this.id}"))


def test_hostile_values_in_the_portal_forms_never_cause_a_500(client, db_session, partner):
    home, away, admin = partner
    course = cf.course(db_session, institutions=[(away, "host")])
    colleague = fast_user(db_session, institution_id=home.id)
    logged_in(client, admin)
    forms = [
        (f"/partner/{home.id}/staff/invite", {"email": "new@mdwa.example.org", "name": "New", "role": "instructor"}),
        (f"/partner/{home.id}/staff/{colleague.id}/roles", {"role": "instructor", "change": "grant"}),
        (f"/partner/{home.id}/cohosting", {"course_id": str(course.id), "message": "Hello"}),
    ]
    assert _sweep(client, forms) == []
    for value in ("a\x00b", "x" * 500, "' OR 1=1 --", "99999999999999999999999"):
        for params in ({"q": value}, {"role": value}, {"page": value}):
            assert client.get(f"/partner/{home.id}/staff", query_string=params).status_code in (200, 404)


def test_a_long_message_is_refused_next_to_its_field_and_kept(client, db_session, partner):
    home, away, admin = partner
    course = cf.course(db_session, institutions=[(away, "host")])
    response = ask(logged_in(client, admin), home, course, message="m" * 1001)
    assert response.status_code == 400
    assert error_texts(response) and "m" * 1001 in text(response)


def test_dates_of_requests_are_shown(client, db_session, partner):
    home, away, admin = partner
    _course, request, away_admin = a_request(db_session, home, away)
    request.created_at = utcnow() - timedelta(days=3)
    db_session.flush()
    page = text(logged_in(client, away_admin).get(f"/partner/{away.id}/cohosting"))
    assert str(request.created_at.year) in page
