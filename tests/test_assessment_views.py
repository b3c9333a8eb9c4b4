"""Assessment pages over HTTP: writing each question type in the form, regrade offered after a key edit, GIFT
import refusing bad files (with line numbers, nothing imported by halves, non-UTF-8 named), the take page
hiding the key, autosave after the deadline refused, grading forms that do not leak between trainees, and
trainees seeing only their own grades."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import course_factories as cf
from tests.helpers import fast_user, location_path, text
from training.assessments import attempts as rules
from training.assessments import bank, builder
from training.assessments.models import QUESTION_TYPES, Attempt, Question
from training.audit.models import AuditLog
from training.db import utcnow


@pytest.fixture
def staff(client, db_session):
    instructor = fast_user(db_session, roles=("instructor",), name="Ina Instructor")
    course = cf.course(db_session, instructors=[instructor], modules=1, title="Air quality")
    db_session.commit()
    client.login(instructor)
    return instructor, course


ROWS = {
    "single_choice": [("Prevention", "100", "Right"), ("Disposal", "0", "No")],
    "multiple_choice": [("PM2.5", "50", ""), ("Ozone", "50", ""), ("Noise", "-50", "Not an air pollutant")],
    "short_answer": [("methane", "100", ""), ("CH4", "100", "")],
}


def _form(qtype: str, **extra) -> dict:
    data = {
        "prompt": f"A **{qtype}** question?",
        "prompt_format": "markdown",
        "points": "2",
        "module_id": "0",
        "category": "Air/Basics",
        "name": f"My {qtype}",
        "truth": "false",
        "shuffle": "y",
    }
    for i, (answer, weight, feedback) in enumerate(ROWS.get(qtype, [])):
        data.update({f"answers-{i}-text": answer, f"answers-{i}-fraction": weight, f"answers-{i}-feedback": feedback})
    if qtype == "numeric":
        data.update(
            {
                "answers-0-text": "3.5",
                "answers-0-tolerance": "0.5",
                "answers-0-fraction": "100",
                "answers-1-low": "1",
                "answers-1-high": "2",
                "answers-1-fraction": "50",
            }
        )
    if qtype == "matching":
        for i, (left, right) in enumerate([("CO2", "Climate"), ("SO2", "Acid rain"), ("", "Noise")]):
            data.update({f"answers-{i}-text": left, f"answers-{i}-match": right})
    data.update(extra)
    return data


@pytest.mark.parametrize("qtype", QUESTION_TYPES)
def test_each_type_is_written_in_the_form(client, db_session, staff, qtype):
    _, course = staff
    assert client.get(f"/courses/{course.slug}/questions/new?type={qtype}").status_code == 200
    response = client.post(f"/courses/{course.slug}/questions/new?type={qtype}", data=_form(qtype))
    assert response.status_code == 302, text(response)
    question = db_session.scalar(select(Question).where(Question.course_id == course.id))
    assert question.type == qtype and question.category.name == "Air/Basics"
    assert question.objectives == course.objectives  # no module, nothing ticked: the course's
    if qtype == "numeric":
        assert question.spec["answers"][0]["value"] == 3.5 and question.spec["answers"][1]["low"] == 1.0
    if qtype == "true_false":
        assert question.spec["answer"] is False
    if qtype == "matching":
        assert [p["left"] for p in question.spec["pairs"]] == ["CO2", "SO2", ""]
    edit = client.get(f"/courses/{course.slug}/questions/{question.id}/edit")
    assert edit.status_code == 200 and question.name in text(edit)


def test_a_broken_question_keeps_what_was_typed_and_says_why(client, db_session, staff):
    _, course = staff
    data = _form("multiple_choice", **{"answers-1-fraction": "20"})
    response = client.post(f"/courses/{course.slug}/questions/new?type=multiple_choice", data=data)
    assert response.status_code == 400
    page = text(response)
    assert "100" in page and "Ozone" in page and "A **multiple_choice** question?" in page
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0


def test_changing_the_key_offers_a_regrade_and_the_regrade_is_audited(client, db_session, staff):
    instructor, course = staff
    question = bank.save_question(
        instructor,
        course,
        None,
        bank.QuestionFields(
            type="true_false",
            name="Methane",
            prompt="Landfills emit methane.",
            spec={"answer": False, "feedback_true": "", "feedback_false": ""},
        ),
        category_name="Air",
    )
    assessment = builder.save_assessment(instructor, course, None, builder.Settings(title="Quiz"))
    builder.add_question(instructor, assessment, question)
    builder.set_status(instructor, assessment, "published")
    trainee = fast_user(db_session)
    cf.enrolment(db_session, trainee, course, "active")
    attempt = rules.start(assessment, trainee, utcnow())
    rules.save(attempt, {1: {"value": True}}, utcnow())
    rules.submit(attempt, utcnow())
    db_session.commit()
    assert attempt.score == 0
    response = client.post(
        f"/courses/{course.slug}/questions/{question.id}/edit",
        data=_form("true_false", truth="true", name="Methane", prompt="Landfills emit methane."),
    )
    assert location_path(response) == f"/courses/{course.slug}/questions/{question.id}/regrade"
    assert "1 submitted attempt" in text(client.get(location_path(response)))
    client.post(f"/courses/{course.slug}/questions/{question.id}/regrade")
    db_session.refresh(attempt)
    assert attempt.score == 1 and attempt.passed
    audit = db_session.scalar(select(AuditLog).where(AuditLog.action == "answer.regrade"))
    assert audit.actor_id == instructor.id and (audit.details["old"], audit.details["new"]) == ("0.00", "1.00")


def _upload(client, course, data: bytes):
    return client.post(
        f"/courses/{course.slug}/questions/import",
        data={"file": (io.BytesIO(data), "bank.gift"), "category": ""},
        content_type="multipart/form-data",
    )


def test_a_gift_file_with_bad_questions_imports_nothing_and_names_the_lines(client, db_session, staff):
    _, course = staff
    gift = b"::Good::Is air clean? {T}\n\n::Bad::Pick one {=a ~b\n\n::Bad weight::Choose {~%150%a =b}\n"
    response = _upload(client, course, gift)
    assert response.status_code == 400
    page = text(response)
    assert "Line 3" in page and "nothing has been imported" in page
    assert 'name="token"' not in page
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0


def test_a_file_that_is_not_utf8_is_refused_with_a_message_that_says_so(client, db_session, staff):
    _, course = staff
    response = _upload(client, course, "::Café::Le café est-il chaud ? {T}".encode("cp1252"))
    assert response.status_code == 400 and "UTF-8" in text(response)
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0


def test_an_empty_upload_and_a_forged_token_are_refused(client, db_session, staff):
    _, course = staff
    assert client.post(f"/courses/{course.slug}/questions/import", data={}).status_code == 400
    forged = client.post(f"/courses/{course.slug}/questions/import/confirm", data={"token": "../../etc.gift"})
    assert forged.status_code == 400
    other = client.post(f"/courses/{course.slug}/questions/import/confirm", data={"token": "gift999999-abc.gift"})
    assert other.status_code == 400


def test_an_expired_upload_sends_the_instructor_back_to_upload_it_again(client, db_session, staff):
    _, course = staff
    expired = client.post(
        f"/courses/{course.slug}/questions/import/confirm", data={"token": f"gift{course.id}-gone.gift"}
    )
    assert expired.status_code == 302
    assert location_path(expired) == f"/courses/{course.slug}/questions/import"
    assert "That upload has expired. Please upload the file again." in text(client.get(location_path(expired)))
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0


def test_export_then_import_gives_the_same_questions(client, db_session, staff):
    instructor, course = staff
    for qtype in ("single_choice", "multiple_choice", "numeric", "matching", "true_false", "essay"):
        client.post(f"/courses/{course.slug}/questions/new?type={qtype}", data=_form(qtype))
    exported = client.get(f"/courses/{course.slug}/questions/export").get_data()
    other = cf.course(db_session, instructors=[instructor], modules=0, title="Copy")
    db_session.commit()
    preview = _upload(client, other, exported)
    assert preview.status_code == 200
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1].split('"')[0]
    client.post(f"/courses/{other.slug}/questions/import/confirm", data={"token": token})

    def shape(course_id):
        rows = db_session.scalars(select(Question).where(Question.course_id == course_id).order_by(Question.name))
        return [(q.type, q.name, q.prompt, q.prompt_format, q.spec, q.category.name) for q in rows]

    assert shape(other.id) == shape(course.id)


@pytest.fixture
def quiz(db_session, staff):
    instructor, course = staff
    fields = bank.QuestionFields(
        type="single_choice",
        name="Top",
        prompt="Top of the hierarchy?",
        spec={
            "options": [
                {"id": "o1", "text": "Prevention", "fraction": 1.0, "feedback": "SECRET-RIGHT"},
                {"id": "o2", "text": "Disposal", "fraction": 0.0, "feedback": "SECRET-WRONG"},
            ],
            "shuffle": True,
        },
    )
    choice = bank.save_question(instructor, course, None, fields, category_name="Air")
    essay = bank.save_question(
        instructor,
        course,
        None,
        bank.QuestionFields(type="essay", name="Plan", prompt="Write a plan."),
        category_name="Air",
    )
    rubric = builder.save_rubric(instructor, course, None, "Plan", "Depth: Thin=0; Deep=2\nUse: None=0; Some=1")
    assessment = builder.save_assessment(
        instructor, course, None, builder.Settings(title="Quiz", time_limit_minutes=10)
    )
    builder.add_question(instructor, assessment, choice)
    builder.add_question(instructor, assessment, essay, rubric=rubric)
    builder.set_status(instructor, assessment, "published")
    trainees = [fast_user(db_session, name=name) for name in ("Ann Ant", "Bob Bee")]
    for trainee in trainees:
        cf.enrolment(db_session, trainee, course, "active")
    db_session.commit()
    return instructor, course, assessment, trainees


def test_the_take_page_never_shows_the_key_and_late_saves_are_refused(client, db_session, quiz):
    _, course, assessment, (ann, _) = quiz
    client.logout()
    client.login(ann)
    client.post(f"/courses/{course.slug}/assessments/{assessment.id}/start")
    attempt = db_session.scalar(select(Attempt).where(Attempt.user_id == ann.id))
    page = text(client.get(f"/courses/{course.slug}/attempts/{attempt.id}"))
    assert "Prevention" in page and "SECRET" not in page and "fraction" not in page
    essay_pos = next(a.position for a in attempt.answers if a.question.type == "essay")
    client.post(
        f"/courses/{course.slug}/attempts/{attempt.id}/save",
        data={f"q{essay_pos}": "Saved before time ran out."},
        headers={"Accept": "application/json"},
    )
    attempt.deadline = utcnow() - timedelta(seconds=1)  # the server's clock passes the deadline
    db_session.commit()
    late = client.post(
        f"/courses/{course.slug}/attempts/{attempt.id}/save",
        data={f"q{essay_pos}": "Typed after the deadline."},
        headers={"Accept": "application/json"},
    )
    assert late.status_code == 409 and late.json["closed"] is True
    db_session.refresh(attempt)
    essay = next(a for a in attempt.answers if a.question.type == "essay")
    assert attempt.status == "awaiting_grading" and attempt.closed_by_timer
    assert essay.response == {"text": "Saved before time ran out."}


def test_grading_one_trainee_after_another_does_not_carry_scores_over(client, db_session, quiz):
    instructor, course, assessment, trainees = quiz
    for trainee in trainees:
        attempt = rules.start(assessment, trainee, utcnow())
        essay = next(a for a in attempt.answers if a.question.type == "essay")
        rules.save(attempt, {essay.position: {"text": f"Essay by {trainee.name}"}}, utcnow())
        rules.submit(attempt, utcnow())
    db_session.commit()
    queue = client.get(f"/courses/{course.slug}/grading")
    first_id = int(text(queue).split("/grading/")[1].split('"')[0])
    first = client.get(f"/courses/{course.slug}/grading/{first_id}")
    assert "Essay by Ann Ant" in text(first) and "Bob Bee" not in text(first).split("Grading")[-1]
    done = client.post(
        f"/courses/{course.slug}/grading/{first_id}",
        data={"criterion_c1": "l2", "criterion_c2": "l2", "feedback": "Excellent, Ann.", "next": "1"},
    )
    second_url = location_path(done)
    assert second_url != f"/courses/{course.slug}/grading"
    second = text(client.get(second_url))
    assert "Essay by Bob Bee" in second
    assert "Excellent, Ann." not in second and "checked" not in second  # a fresh form: no level chosen


def test_a_trainee_sees_only_their_own_grades_and_attempts(client, db_session, quiz):
    _, course, assessment, (ann, bob) = quiz
    bob_attempt = rules.start(assessment, bob, utcnow())
    rules.submit(bob_attempt, utcnow())
    db_session.commit()
    client.logout()
    client.login(ann)
    mine = text(client.get(f"/courses/{course.slug}/gradebook"))
    assert "My grades" in mine and "Bob Bee" not in mine
    for suffix in ("", "/review", "/save", "/submit"):
        url = f"/courses/{course.slug}/attempts/{bob_attempt.id}{suffix}"
        response = client.post(url) if suffix in ("/save", "/submit") else client.get(url)
        assert response.status_code == 404
    assert client.get(f"/courses/{course.slug}/grading").status_code == 404
    assert client.get(f"/courses/{course.slug}/gradebook?format=csv").get_data(as_text=True).count("Bob") == 0


def test_a_binary_file_is_refused_as_not_a_gift_file(client, db_session, staff):
    _, course = staff
    response = _upload(client, course, b"::A::Is it? {T}\x00\x00")
    assert response.status_code == 400 and "NUL" in text(response)
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0


def test_a_trainees_assessment_list_reads_their_attempts_in_one_query(client, db_session, staff, count_queries):
    """The list shows each assessment's last attempt; its queries do not grow with the number of assessments."""
    instructor, course = staff
    question = bank.save_question(
        instructor, course, None, bank.QuestionFields(type="essay", name="Plan", prompt="Plan?"), category_name="A"
    )
    trainee = fast_user(db_session, name="Ann Ant")
    cf.enrolment(db_session, trainee, course, "active")

    def publish(n: int) -> None:
        for i in range(n):
            assessment = builder.save_assessment(instructor, course, None, builder.Settings(title=f"Quiz {i}"))
            builder.add_question(instructor, assessment, question)
            builder.set_status(instructor, assessment, "published")
            rules.start(assessment, trainee, utcnow())
        db_session.commit()

    def queries() -> int:
        client.get(f"/courses/{course.slug}/assessments")
        db_session.expire_all()
        with count_queries() as seen:
            page = client.get(f"/courses/{course.slug}/assessments")
        assert page.status_code == 200
        return len(seen), text(page)

    client.logout()
    client.login(trainee)
    publish(2)
    few, page = queries()
    assert page.count("1 attempt") == 2
    publish(6)
    many, page = queries()
    assert page.count("1 attempt") == 8
    assert many == few
