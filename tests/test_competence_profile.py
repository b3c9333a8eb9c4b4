"""The trainee's competence profile by CAI objective: the numbers (checked against the gradebook), the chart,
the opt-in public page behind an unguessable link, and what that page never shows."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests import course_factories as cf
from tests.helpers import fast_user, flashes, is_login_redirect, location_path, new_browser, normalised_page, text
from tests.test_bad_input import _sweep
from tests.test_partner_portal import assessment, attempt, certificate
from training.assessments import gradebook
from training.audit.models import AuditLog
from training.auth.models import User
from training.db import utcnow
from training.institutions.models import Institution
from training.objectives.models import Objective
from training.profiles import services


@pytest.fixture
def trainee(db_session, make):
    institution = make.institution(name="Kasetsart Climate Institute", short_name="KCI", country="TH")
    return fast_user(
        db_session,
        name="Pimchanok Srisuk",
        email="pimchanok@kci.example.org",
        country="JP",
        institution_id=institution.id,
    )


def completed(session, user, course, *, days_ago=1):
    enrolment = cf.enrolment(session, user, course, "completed")
    enrolment.completed_at = utcnow() - timedelta(days=days_ago)
    session.flush()
    return enrolment


def a_record(session, user):
    """Three completed courses over four objectives (one through a module's tag), grades, and certificates in
    every state; plus an active course and another trainee's, which count for nothing."""
    institution = session.get(Institution, user.institution_id)
    air = cf.course(
        session, title="Urban air quality", objective_codes=("low-carbon", "monitoring"), estimated_hours=Decimal("12")
    )
    waste = cf.course(
        session,
        title="Municipal waste systems",
        objective_codes=("material-cycle",),
        module_codes=("green-market",),  # its modules carry a second objective
        estimated_hours=Decimal("8.5"),
    )
    finance = cf.course(
        session, title="Green bonds", objective_codes=("green-market",), estimated_hours=Decimal("4"), modules=1
    )
    ongoing = cf.course(session, title="Coral reef monitoring", objective_codes=("monitoring",))
    for course, days in ((air, 30), (waste, 10), (finance, 2)):
        completed(session, user, course, days_ago=days)
    cf.enrolment(session, user, ongoing, "active")
    # Grades: air has a weighted quiz (80 then 95, the highest counts) and an essay counted by its last attempt;
    # waste has a quiz graded 70; finance has no assessment (no grade).
    quiz = assessment(session, air, weight="1")
    essay = assessment(session, air, weight="3", method="last")
    attempt(session, quiz, user, 80)
    attempt(session, quiz, user, 95, number=2)
    attempt(session, essay, user, 90)
    attempt(session, essay, user, 60, number=2)
    attempt(session, assessment(session, waste), user, 70)
    attempt(session, assessment(session, ongoing), user, 100)  # an active course: not in the profile
    valid = certificate(session, air, user, institution)
    replaced = certificate(session, waste, user, institution, status="replaced")
    renewed = certificate(session, waste, user, institution)
    expired = certificate(session, finance, user, institution)
    expired.expires_at = utcnow() - timedelta(days=1)
    revoked = certificate(session, finance, user, institution, status="revoked")
    pending = certificate(session, ongoing, user, institution, status="pending")
    other = fast_user(session, name="Somebody Else")
    completed(session, other, finance)
    session.flush()
    return {
        "courses": (air, waste, finance, ongoing),
        "valid": (valid, renewed),
        "invalid": (expired, revoked, pending, replaced),
        "assessments": (quiz, essay),
    }


def by_code(competence):
    return {s.objective.code: s for s in competence.objectives}


def test_the_numbers_per_objective(db_session, trainee):
    record = a_record(db_session, trainee)
    air, waste, finance, ongoing = record["courses"]
    competence = services.competence(trainee)
    summary = by_code(competence)
    assert [s.objective.code for s in competence.objectives][:4] == [
        "low-carbon",
        "material-cycle",
        "nature-adaptation",
        "green-market",
    ]
    assert {code for code, s in summary.items() if s.has_data} == {
        "low-carbon",
        "monitoring",
        "material-cycle",
        "green-market",
    }
    assert [c.course.title for c in summary["green-market"].courses] == ["Green bonds", "Municipal waste systems"]
    assert summary["green-market"].hours == Decimal("12.5")
    assert summary["low-carbon"].hours == summary["monitoring"].hours == Decimal("12")
    assert summary["nature-adaptation"].hours == 0 and summary["nature-adaptation"].average_grade is None
    # The course grades are the gradebook's.
    for course in (air, waste):
        assert {c.course.id: c.grade for c in competence.courses}[course.id] == gradebook.own_row(course, trainee)[
            1
        ].grade
    # air: (95 × 1 + 60 × 3) / 4 = 68.75; waste: 70; finance: no assessment, so no grade.
    assert summary["low-carbon"].average_grade == Decimal("68.8")
    assert summary["green-market"].average_grade == Decimal("70.0")  # finance has no grade: left out, not a 0
    assert summary["material-cycle"].average_grade == Decimal("70.0")
    # Valid certificates only: issued, not expired, not revoked or replaced, not pending.
    valid, renewed = record["valid"]
    assert [c.serial for c in competence.certificates] == [renewed.serial, valid.serial]
    assert [c.serial for c in summary["low-carbon"].certificates] == [valid.serial]
    assert [c.serial for c in summary["material-cycle"].certificates] == [renewed.serial]
    assert competence.hours == Decimal("24.5")
    assert ongoing.id not in {c.course.id for c in competence.courses}


def test_a_sub_theme_counts_for_its_objective(db_session, trainee):
    parent = db_session.scalar(select(Objective).where(Objective.code == "nature-adaptation"))
    sub = Objective(code="mangroves", kind="sub-theme", title="Mangrove restoration", parent_id=parent.id, position=99)
    db_session.add(sub)
    db_session.flush()
    course = cf.course(db_session, objective_codes=("mangroves",), estimated_hours=Decimal("3"))
    completed(db_session, trainee, course)
    summary = by_code(services.competence(trainee))
    assert "mangroves" not in summary
    assert summary["nature-adaptation"].hours == Decimal("3")


def test_the_page_shows_the_table_and_a_radar_chart(client, db_session, trainee):
    a_record(db_session, trainee)
    client.login(trainee)
    response = client.get("/profile/competence")
    page = text(response)
    assert response.status_code == 200
    assert 'class="chart chart-radar"' in page  # four objectives have data
    assert "Urban air quality" in page and "Coral reef monitoring" not in page
    assert "68.8%" in page and "24.5 hours of training" in page
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Private" in page


def test_fewer_than_three_objectives_draw_a_bar_chart(client, db_session, trainee):
    course = cf.course(db_session, objective_codes=("leadership", "partnerships"), estimated_hours=Decimal("6"))
    completed(db_session, trainee, course)
    client.login(trainee)
    page = text(client.get("/profile/competence"))
    assert 'class="chart chart-radar"' not in page and '<rect class="chart-bar"' in page
    assert re.search(r"<desc[^>]*>[^<]*Partnerships for biodiversity: 6 h", page)


def test_nothing_completed_yet(client, db_session, trainee):
    client.login(trainee)
    page = text(client.get("/profile/competence"))
    assert "Complete a course to build your competence profile." in page
    assert "<svg" not in page


def test_the_profile_takes_the_same_queries_for_one_course_as_for_six(db_session, trainee, count_queries):
    counts = {}
    for size in (1, 6):
        while len(services.competence(trainee).courses) < size:
            course = cf.course(db_session, objective_codes=("leadership",))
            completed(db_session, trainee, course)
            attempt(db_session, assessment(db_session, course), trainee, 75)
            certificate(db_session, course, trainee, db_session.get(Institution, trainee.institution_id))
        db_session.expire_all()
        user = db_session.get(User, trainee.id)
        with count_queries() as queries:
            services.competence(user)
        counts[size] = len(queries)
    assert counts[1] == counts[6], counts


# --- Sharing ------------------------------------------------------------------------------------------------


def publish(client):
    return client.post("/profile/competence/sharing", {"public": "y"})


def public_link(client) -> str:
    page = text(client.get("/profile/competence"))
    match = re.search(r'<a href="https?://[^/"]+(/p/[A-Za-z0-9_-]+)"', page)
    assert match, "no public link on the page"
    return match.group(1)


def test_making_the_profile_public_gives_an_unguessable_link(app, client, db_session, trainee):
    client.login(trainee)
    response = publish(client)
    assert response.status_code == 302 and location_path(response) == "/profile/competence"
    db_session.refresh(trainee)
    assert trainee.profile_public is True
    token = trainee.profile_token
    assert len(token) == 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert public_link(client) == f"/p/{token}"
    publish(client)  # again: the same link
    db_session.refresh(trainee)
    assert trainee.profile_token == token
    anonymous = new_browser(app)
    assert anonymous.get(f"/p/{token}").status_code == 200
    actions = db_session.scalars(select(AuditLog.action).where(AuditLog.object_id == trainee.id)).all()
    assert actions.count("profile.published") == 1


def test_the_public_page_shows_only_what_was_opted_in(app, client, db_session, trainee):
    record = a_record(db_session, trainee)
    client.login(trainee)
    publish(client)
    link = public_link(client)
    response = new_browser(app).get(link)
    page = text(response)
    assert response.status_code == 200
    # What it shows: the name, the summary per objective, the valid certificates with their verification links.
    assert "Pimchanok Srisuk" in page
    assert "Low-carbon / low-pollution society" in page and "68.8%" in page
    for valid in record["valid"]:
        assert f'href="/verify/{valid.serial}"' in page
    assert "Urban air quality" in page  # as a certificate's course
    # What it never shows (the footer's language switcher says 日本語: only the main part is searched for that).
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert trainee.email not in page and "Kasetsart" not in page
    for absent in (
        trainee.email,
        "pimchanok@",
        "Japan",
        "日本",
        "Kasetsart Climate Institute",
        *[a.title for a in record["assessments"]],
        "95%",
        "Municipal waste systems</a>",  # no course list
        "Coral reef monitoring",
        *[c.serial for c in record["invalid"]],
    ):
        assert absent not in main, absent
    assert "<form" not in main  # no sharing controls
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_new_link_kills_the_old_one(app, client, db_session, trainee):
    client.login(trainee)
    publish(client)
    old = public_link(client)
    response = client.post("/profile/competence/new-link")
    assert response.status_code == 302
    new = public_link(client)
    assert new != old
    anonymous = new_browser(app)
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200
    assert "profile.link_renewed" in db_session.scalars(select(AuditLog.action)).all()


def test_turning_it_off_hides_it_and_turning_it_on_again_makes_a_new_link(app, client, db_session, trainee):
    client.login(trainee)
    publish(client)
    first = public_link(client)
    response = client.post("/profile/competence/sharing", {})  # the box unticked
    assert response.status_code == 302
    db_session.refresh(trainee)
    assert (trainee.profile_public, trainee.profile_token) == (False, None)
    anonymous = new_browser(app)
    assert anonymous.get(first).status_code == 404
    assert "/p/" not in text(client.get("/profile/competence"))
    assert "Make your profile public first." in flashes(
        client.get(location_path(client.post("/profile/competence/new-link")))
    )
    publish(client)
    second = public_link(client)
    assert second != first
    assert anonymous.get(first).status_code == 404 and anonymous.get(second).status_code == 200


def test_hidden_unknown_and_malformed_links_look_the_same(app, client, db_session, trainee):
    client.login(trainee)
    publish(client)
    link = public_link(client)
    client.post("/profile/competence/sharing", {})
    anonymous = new_browser(app)
    hidden = anonymous.get(link)
    unknown = anonymous.get("/p/" + "A" * 32)
    assert hidden.status_code == unknown.status_code == 404
    assert normalised_page(hidden) == normalised_page(unknown)
    for token in ("x" * 500, "%00", "..%2F..%2Fetc", "a b", "é" * 8, "' OR 1=1 --"):
        assert anonymous.get(f"/p/{token}").status_code == 404


def test_a_deactivated_accounts_profile_is_not_shown(app, client, db_session, trainee):
    client.login(trainee)
    publish(client)
    link = public_link(client)
    trainee.active = False
    db_session.commit()
    assert new_browser(app).get(link).status_code == 404


def test_a_stale_token_without_the_public_flag_is_not_shown(app, db_session, trainee):
    trainee.profile_public, trainee.profile_token = False, services.new_token()
    db_session.commit()
    assert new_browser(app).get(f"/p/{trainee.profile_token}").status_code == 404


def test_sharing_needs_a_login_and_the_forms_token(app, client, db_session, trainee):
    assert is_login_redirect(client.post("/profile/competence/sharing", {"public": "y"}))
    assert is_login_redirect(client.get("/profile/competence"))
    client.login(trainee)
    assert client.post("/profile/competence/sharing", {"public": "y"}, csrf=False).status_code == 400
    assert client.post("/profile/competence/new-link", csrf=False).status_code == 400
    db_session.refresh(trainee)
    assert trainee.profile_public is False


def test_hostile_values_in_the_sharing_forms_never_cause_a_500(client, db_session, trainee):
    client.login(trainee)
    forms = [("/profile/competence/sharing", {"public": "y"}), ("/profile/competence/new-link", {"extra": "1"})]
    assert _sweep(client, forms) == []
