"""The issue's journey over HTTP: an instructor imports a GIFT file, builds a timed quiz with an essay and a
rubric, a trainee takes it (saving as they go, resuming, submitting once), the instructor grades the essay
with the rubric, and the gradebook and its CSV show the right course grade. Then the trainee's view."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from tests import course_factories as cf
from tests.helpers import fast_user, location_path, text
from training.assessments.models import Assessment, Attempt, AttemptAnswer, Question, Rubric
from training.audit.models import AuditLog

GIFT = """\
$CATEGORY: Waste/Basics

::Hierarchy::[markdown]Which option sits **at the top** of the waste hierarchy?
{=Prevention#Right. ~Recycling#Two steps lower. ~Disposal#The last resort.}

::Methane::Landfills emit methane. {T}

::Share::What share of municipal waste is organic in many Asian cities, in percent? {#50:10}

::Essay::Describe a first 3R plan for your city. {}
"""


def _token(response) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]+)"', text(response)).group(1)


@pytest.fixture
def world(client, db_session):
    instructor = fast_user(db_session, roles=("instructor",), name="Ina Instructor")
    course = cf.course(db_session, instructors=[instructor], modules=1, title="Waste basics")
    trainee = fast_user(db_session, name="Tara Trainee")
    cf.enrolment(db_session, trainee, course, "active")
    db_session.commit()
    return {"instructor": instructor, "trainee": trainee, "course": course}


def test_import_build_take_grade_and_gradebook(client, db_session, world):
    course, base = world["course"], f"/courses/{world['course'].slug}"
    client.login(world["instructor"])

    # 1. Import: a preview first, nothing saved until confirmed.
    upload = {"file": (io.BytesIO(GIFT.encode()), "quiz.gift"), "category": "Imported"}
    preview = client.post(f"{base}/questions/import", data=upload, content_type="multipart/form-data")
    assert preview.status_code == 200 and "Methane" in text(preview)
    assert db_session.scalar(select(Question.id).where(Question.course_id == course.id)) is None
    done = client.post(f"{base}/questions/import/confirm", data={"token": _token(preview), "category": "Imported"})
    assert location_path(done) == f"{base}/questions"
    questions = {q.name: q for q in db_session.scalars(select(Question).where(Question.course_id == course.id))}
    assert set(questions) == {"Hierarchy", "Methane", "Share", "Essay"}
    assert questions["Hierarchy"].category.name == "Waste/Basics"

    # 2. A rubric and a timed quiz with the four questions.
    client.post(
        f"{base}/rubrics/new",
        data={"title": "Plan quality", "criteria": "Evidence: None=0; Some=1; Strong=2\nFeasibility: Weak=0; Good=2"},
    )
    rubric = db_session.scalar(select(Rubric).where(Rubric.course_id == course.id))
    assert rubric.max_points == 4
    response = client.post(
        f"{base}/assessments/new",
        data={
            "title": "Quiz 1",
            "module_id": "0",
            "passing_score": "60",
            "max_attempts": "2",
            "time_limit_minutes": "30",
            "late_policy": "refuse",
            "late_penalty": "0",
            "grading_method": "highest",
            "review_policy": "after_submit",
            "weight": "1",
            "shuffle_options": "y",
        },
    )
    assessment = db_session.scalar(select(Assessment).where(Assessment.course_id == course.id))
    assert location_path(response) == f"{base}/assessments/{assessment.id}/edit"
    for name in ("Hierarchy", "Methane", "Share", "Essay"):
        data = {
            "kind": "question",
            "q-question_id": str(questions[name].id),
            "q-points": "2",
            "q-rubric_id": str(rubric.id) if name == "Essay" else "0",
        }
        client.post(f"{base}/assessments/{assessment.id}/items", data=data)
    client.post(f"{base}/assessments/{assessment.id}/status", data={"status": "published"})
    db_session.refresh(assessment)
    assert assessment.published and len(assessment.items) == 4

    # 3. The trainee starts, saves one answer, leaves, resumes, and submits twice.
    client.logout()
    client.login(world["trainee"])
    started = client.post(f"{base}/assessments/{assessment.id}/start")
    attempt = db_session.scalar(select(Attempt).where(Attempt.user_id == world["trainee"].id))
    take_url = f"{base}/attempts/{attempt.id}"
    assert location_path(started) == take_url
    page = client.get(take_url)
    assert 'role="timer"' in text(page) and "Question 4" in text(page)
    positions = {a.question.name: a.position for a in attempt.answers}
    hierarchy = questions["Hierarchy"].spec["options"]
    right = next(o["id"] for o in hierarchy if o["fraction"] == 1)
    saved = client.post(
        f"{take_url}/save", data={f"q{positions['Hierarchy']}": right}, headers={"Accept": "application/json"}
    )
    assert saved.status_code == 200 and saved.json["answered"] == [positions["Hierarchy"]]
    again = client.post(f"{base}/assessments/{assessment.id}/start")  # a second start resumes
    assert location_path(again) == take_url
    assert f'value="{right}" checked' in text(client.get(take_url))
    answers = {
        f"q{positions['Methane']}": "true",
        f"q{positions['Share']}": "45",
        f"q{positions['Essay']}": "Separate organics first; compost them in each district.",
    }
    client.post(f"{take_url}/submit", data=answers)
    client.post(f"{take_url}/submit", data={f"q{positions['Methane']}": "false"})  # ignored
    db_session.refresh(attempt)
    assert attempt.status == "awaiting_grading"
    assert db_session.query(AuditLog).filter_by(action="attempt.submit", object_id=attempt.id).count() == 1
    review = client.get(f"{base}/attempts/{attempt.id}/review")
    assert "waiting for an instructor" in text(review)

    # 4. The instructor grades the essay with the rubric.
    client.logout()
    client.login(world["instructor"])
    queue = client.get(f"{base}/grading")
    essay = db_session.scalar(select(AttemptAnswer).where(AttemptAnswer.needs_grading.is_(True)))
    assert "Tara Trainee" in text(queue)
    graded = client.post(
        f"{base}/grading/{essay.id}",
        data={"criterion_c1": "l2", "criterion_c2": "l2", "feedback": "Good start; add figures."},
    )
    assert location_path(graded) == f"{base}/grading"
    db_session.refresh(attempt)
    # 2 + 2 + 2 (45 within 50 ± 10) + essay 3/4 of 2 = 7.5 of 8
    assert attempt.status == "graded" and str(attempt.score) == "7.50" and attempt.passed
    grade_audit = db_session.query(AuditLog).filter_by(action="answer.grade", object_id=essay.id).one()
    assert grade_audit.details["old"] is None and grade_audit.details["new"] == "1.50"

    # 5. Gradebook and CSV.
    book = client.get(f"{base}/gradebook")
    assert "Tara Trainee" in text(book) and "93.8 %" in text(book)
    exported = client.get(f"{base}/gradebook?format=csv")
    rows = list(csv.reader(io.StringIO(exported.get_data(as_text=True))))
    assert rows[0] == ["name", "email", "country", "Quiz 1", "course_grade", "result"]
    assert rows[1][0] == "Tara Trainee" and rows[1][3] == "93.75" and rows[1][4:] == ["93.75", "pass"]

    # 6. The trainee sees their own grades and the grader's feedback, nobody else's.
    client.logout()
    client.login(world["trainee"])
    mine = client.get(f"{base}/gradebook")
    assert "My grades" in text(mine) and "93.8 %" in text(mine)
    assert "Good start; add figures." in text(client.get(f"{base}/attempts/{attempt.id}/review"))
