"""Attempts (training.assessments.attempts): start and resume, attempt limits, open and close dates, the
late policy, the server-side timer, random draws and shuffles, response cleaning, submitting once.

The service clock is passed in (``now``), so the tests move time by hand from ``af.T0``. Racing starts
and submits are in test_assessment_concurrency.py.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import assessment_factories as af
from training.assessments import attempts, builder
from training.assessments.attempts import AttemptError, clean_response
from training.assessments.models import Attempt

T0 = af.T0
MIN = timedelta(minutes=1)


submit_audits = af.submit_audits


@pytest.fixture
def course(db_session):
    return af.course(db_session)


@pytest.fixture
def trainee(db_session, course):
    return af.trainee(db_session, course)


def two_point_quiz(course, **settings):
    """A true/false and a single choice question, 1 point each, in that order."""
    return af.assessment(
        course,
        [af.question(course, "true_false"), af.question(course, "single_choice")],
        shuffle_options=False,
        **settings,
    )


# --- Start, resume, limits, dates ------------------------------------------------------------------------


def test_start_builds_the_attempt_and_a_second_start_resumes_it(db_session, course, trainee):
    quiz = af.quiz_of_every_type(course)
    first = attempts.start(quiz, trainee, T0)
    assert (first.number, first.status, first.started_at, first.deadline) == (1, "in_progress", T0, None)
    assert [a.question.type for a in first.answers] == list(af.TYPES)
    assert [a.points for a in first.answers] == [1, 1, 1, 1, 1, 1, 1, 0]  # the description carries nothing
    assert first.max_score == 7
    again = attempts.start(quiz, trainee, T0 + 5 * MIN)
    assert again.id == first.id
    assert db_session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_max_attempts_refuses_a_third_start(db_session, course, trainee):
    quiz = two_point_quiz(course, max_attempts=2)
    for number in (1, 2):
        attempt = attempts.start(quiz, trainee, T0)
        assert attempt.number == number
        assert attempts.submit(attempt, T0 + MIN) is True
    with pytest.raises(AttemptError, match="used all your attempts"):
        attempts.start(quiz, trainee, T0 + 2 * MIN)
    assert len(attempts.attempts_of(quiz, trainee)) == 2


def test_nothing_starts_before_the_open_date_or_after_the_close_date_under_refuse(db_session, course, trainee):
    quiz = two_point_quiz(course, opens_at=T0, closes_at=T0 + 60 * MIN, late_policy="refuse")
    with pytest.raises(AttemptError, match="not open yet"):
        attempts.start(quiz, trainee, T0 - MIN)
    with pytest.raises(AttemptError, match="closed"):
        attempts.start(quiz, trainee, T0 + 60 * MIN)
    assert attempts.start(quiz, trainee, T0).late is False


def test_a_late_start_under_penalty_is_accepted_and_the_penalty_comes_off_the_score(db_session, course, trainee):
    quiz = af.assessment(
        course,
        [af.question(course, "true_false", points=Decimal("10"))],
        closes_at=T0,
        late_policy="penalty",
        late_penalty=Decimal("20"),
        passing_score=Decimal("85"),
    )
    attempt = attempts.start(quiz, trainee, T0 + 60 * MIN)
    assert attempt.late is True and attempt.deadline is None
    attempts.save(attempt, {1: {"value": True}}, T0 + 61 * MIN)
    assert attempts.submit(attempt, T0 + 62 * MIN) is True
    assert (attempt.status, attempt.score, attempt.max_score, attempt.percent) == ("graded", 8, 10, 80)
    assert attempt.passed is False  # 80 % after the penalty, 85 % needed
    assert submit_audits(db_session, attempt)[0].details["late"] is True


def test_an_attempt_started_in_time_but_submitted_after_the_close_date_is_late(db_session, course, trainee):
    quiz = two_point_quiz(course, closes_at=T0 + 10 * MIN, late_policy="penalty", late_penalty=Decimal("50"))
    attempt = attempts.start(quiz, trainee, T0)
    assert attempt.late is False and attempt.deadline is None  # no cap under "penalty"
    attempts.save(attempt, {1: {"value": True}, 2: {"choice": "o1"}}, T0 + MIN)
    attempts.submit(attempt, T0 + 20 * MIN)
    assert (attempt.late, attempt.score, attempt.percent) == (True, 1, 50)


# --- The server-side timer -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "closes", "policy", "expected"),
    [
        (30, None, "refuse", T0 + 30 * MIN),
        (30, T0 + 10 * MIN, "refuse", T0 + 10 * MIN),  # capped at the close date
        (30, T0 + 10 * MIN, "penalty", T0 + 30 * MIN),  # late work is accepted: no cap
        (30, T0 + 90 * MIN, "refuse", T0 + 30 * MIN),
        (None, T0 + 10 * MIN, "refuse", T0 + 10 * MIN),
        (None, T0 + 10 * MIN, "penalty", None),
        (None, None, "refuse", None),
    ],
)
def test_the_deadline_is_start_plus_the_time_limit(db_session, course, trainee, limit, closes, policy, expected):
    quiz = two_point_quiz(course, time_limit_minutes=limit, closes_at=closes, late_policy=policy)
    attempt = attempts.start(quiz, trainee, T0)
    db_session.expire_all()
    assert db_session.get(Attempt, attempt.id).deadline == expected


def test_saving_after_the_deadline_is_refused_and_closes_the_attempt_with_what_was_saved(db_session, course, trainee):
    quiz = two_point_quiz(course, time_limit_minutes=10)
    attempt = attempts.start(quiz, trainee, T0)
    assert attempts.save(attempt, {1: {"value": True}}, T0 + 5 * MIN) == 1
    with pytest.raises(AttemptError, match="Time is up"):
        attempts.save(attempt, {1: {"value": False}, 2: {"choice": "o1"}}, T0 + 10 * MIN)
    db_session.commit()  # as the view does: the closing is kept
    db_session.expire_all()
    attempt = db_session.get(Attempt, attempt.id)
    assert (attempt.status, attempt.closed_by_timer, attempt.submitted_at) == ("graded", True, T0 + 10 * MIN)
    assert [(a.response, a.score) for a in attempt.answers] == [({"value": True}, 1), (None, 0)]
    assert attempt.score == 1
    assert submit_audits(db_session, attempt)[0].details["by_timer"] is True
    with pytest.raises(AttemptError, match="submitted"):
        attempts.save(attempt, {2: {"choice": "o1"}}, T0 + 11 * MIN)


def test_submitting_after_the_deadline_is_refused_but_the_saved_answers_count(db_session, course, trainee):
    quiz = two_point_quiz(course, time_limit_minutes=10)
    attempt = attempts.start(quiz, trainee, T0)
    attempts.save(attempt, {2: {"choice": "o1"}}, T0 + MIN)
    with pytest.raises(AttemptError, match="Time is up"):
        attempts.submit(attempt, T0 + 10 * MIN + timedelta(seconds=1))
    assert (attempt.status, attempt.closed_by_timer, attempt.score) == ("graded", True, 1)
    assert len(submit_audits(db_session, attempt)) == 1


def test_close_expired_closes_overdue_attempts_only(db_session, course):
    timed, untimed = two_point_quiz(course, time_limit_minutes=10), two_point_quiz(course)
    late, early, open_ended = (af.trainee(db_session, course) for _ in range(3))
    overdue = attempts.start(timed, late, T0)
    running = attempts.start(timed, early, T0 + 5 * MIN)
    forever = attempts.start(untimed, open_ended, T0)
    assert attempts.close_expired(T0 + 12 * MIN) == 1
    assert attempts.close_expired(T0 + 12 * MIN) == 0
    assert attempts.close_expired(T0 + 20 * MIN, [untimed.id]) == 0  # only these assessments
    assert (overdue.status, overdue.closed_by_timer, running.status, forever.status) == (
        "graded",
        True,
        "in_progress",
        "in_progress",
    )
    assert attempts.close_expired(T0 + 20 * MIN) == 1
    assert running.status == "graded" and running.submitted_at == T0 + 15 * MIN


# --- Random draws and shuffles ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_draws_are_distinct_come_from_the_category_and_never_repeat_a_fixed_question(db_session, course, seed):
    pool = [af.question(course, "true_false", category="Energy/Pool") for _ in range(6)]
    fixed = pool[0]
    quiz = af.assessment(course, [fixed], publish=False)
    category = pool[0].category
    builder.add_draw(None, quiz, category, 2, Decimal("2"))
    builder.add_draw(None, quiz, category, 3, Decimal("3"))
    builder.set_status(None, quiz, "published")
    attempt = attempts.start(quiz, af.trainee(db_session, course), T0, random.Random(seed))
    ids = [a.question_id for a in attempt.answers]
    assert ids[0] == fixed.id and len(ids) == 6 == len(set(ids))
    assert set(ids) <= {q.id for q in pool}
    assert [a.points for a in attempt.answers] == [1, 2, 2, 3, 3, 3]
    assert attempt.max_score == 14


def test_draws_that_the_category_cannot_fill_without_repeats_block_publishing(db_session, course):
    pool = [af.question(course, "true_false", category="Small") for _ in range(3)]
    quiz = af.assessment(course, [pool[0]], publish=False)
    builder.add_draw(None, quiz, pool[0].category, 2, Decimal("1"))
    assert builder.publish_problems(quiz) == []
    builder.add_draw(None, quiz, pool[0].category, 1, Decimal("1"))  # 1 fixed + 2 + 1 drawn > 3 questions
    with pytest.raises(builder.BuildError, match="holds fewer than 4 questions"):
        builder.set_status(None, quiz, "published")
    builder.remove_item(None, quiz, quiz.items[0])
    builder.set_status(None, quiz, "published")
    attempt = attempts.start(quiz, af.trainee(db_session, course), T0, random.Random(1))
    assert len(attempt.answers) == 3 and attempt.max_score == builder.total_points(quiz)


def test_draws_vary_between_trainees(db_session, course):
    pool = [af.question(course, "true_false", category="Pool") for _ in range(8)]
    quiz = af.assessment(course, publish=False)
    builder.add_draw(None, quiz, pool[0].category, 3, Decimal("1"))
    builder.set_status(None, quiz, "published")
    drawn = {
        tuple(a.question_id for a in attempts.start(quiz, af.trainee(db_session, course), T0, random.Random(s)).answers)
        for s in range(5)
    }
    assert len(drawn) > 1


def test_question_and_option_shuffles_are_stored_and_stable_within_the_attempt(db_session, course, trainee):
    questions = [af.question(course, t) for t in ("single_choice", "multiple_choice", "matching", "true_false")]
    quiz = af.assessment(course, questions, shuffle_questions=True, shuffle_options=True)
    attempt = attempts.start(quiz, trainee, T0, random.Random(7))
    shown = [(a.question_id, a.option_order) for a in attempt.answers]
    assert sorted(q for q, _ in shown) == sorted(q.id for q in questions)
    orders = {a.question.type: a.option_order for a in attempt.answers}
    assert sorted(orders["single_choice"]) == ["o1", "o2", "o3", "o4"]
    assert sorted(orders["multiple_choice"]) == ["o1", "o2", "o3", "o4"]
    assert sorted(orders["matching"]) == ["Carbon dioxide", "Methane", "Nitrous oxide", "Ozone"]  # distractor too
    assert orders["true_false"] is None
    # Resuming, or reading the attempt back, shows the very same order.
    assert [(a.question_id, a.option_order) for a in attempts.start(quiz, trainee, T0 + MIN).answers] == shown
    db_session.expire_all()
    assert [(a.question_id, a.option_order) for a in db_session.get(Attempt, attempt.id).answers] == shown
    # The same seed gives the same shuffle; other seeds give others.
    other = af.trainee(db_session, course)
    assert [(a.question_id, a.option_order) for a in attempts.start(quiz, other, T0, random.Random(7)).answers] == shown
    orders = set()
    for seed in range(8):
        a = attempts.start(quiz, af.trainee(db_session, course), T0, random.Random(seed))
        orders.add(tuple((x.question_id, tuple(x.option_order or ())) for x in a.answers))
    assert len(orders) > 1


def test_options_keep_the_authors_order_when_shuffling_is_off(db_session, course, trainee):
    no_shuffle = dict(af.SPECS["single_choice"], shuffle=False)
    questions = [af.question(course, "single_choice", spec=no_shuffle), af.question(course, "multiple_choice")]
    quiz = af.assessment(course, questions, shuffle_options=True)
    attempt = attempts.start(quiz, trainee, T0, random.Random(3))
    assert attempt.answers[0].option_order == ["o1", "o2", "o3", "o4"]  # the question's own setting wins
    quiz.shuffle_options = False
    later = attempts.start(quiz, af.trainee(db_session, course), T0, random.Random(3))
    assert [a.option_order for a in later.answers] == [["o1", "o2", "o3", "o4"]] * 2


# --- Responses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qtype", "raw"),
    [
        ("single_choice", None),
        ("single_choice", "o1"),
        ("single_choice", ["o1"]),
        ("single_choice", {"choice": 1}),
        ("single_choice", {"choices": ["o1"]}),
        ("multiple_choice", {"choices": "o1"}),
        ("multiple_choice", {"choice": "o1"}),
        ("true_false", {"value": "true"}),
        ("true_false", {"value": 1}),
        ("numeric", {"value": 3.14}),
        ("numeric", {"value": "   "}),
        ("short_answer", {"value": "Kyoto"}),
        ("short_answer", {"text": ["Kyoto"]}),
        ("matching", {"matches": ["Methane"]}),
        ("matching", {"matches": {"o1": 5, "o2": ""}}),
        ("matching", {"matches": {1: "Methane"}}),
        ("essay", {"text": None}),
        ("essay", {"text": " \n "}),
        ("description", {"text": "anything"}),
    ],
)
def test_clean_response_turns_malformed_shapes_into_not_answered(qtype, raw):
    assert clean_response(qtype, raw) is None


def test_clean_response_keeps_the_expected_shape_within_bounds():
    assert clean_response("single_choice", {"choice": "o1", "extra": 1}) == {"choice": "o1"}
    assert clean_response("multiple_choice", {"choices": ["o2", "o1", "o2", 7]}) == {"choices": ["o1", "o2"]}
    assert clean_response("true_false", {"value": False}) == {"value": False}
    assert clean_response("numeric", {"value": " 1e3 "}) == {"value": " 1e3 "}
    assert clean_response("short_answer", {"text": "x" * 500}) == {"text": "x" * 200}
    assert clean_response("matching", {"matches": {"o1": "Methane", "o2": ""}}) == {"matches": {"o1": "Methane"}}
    assert clean_response("essay", {"text": "y" * 30_000}) == {"text": "y" * attempts.MAX_TEXT}


def test_save_ignores_unknown_positions_and_descriptions(db_session, course, trainee):
    quiz = af.quiz_of_every_type(course)
    attempt = attempts.start(quiz, trainee, T0)
    assert attempts.save(attempt, {8: {"text": "hi"}, 99: {"value": True}, 3: {"value": "yes"}}, T0) == 1
    assert attempt.answers[2].response is None and attempt.answers[7].response is None


# --- Submitting once -------------------------------------------------------------------------------------


def test_a_second_submit_changes_nothing(db_session, course, trainee):
    quiz = two_point_quiz(course)
    attempt = attempts.start(quiz, trainee, T0)
    attempts.save(attempt, {1: {"value": True}}, T0 + MIN)
    assert attempts.submit(attempt, T0 + 2 * MIN) is True
    assert attempts.submit(attempt, T0 + 3 * MIN) is False
    assert (attempt.status, attempt.score, attempt.submitted_at) == ("graded", 1, T0 + 2 * MIN)
    assert len(submit_audits(db_session, attempt)) == 1


def test_at_the_deadline_itself_save_and_submit_both_refuse(db_session, course, trainee):
    quiz = two_point_quiz(course, time_limit_minutes=10)
    attempt = attempts.start(quiz, trainee, T0)
    with pytest.raises(AttemptError, match="Time is up"):
        attempts.submit(attempt, T0 + 10 * MIN)
    assert attempt.closed_by_timer
    # A repeated submit after the deadline is a quiet no-op, not a second refusal or a second grading.
    assert attempts.submit(attempt, T0 + 11 * MIN) is False
    assert len(submit_audits(db_session, attempt)) == 1


def test_answers_after_the_close_date_need_a_close_date(db_session, course):
    with pytest.raises(builder.BuildError, match="close date") as refused:
        builder.save_assessment(None, course, None, builder.Settings(title="Quiz", review_policy="after_close"))
    assert refused.value.field == "closes_at"
