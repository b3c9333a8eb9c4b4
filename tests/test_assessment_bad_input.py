"""Bad input on every assessment form, filter and answer: a clear message and a 4xx (or a refusal with a
message), never a 500; and answers in any shape are stored safely or not at all."""

from __future__ import annotations

import pytest

from tests import assessment_factories as af
from tests import course_factories as cf
from tests.helpers import build_world, fast_user
from tests.test_bad_input import HOSTILE, _sweep
from training.assessments import attempts as rules
from training.assessments import builder
from training.db import utcnow


@pytest.fixture
def admin_world(client, db_session):
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("admin",)))
    return world


def _forms(world) -> list[tuple[str, dict]]:
    base = f"/courses/{world.course.slug}"
    quiz = world.quiz
    question = {
        "prompt": "Which gas?",
        "prompt_format": "markdown",
        "points": "1",
        "module_id": "0",
        "category": "A/B",
        "name": "Gas",
        "answers-0-text": "Methane",
        "answers-0-fraction": "100",
        "answers-0-feedback": "Yes",
        "answers-1-text": "Argon",
        "answers-1-fraction": "0",
        "answers-0-id": "o1",
        "shuffle": "y",
    }
    numeric = {
        "prompt": "How much?",
        "points": "1",
        "module_id": "0",
        "answers-0-text": "3",
        "answers-0-tolerance": "0.5",
        "answers-0-fraction": "100",
        "answers-1-low": "1",
        "answers-1-high": "2",
        "answers-1-fraction": "50",
    }
    settings = {
        "title": "Quiz",
        "module_id": "0",
        "passing_score": "60",
        "max_attempts": "2",
        "time_limit_minutes": "30",
        "opens_at": "2026-01-01T09:00",
        "closes_at": "2026-12-01T09:00",
        "late_policy": "penalty",
        "late_penalty": "10",
        "grading_method": "average",
        "review_policy": "after_close",
        "weight": "2",
    }
    return [
        (f"{base}/questions/new?type=single_choice", question),
        (f"{base}/questions/new?type=numeric", numeric),
        (f"{base}/questions/{quiz.question.id}/edit", {"prompt": "Explain.", "points": "2", "module_id": "0"}),
        (f"{base}/assessments/new", settings),
        (f"{base}/assessments/{quiz.assessment.id}/settings", settings),
        (f"{base}/rubrics/new", {"title": "R", "criteria": "Depth: Thin=0; Deep=2"}),
        (f"{base}/grading/{quiz.answer.id}", {"criterion_c1": "l2", "feedback": "Good"}),
    ]


def test_hostile_values_in_every_assessment_form_never_cause_a_500(client, db_session, admin_world):
    assert _sweep(client, _forms(admin_world)) == []


def test_hostile_values_in_redirecting_forms_never_cause_a_500(client, db_session, admin_world):
    base = f"/courses/{admin_world.course.slug}"
    quiz = admin_world.quiz
    token = client.csrf_token()
    for url, valid in [
        (f"{base}/questions/categories", {"name": "New/Cat"}),
        (
            f"{base}/assessments/{quiz.assessment.id}/items",
            {"kind": "question", "q-question_id": "1", "q-points": "1", "q-rubric_id": "0"},
        ),
        (
            f"{base}/assessments/{quiz.assessment.id}/items",
            {
                "kind": "draw",
                "d-category_id": str(quiz.category.id),
                "d-count": "1",
                "d-points": "1",
                "d-rubric_id": "0",
            },
        ),
        (f"{base}/assessments/{quiz.assessment.id}/status", {"status": "published"}),
    ]:
        for field in valid:
            for value in HOSTILE:
                response = client.post(url, {**valid, field: value, "csrf_token": token})
                assert response.status_code < 500, (url, field, value[:20])


def test_hostile_filter_values_never_cause_a_500(client, db_session, admin_world):
    base = f"/courses/{admin_world.course.slug}"
    for value in HOSTILE + ["²", "-1", "%00"]:
        for url, params in [
            (f"{base}/questions", {"category": value}),
            (f"{base}/questions", {"type": value}),
            (f"{base}/questions", {"page": value}),
            (f"{base}/questions/export", {"category": value}),
            (f"{base}/gradebook", {"q": value}),
            (f"{base}/gradebook", {"result": value, "sort": value}),
            (f"{base}/gradebook", {"page": value}),
            (f"{base}/gradebook", {"format": "csv", "q": value}),
            (f"{base}/questions/new", {"type": value}),
        ]:
            response = client.get(url, query_string=params)
            assert response.status_code in (200, 404), (url, params, response.status_code)


def test_hostile_answers_are_stored_safely_or_not_at_all(client, db_session):
    instructor = fast_user(db_session, roles=("instructor",))
    course = cf.course(db_session, instructors=[instructor], modules=0)
    assessment = builder.save_assessment(instructor, course, None, builder.Settings(title="Everything"))
    for qtype in af.TYPES:
        builder.add_question(instructor, assessment, af.question(course, qtype, actor=instructor))
    builder.set_status(instructor, assessment, "published")
    trainee = fast_user(db_session)
    cf.enrolment(db_session, trainee, course, "active")
    attempt = rules.start(assessment, trainee, utcnow())
    db_session.commit()
    client.login(trainee)
    url = f"/courses/{course.slug}/attempts/{attempt.id}"
    for value in HOSTILE:
        data = {f"q{a.position}": value for a in attempt.answers}
        data.update({f"q{a.position}-o1": value for a in attempt.answers})
        data.update({f"q{a.position}-present": "1" for a in attempt.answers})
        response = client.post(f"{url}/save", data, headers={"Accept": "application/json"})
        assert response.status_code == 200, (value[:20], response.status_code)
    response = client.post(f"{url}/submit", {f"q{a.position}": "\x00" for a in attempt.answers})
    assert response.status_code == 302
    db_session.refresh(attempt)
    assert attempt.status == "awaiting_grading"  # the essay holds text; everything else graded 0
    assert all(a.score == 0 for a in attempt.answers if a.question.type != "essay")
