"""Learning: modules in order, marking them complete, resuming, progress (with a text alternative) on the
module page and the dashboard, completing a course, attachments for enrolled people only, and nobody
seeing another trainee's progress."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from tests import course_factories as cf
from tests.helpers import fast_user, flashes, location_path, new_browser, text
from training.audit.models import AuditLog
from training.courses import progress as rules
from training.courses.models import CourseInstitution, Enrolment, ModuleAttachment, ModuleProgress
from training.storage import storage


def progress_texts(response) -> list[str]:
    return [
        html.unescape(t).strip() for t in re.findall(r'<span class="progress-text">(.*?)</span>', text(response), re.S)
    ]


def progress_bars(response) -> list[tuple[str, str]]:
    return re.findall(r'<progress max="(\d+)" value="(\d+)"', text(response))


@pytest.fixture
def setup(client, db_session):
    """A published course of three modules (the second optional) and an active trainee, logged in."""
    instructor = fast_user(db_session, roles=("instructor",))
    course = cf.course(db_session, instructors=[instructor], modules=0, title="Waste to energy")
    first = cf.module(db_session, course, title="Sorting waste", body="# Sorting\n\nSeparate at source.")
    optional = cf.module(db_session, course, title="Further reading", required=False)
    last = cf.module(db_session, course, title="Energy recovery")
    trainee = fast_user(db_session, name="Trainee Tan")
    enrolment = cf.enrolment(db_session, trainee, course, "active")
    db_session.commit()
    client.login(trainee)
    return {
        "course": course,
        "modules": (first, optional, last),
        "trainee": trainee,
        "enrolment": enrolment,
        "instructor": instructor,
    }


def module_url(course, module) -> str:
    return f"/courses/{course.slug}/modules/{module.id}"


def test_a_trainee_goes_through_the_modules_in_order(client, db_session, setup):
    course, (first, optional, _) = setup["course"], setup["modules"]
    response = client.get(f"/courses/{course.slug}/learn")
    assert location_path(response) == module_url(course, first)

    page = client.get(module_url(course, first))
    body = text(page)
    assert "Module 1 of 3" in body
    assert body.index("Sorting waste") < body.index("Further reading") < body.index("Energy recovery")
    assert "<h1>Sorting</h1>" in body
    assert "Mark as complete and continue" in body
    assert progress_texts(page) == ["0 of 3 modules done (0%)"]
    assert progress_bars(page) == [("3", "0")]

    response = client.post(module_url(course, first) + "/complete")
    assert location_path(response) == module_url(course, optional)  # on to the next module
    page = client.get(module_url(course, optional))
    assert progress_texts(page) == ["1 of 3 modules done (33%)"]
    assert progress_bars(page) == [("3", "1")]
    assert "Module 2 of 3" in text(page) and "optional" in text(page)
    assert re.search(r'<li class="done">\s*<a href="' + re.escape(module_url(course, first)), text(page))

    # Resume: the first module not yet done.
    assert location_path(client.get(f"/courses/{course.slug}/learn")) == module_url(course, optional)
    assert location_path(client.get(f"/courses/{course.slug}/learn")) == module_url(course, optional)


def test_completing_every_required_module_completes_the_course(client, db_session, setup):
    course, (first, optional, last) = setup["course"], setup["modules"]
    client.post(module_url(course, first) + "/complete")
    response = client.post(module_url(course, last) + "/complete", follow_redirects=True)
    assert "Congratulations: you have completed every required module of this course." in flashes(response)
    db_session.expire_all()
    enrolment = db_session.get(Enrolment, setup["enrolment"].id)
    assert enrolment.status == "completed" and enrolment.completed_at is not None
    assert (
        db_session.scalar(
            select(AuditLog.action).where(AuditLog.object_type == "enrolments", AuditLog.object_id == enrolment.id)
        )
        == "enrolment.completed"
    )
    # The optional module is still open to read, and can still be marked; the course stays completed.
    assert location_path(client.get(f"/courses/{course.slug}/learn")) == module_url(course, optional)
    response = client.post(module_url(course, optional) + "/complete", follow_redirects=True)
    assert "Congratulations" not in " ".join(flashes(response))
    assert progress_texts(client.get(module_url(course, last))) == ["3 of 3 modules done (100%)"]
    # All done: resume goes back to where the trainee last was (the page just read).
    assert location_path(client.get(f"/courses/{course.slug}/learn")) == module_url(course, last)
    page = text(client.get(f"/courses/{course.slug}"))
    assert "Completed" in page and "Review the course" in page


def test_marking_a_module_twice_records_it_once(client, db_session, setup):
    course, (first, _, _) = setup["course"], setup["modules"]
    client.post(module_url(course, first) + "/complete")
    client.post(module_url(course, first) + "/complete")
    assert len(db_session.scalars(select(ModuleProgress)).all()) == 1


def test_the_dashboard_shows_progress_with_numbers_and_the_next_module(client, db_session, setup):
    course, (first, optional, _) = setup["course"], setup["modules"]
    other = cf.course(db_session, modules=4, title="Green bonds")
    other_enrolment = cf.enrolment(db_session, setup["trainee"], other, "active")
    cf.progress(db_session, other_enrolment, *other.modules[:3])
    waiting = cf.course(db_session, title="Mangrove restoration", capacity=1)
    cf.enrolment(db_session, setup["trainee"], waiting, "waitlisted")
    db_session.commit()
    client.post(module_url(course, first) + "/complete")

    page = client.get("/dashboard")
    body = text(page)
    assert sorted(progress_texts(page)) == ["1 of 3 modules done (33%)", "3 of 4 modules done (75%)"]
    assert sorted(progress_bars(page)) == [("3", "1"), ("4", "3")]
    assert f'href="{module_url(course, optional)}"' in body and "Next: Further reading" in body
    assert f'href="{module_url(other, other.modules[3])}"' in body
    assert "Mangrove restoration" in body and "On the waitlist" in body
    assert body.count('class="progress-text"') == 2  # no progress bar for a waitlisted course


def test_progress_figures_as_a_rule(db_session, setup):
    course, (first, optional, last) = setup["course"], setup["modules"]
    enrolment = setup["enrolment"]
    assert rules.progress_for([enrolment])[enrolment.id] == rules.Progress(0, 3, first.id)
    rules.mark_complete(enrolment, optional)
    assert rules.progress_for([enrolment])[enrolment.id] == rules.Progress(1, 3, first.id)
    assert rules.resume_module(enrolment, course.modules) == first
    rules.mark_complete(enrolment, first)
    assert enrolment.status == "active"  # the last required module is still to do
    rules.mark_complete(enrolment, last)
    assert enrolment.status == "completed"
    assert rules.progress_for([enrolment])[enrolment.id].percent == 100
    assert rules.progress_for([]) == {}


def test_only_active_or_completed_trainees_study(app, client, db_session, setup):
    course, (first, _, _) = setup["course"], setup["modules"]
    for status in ("pending", "waitlisted", "withdrawn", "rejected", None):
        user = fast_user(db_session)
        if status:
            cf.enrolment(db_session, user, course, status)
        db_session.commit()
        browser = new_browser(app)
        browser.login(user)
        assert browser.get(f"/courses/{course.slug}/learn").status_code == 404, status
        assert browser.get(module_url(course, first)).status_code == 404, status
        assert browser.post(module_url(course, first) + "/complete").status_code == 404, status
    assert location_path(new_browser(app).get(module_url(course, first))) == "/auth/login"


def test_a_module_of_another_course_is_not_found(client, db_session, setup):
    stranger = cf.course(db_session, modules=1)
    db_session.commit()
    url = f"/courses/{setup['course'].slug}/modules/{stranger.modules[0].id}"
    assert client.get(url).status_code == 404
    assert client.post(url + "/complete").status_code == 404


def test_instructors_preview_modules_without_progress(app, db_session, setup):
    course, (first, _, _) = setup["course"], setup["modules"]
    staff = new_browser(app)
    staff.login(setup["instructor"])
    page = staff.get(module_url(course, first))
    assert page.status_code == 200
    assert progress_texts(page) == [] and "Mark as complete" not in text(page)


# --- Attachments -----------------------------------------------------------------------------------------


def test_attachments_are_for_enrolled_trainees_and_staff_only(app, client, db_session, setup, make):
    course, (first, optional, _) = setup["course"], setup["modules"]
    data = cf.pdf_bytes()
    attachment = ModuleAttachment(
        module_id=first.id,
        filename="Sorting guide.pdf",
        storage_key=storage().put(data, prefix="attachment", extension="pdf"),
        content_type="application/pdf",
        size=len(data),
    )
    db_session.add(attachment)
    institution = make.institution()
    course.institution_links.append(CourseInstitution(institution=institution, role="host"))
    db_session.commit()
    url = f"{module_url(course, first)}/attachments/{attachment.id}"

    assert "Sorting guide.pdf" in text(client.get(module_url(course, first)))
    response = client.get(url)
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Disposition"] == "attachment; filename*=UTF-8''Sorting%20guide.pdf"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    # Through the wrong module, it does not exist.
    assert client.get(f"{module_url(course, optional)}/attachments/{attachment.id}").status_code == 404

    assert location_path(new_browser(app).get(url)) == "/auth/login"
    outsiders = [
        fast_user(db_session),
        fast_user(db_session, roles=("instructor",)),
        fast_user(db_session, roles=("partner_admin",), institution_id=institution.id),
    ]
    pending = fast_user(db_session)
    cf.enrolment(db_session, pending, course, "pending")
    db_session.commit()
    for user in [*outsiders, pending]:
        browser = new_browser(app)
        browser.login(user)
        assert browser.get(url).status_code == 404
    staff = new_browser(app)
    staff.login(setup["instructor"])
    assert staff.get(url).status_code == 200


# --- Privacy ----------------------------------------------------------------------------------------------


def test_a_trainee_cannot_see_another_trainees_progress(client, db_session, setup):
    course = setup["course"]
    other = fast_user(db_session, name="Other Trainee")
    cf.progress(db_session, cf.enrolment(db_session, other, course, "active"), setup["modules"][0])
    db_session.commit()
    assert client.get(f"/courses/{course.slug}/enrolments").status_code == 404
    assert client.get(f"/courses/{course.slug}/enrolments?format=csv").status_code == 404
    assert "Other Trainee" not in text(client.get(f"/courses/{course.slug}"))
    assert "Other Trainee" not in text(client.get("/dashboard"))
