"""Marking (training.assessments.marking): automatic totals, essays graded with a rubric, audit records of
every grade change, regrading after a key is edited, which score counts, and when the review is shown."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal

import pytest

from tests import assessment_factories as af
from tests.helpers import audit_rows
from training.assessments import attempts, bank, builder, marking
from training.assessments.marking import MarkingError
from training.assessments.models import Assessment, Attempt

T0 = af.T0
MIN = timedelta(minutes=1)
RUBRIC = "Content: Poor=0; Good=2; Excellent=4\nStyle: Weak=0; Strong=1"  # at most 5 rubric points


@pytest.fixture
def teacher(db_session):
    return af.instructor(db_session)


@pytest.fixture
def course(db_session, teacher):
    return af.course(db_session, teacher)


def submitted(session, course, quiz, responses: dict[int, dict | None], *, user=None) -> Attempt:
    attempt = attempts.start(quiz, user or af.trainee(session, course), T0)
    attempts.save(attempt, responses, T0 + MIN)
    assert attempts.submit(attempt, T0 + 2 * MIN) is True
    return attempt


# --- Automatic grading -----------------------------------------------------------------------------------


def test_the_score_is_the_sum_of_item_points_times_fractions(db_session, course):
    plan = [  # type, item points, response, expected points
        ("single_choice", "4", {"choice": "o3"}, "2.00"),  # 50 %
        ("multiple_choice", "3", {"choices": ["o1"]}, "1.50"),  # one of two right options
        ("numeric", "2", {"value": " 3.145 "}, "2.00"),  # within the tolerance
        ("short_answer", "4", {"text": "TOKYO"}, "1.00"),  # the 25 % answer
        ("matching", "3", {"matches": {"o1": "Carbon dioxide", "o2": "Methane", "o3": "Ozone"}}, "2.00"),
        ("true_false", "1", {"value": False}, "0.00"),
        ("description", "5", None, "0.00"),  # carries no points at all
    ]
    quiz = af.assessment(course, publish=False, shuffle_options=False, passing_score=Decimal("50"))
    for qtype, points, _response, _expected in plan:
        builder.add_question(None, quiz, af.question(course, qtype), points=Decimal(points))
    builder.set_status(None, quiz, "published")
    attempt = submitted(db_session, course, quiz, {n: p[2] for n, p in enumerate(plan, start=1)})
    assert [a.score for a in attempt.answers] == [Decimal(p[3]) for p in plan]
    assert [a.points for a in attempt.answers][-1] == 0
    assert (attempt.status, attempt.score, attempt.max_score) == ("graded", Decimal("8.50"), Decimal("17"))
    assert attempt.percent == Decimal("50.00") and attempt.passed is True  # the passing score itself passes
    assert not any(a.needs_grading for a in attempt.answers)
    entry = audit_rows(db_session, "attempt.submit")[-1]
    assert (entry.object_id, entry.details["score"], entry.details["status"]) == (attempt.id, "8.50", "graded")


def test_wrong_answers_fail_against_the_passing_score(db_session, course):
    quiz = af.assessment(
        course, [af.question(course, t) for t in ("true_false", "numeric")], passing_score=Decimal("60")
    )
    attempt = submitted(db_session, course, quiz, {1: af.RIGHT["true_false"], 2: af.WRONG["numeric"]})
    assert (attempt.score, attempt.percent, attempt.passed) == (1, 50, False)


# --- Essays and rubrics ----------------------------------------------------------------------------------


@pytest.fixture
def essay_quiz(course, teacher):
    rubric = builder.save_rubric(teacher, course, None, "Essay rubric", RUBRIC)
    quiz = af.assessment(course, publish=False, passing_score=Decimal("60"))
    builder.add_question(teacher, quiz, af.question(course, "true_false"))
    builder.add_question(teacher, quiz, af.question(course, "essay"), points=Decimal("10"), rubric=rubric)
    builder.set_status(teacher, quiz, "published")
    return quiz, rubric


def test_an_essay_waits_for_a_grader_then_the_rubric_decides(db_session, course, teacher, essay_quiz):
    quiz, rubric = essay_quiz
    attempt = submitted(db_session, course, quiz, {1: {"value": True}, 2: af.RIGHT["essay"]})
    essay = attempt.answers[1]
    assert (attempt.status, attempt.score, attempt.percent, attempt.passed) == ("awaiting_grading", None, None, None)
    assert essay.needs_grading is True and essay.score is None
    assert marking.queue(course) == [essay]
    assert marking.review_shown(quiz, attempt, T0 + 3 * MIN) is False

    with pytest.raises(MarkingError, match="Style"):
        marking.grade_answer(teacher, essay, feedback="", rubric=rubric, choices={"c1": "l2"})
    marking.grade_answer(teacher, essay, feedback=" Clear. ", rubric=rubric, choices={"c1": "l2", "c2": "l2"})
    assert (essay.score, essay.feedback, essay.rubric_choices) == (Decimal("6.00"), "Clear.", {"c1": "l2", "c2": "l2"})
    assert (essay.needs_grading, essay.graded_by_id, essay.rubric_id) == (False, teacher.id, rubric.id)
    assert (attempt.status, attempt.score, attempt.percent, attempt.passed) == ("graded", 7, Decimal("63.64"), True)
    assert marking.queue(course) == []

    graded = audit_rows(db_session, "answer.grade")[-1]
    assert (graded.actor_id, graded.object_id) == (teacher.id, essay.id)
    assert (graded.details["old"], graded.details["new"], graded.details["rubric_id"]) == (None, "6.00", rubric.id)
    total = audit_rows(db_session, "attempt.grade")[-1]
    assert (total.details["old_status"], total.details["old"]) == ("awaiting_grading", None)
    assert (total.details["new_status"], total.details["new"]) == ("graded", "7.00")

    # A change of mind: lower levels, the attempt now fails; the audit keeps both grades.
    marking.grade_answer(teacher, essay, feedback="Thin.", rubric=rubric, choices={"c1": "l1", "c2": "l2"})
    assert (essay.score, attempt.score, attempt.passed) == (Decimal("2.00"), 3, False)
    regraded = audit_rows(db_session, "answer.grade")[-1]
    assert (regraded.details["old"], regraded.details["new"]) == ("6.00", "2.00")
    assert (
        audit_rows(db_session, "attempt.grade")[-1].details["old"],
        audit_rows(db_session, "attempt.grade")[-1].details["new"],
    ) == ("7.00", "3.00")


def test_grades_by_hand_are_bounded_and_need_a_submitted_attempt(db_session, course, teacher, essay_quiz):
    quiz, _rubric = essay_quiz
    running = attempts.start(quiz, af.trainee(db_session, course), T0)
    with pytest.raises(MarkingError, match="in progress"):
        marking.grade_answer(teacher, running.answers[1], feedback="", score=Decimal("1"))
    attempt = submitted(db_session, course, quiz, {2: af.RIGHT["essay"]})
    essay = attempt.answers[1]
    for score in (None, Decimal("-1"), Decimal("10.01")):
        with pytest.raises(MarkingError):
            marking.grade_answer(teacher, essay, feedback="", score=score)
    assert essay.needs_grading is True and audit_rows(db_session, "answer.grade") == []
    marking.grade_answer(teacher, essay, feedback="", score=Decimal("10"))
    assert (attempt.status, attempt.score) == ("graded", 10)


def test_an_empty_essay_earns_nothing_without_a_grader(db_session, course, essay_quiz):
    quiz, _rubric = essay_quiz
    attempt = submitted(db_session, course, quiz, {1: {"value": True}, 2: {"text": "   "}})
    assert (attempt.status, attempt.score, attempt.answers[1].needs_grading) == ("graded", 1, False)


@pytest.mark.parametrize(
    "text",
    [
        "Content: Good=NaN; Poor=0",
        "Content: Good=sNaN; Poor=0",
        "Content: Good=Infinity; Poor=0",
        "Content: Good=-1; Poor=0",
        "Content: Good=lots; Poor=0",
        "Content: Good=2",
        "No colon Good=2; Poor=0",
        "",
    ],
)
def test_a_malformed_rubric_is_refused_with_a_message(text):
    with pytest.raises(builder.BuildError):
        builder.parse_rubric(text)


def test_rubric_scores_scale_to_the_items_points(db_session, course, teacher):
    rubric = builder.save_rubric(teacher, course, None, "R", RUBRIC)
    assert rubric.max_points == 5
    assert marking.rubric_score(rubric, {"c1": "l3", "c2": "l2"}, Decimal("2")) == Decimal("2.00")
    assert marking.rubric_score(rubric, {"c1": "l2", "c2": "l1"}, Decimal("3")) == Decimal("1.20")
    assert marking.rubric_score(rubric, {"c1": "l1", "c2": "l1"}, Decimal("3")) == 0


# --- Regrading after a key changes -----------------------------------------------------------------------


def test_regrading_follows_the_new_key_but_keeps_human_grades(db_session, course, teacher):
    question = af.question(course, "single_choice")
    quiz = af.assessment(course, [question], points=Decimal("2"))
    right = submitted(db_session, course, quiz, {1: {"choice": "o1"}})
    partial = submitted(db_session, course, quiz, {1: {"choice": "o3"}})
    overridden = submitted(db_session, course, quiz, {1: {"choice": "o2"}})
    marking.grade_answer(teacher, overridden.answers[0], feedback="Accepted.", score=Decimal("2"))
    running = attempts.start(quiz, af.trainee(db_session, course), T0)
    attempts.save(running, {1: {"choice": "o3"}}, T0 + MIN)
    assert [a.score for a in (right, partial, overridden)] == [2, 1, 2]

    spec = copy.deepcopy(question.spec)
    spec["options"][0]["fraction"], spec["options"][2]["fraction"] = 0.0, 1.0  # the key moves from o1 to o3
    assert bank.key_changed(question, "single_choice", spec)
    fields = bank.QuestionFields(type="single_choice", name=question.name, prompt=question.prompt, spec=spec)
    bank.save_question(teacher, course, question, fields, category_name=question.category.name)
    assert bank.answered_attempt_count(question) == 3

    assert marking.regrade_question(teacher, question) == 2
    assert [a.score for a in (right, partial, overridden)] == [0, 2, 2]
    assert [a.passed for a in (right, partial, overridden)] == [False, True, True]
    assert running.in_progress and running.answers[0].score is None
    rows = audit_rows(db_session, "answer.regrade")
    assert {(r.object_id, r.details["old"], r.details["new"]) for r in rows} == {
        (right.answers[0].id, "2.00", "0.00"),
        (partial.answers[0].id, "1.00", "2.00"),
    }
    assert all(r.actor_id == teacher.id and r.details["question_id"] == question.id for r in rows)
    assert marking.regrade_question(teacher, question) == 0  # nothing left to change


def test_feedback_only_edits_are_not_key_changes(db_session, course):
    question = af.question(course, "single_choice")
    spec = copy.deepcopy(question.spec)
    spec["options"][1]["feedback"] = "Oxygen is not a greenhouse gas."
    assert not bank.key_changed(question, "single_choice", spec)
    assert bank.key_changed(question, "multiple_choice", spec)


# --- Which score counts; when the review shows ---------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", Decimal("85")), ("last", Decimal("70")), ("average", Decimal("78.33"))]
)
def test_counted_follows_the_grading_method(method, expected):
    assessment = Assessment(grading_method=method)
    graded = [Attempt(number=n, percent=Decimal(p)) for n, p in ((3, "70"), (1, "80"), (2, "85"))]
    assert marking.counted(assessment, graded) == expected
    assert marking.counted(assessment, []) is None
    assert marking.counted(assessment, [Attempt(number=1, percent=None)]) is None


CLOSES = T0 + 60 * MIN


@pytest.mark.parametrize(
    ("policy", "closes", "status", "now", "shown"),
    [
        ("after_submit", CLOSES, "graded", T0, True),
        ("after_submit", None, "awaiting_grading", T0, False),
        ("after_submit", None, "in_progress", T0, False),
        ("after_close", CLOSES, "graded", CLOSES - MIN, False),
        ("after_close", CLOSES, "graded", CLOSES, True),
        ("after_close", CLOSES, "awaiting_grading", CLOSES + MIN, False),
        ("after_close", None, "graded", CLOSES, False),  # no close date: answers stay hidden
        ("never", CLOSES, "graded", CLOSES + MIN, False),
    ],
)
def test_review_shown_for_each_policy(policy, closes, status, now, shown):
    assessment = Assessment(review_policy=policy, closes_at=closes)
    assert marking.review_shown(assessment, Attempt(status=status), now) is shown
