"""The gradebook (training.assessments.gradebook): the weighted course grade, pass / fail / incomplete,
filters and sorts, the CSV export (with spreadsheet formulas neutralised), and a query count that does not
grow with the number of trainees."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest

from tests import assessment_factories as af
from tests import course_factories as cf
from tests.helpers import fast_user, users_in_bulk
from training.assessments import attempts, gradebook
from training.assessments.gradebook import Cell, Filters
from training.assessments.models import Assessment, Attempt
from training.spreadsheet import csv_line

T0 = af.T0


def graded(session, assessment, user, percent, *, number=1, status="graded") -> Attempt:
    """An attempt row as marking leaves it (no answers: the gradebook reads the attempt's totals only)."""
    percent = None if percent is None else Decimal(percent)
    attempt = Attempt(
        assessment_id=assessment.id,
        user_id=user.id,
        number=number,
        status=status,
        started_at=T0,
        submitted_at=T0,
        max_score=Decimal("100"),
        score=percent,
        percent=percent,
        passed=None if percent is None else percent >= assessment.passing_score,
    )
    session.add(attempt)
    return attempt


# --- The course grade, without a database ----------------------------------------------------------------


def rule_set():
    a = Assessment(id=1, weight=Decimal("2"), passing_score=Decimal("60"))
    b = Assessment(id=2, weight=Decimal("1"), passing_score=Decimal("50"))
    c = Assessment(id=3, weight=Decimal("0"), passing_score=Decimal("90"))
    return [a, b, c]


@pytest.mark.parametrize(
    ("cells", "grade", "result"),
    [
        ({1: Cell(Decimal("80"), 1, False, True), 2: Cell(Decimal("70"), 1, False, True)}, "76.67", "pass"),
        ({1: Cell(Decimal("80"), 1, False, True), 2: Cell()}, "53.33", "incomplete"),  # missing counts as 0
        ({1: Cell(Decimal("40"), 1, False, False), 2: Cell(Decimal("90"), 1, False, True)}, "56.67", "fail"),
        ({1: Cell(Decimal("40"), 1, False, False), 2: Cell(None, 1, True, None)}, "26.67", "incomplete"),  # pending
        ({1: Cell(Decimal("40"), 2, True, False), 2: Cell(Decimal("90"), 1, False, True)}, "56.67", "incomplete"),
        ({1: Cell(), 2: Cell()}, "0.00", "incomplete"),
    ],
)
def test_course_grade_is_the_weighted_mean_and_weight_zero_is_left_out(cells, grade, result):
    cells[3] = Cell(Decimal("0"), 1, False, False)  # a failed weight-0 assessment changes nothing
    assert gradebook.course_grade(rule_set(), cells) == (Decimal(grade), result)


def test_without_weighted_assessments_there_is_no_grade():
    only_practice = [Assessment(id=1, weight=Decimal("0"), passing_score=Decimal("50"))]
    assert gradebook.course_grade(only_practice, {1: Cell(Decimal("100"), 1, False, True)}) == (None, "incomplete")
    assert gradebook.course_grade([], {}) == (None, "incomplete")


def test_filters_from_query_arguments_keep_only_known_values():
    assert Filters.from_args({"q": "  Ann ", "result": "pass", "sort": "-grade"}) == Filters("Ann", "pass", "-grade")
    assert Filters.from_args({"result": "drop table", "sort": "email"}) == Filters("", "", "name")
    assert len(Filters.from_args({"q": "x" * 500}).q) == 100


# --- A small class -------------------------------------------------------------------------------------


@pytest.fixture
def klass(db_session):
    """Five trainees in a course with assessments weighted 2, 1 and 0 (a draft is ignored)."""
    course = af.course(db_session)
    quiz = lambda title, weight, passing: af.assessment(  # noqa: E731
        course, [af.question(course, "true_false")], title=title, weight=Decimal(weight), passing_score=Decimal(passing)
    )
    a, b, c = quiz("Unit A", "2", "60"), quiz("+SUM(1,2)", "1", "50"), quiz("Practice", "0", "90")
    af.assessment(course, [af.question(course, "true_false")], title="Draft", publish=False)
    names = ["Ann Lee", "Ben Ito", "Cat Wong", "Dan Kim", "Eve Sato"]
    people = {n.split()[0]: af.trainee(db_session, course, name=n) for n in names}
    people["Eve"].email = "eve_sato@example.org"
    people["Ann"].email = "=cmd|' /c calc'!a0@example.org"
    graded(db_session, a, people["Ann"], "50")
    graded(db_session, a, people["Ann"], "80", number=2)  # the highest counts
    graded(db_session, b, people["Ann"], "70")
    graded(db_session, c, people["Ann"], "10")
    graded(db_session, a, people["Ben"], "80")
    graded(db_session, a, people["Cat"], "40")
    graded(db_session, b, people["Cat"], "90")
    graded(db_session, a, people["Dan"], "40")
    graded(db_session, b, people["Dan"], None, status="awaiting_grading")
    # Neither a withdrawn trainee nor an attempt still in progress shows up.
    gone = fast_user(db_session, name="Aaron Gone")
    cf.enrolment(db_session, gone, course, "withdrawn")
    graded(db_session, a, gone, "100")
    graded(db_session, a, people["Eve"], None, status="in_progress")
    db_session.flush()
    return course, (a, b, c), people


def names(book) -> list[str]:
    return [row.user.name.split()[0] for row in book.rows]


def test_build_shows_every_trainee_with_grades_and_results(db_session, klass):
    course, (a, b, c), _people = klass
    book = gradebook.build(course, Filters())
    assert [x.title for x in book.assessments] == ["Unit A", "+SUM(1,2)", "Practice"]
    assert (names(book), book.total) == (["Ann", "Ben", "Cat", "Dan", "Eve"], 5)
    summary = {row.user.name.split()[0]: (str(row.grade), row.result) for row in book.rows}
    assert summary == {
        "Ann": ("76.67", "pass"),
        "Ben": ("53.33", "incomplete"),
        "Cat": ("56.67", "fail"),
        "Dan": ("26.67", "incomplete"),
        "Eve": ("0.00", "incomplete"),
    }
    ann, dan, eve = book.rows[0], book.rows[3], book.rows[4]
    assert (ann.cells[a.id].percent, ann.cells[a.id].attempts, ann.cells[c.id].passed) == (80, 2, False)
    assert (dan.cells[b.id].pending, dan.cells[b.id].percent, dan.cells[b.id].attempts) == (True, None, 1)
    assert eve.cells[a.id] == Cell()  # an attempt in progress is not a grade
    assessments, own = gradebook.own_row(course, ann.user)
    assert (len(assessments), own.grade, own.result) == (3, Decimal("76.67"), "pass")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(result="pass"), ["Ann"]),
        (Filters(result="fail"), ["Cat"]),
        (Filters(result="incomplete"), ["Ben", "Dan", "Eve"]),
        (Filters(q="AN"), ["Ann", "Dan"]),  # name, any case
        (Filters(q="eve_sato@"), ["Eve"]),  # e-mail; "_" is an ordinary character
        (Filters(q="%"), []),  # and so is "%"
        (Filters(q="an", result="incomplete"), ["Dan"]),
        (Filters(sort="-name"), ["Eve", "Dan", "Cat", "Ben", "Ann"]),
        (Filters(sort="grade"), ["Eve", "Dan", "Ben", "Cat", "Ann"]),
        (Filters(sort="-grade"), ["Ann", "Cat", "Ben", "Dan", "Eve"]),
    ],
)
def test_filters_and_sorts(db_session, klass, filters, expected):
    course, _assessments, _people = klass
    book = gradebook.build(course, filters)
    assert (names(book), book.total) == (expected, len(expected))


def test_a_page_sorted_by_name_is_cut_in_sql_and_counts_every_trainee(db_session, klass):
    course, _assessments, _people = klass
    first, second = gradebook.build(course, Filters(), 1, 2), gradebook.build(course, Filters(), 2, 2)
    assert (names(first), names(second), first.total, second.total) == (["Ann", "Ben"], ["Cat", "Dan"], 5, 5)
    by_grade = gradebook.build(course, Filters(sort="-grade"), 2, 2)
    assert (names(by_grade), by_grade.total) == (["Ben", "Dan"], 5)


def test_overdue_attempts_are_closed_before_the_gradebook_is_read(db_session):
    course = af.course(db_session)
    quiz = af.assessment(course, [af.question(course, "true_false")], time_limit_minutes=10)
    attempt = attempts.start(quiz, af.trainee(db_session, course), T0)
    attempts.save(attempt, {1: {"value": True}}, T0 + timedelta(minutes=1))
    assert gradebook.close_overdue(course, T0 + timedelta(minutes=5)) == 0
    assert gradebook.build(course, Filters()).rows[0].cells[quiz.id] == Cell()
    assert gradebook.close_overdue(course, T0 + timedelta(minutes=10)) == 1
    cell = gradebook.build(course, Filters()).rows[0].cells[quiz.id]
    assert (cell.percent, cell.passed, cell.attempts) == (100, True, 1)
    assert attempt.closed_by_timer is True


def test_a_trainees_own_page_closes_only_their_own_overdue_attempts(db_session):
    """Opening one's grades must not grade (and audit, and certify) the rest of the cohort's timed-out attempts."""
    course = af.course(db_session)
    quiz = af.assessment(course, [af.question(course, "true_false")], time_limit_minutes=10)
    mine, theirs = (attempts.start(quiz, af.trainee(db_session, course), T0) for _ in range(2))
    late = T0 + timedelta(minutes=11)
    assert gradebook.close_overdue(course, late, mine.user) == 1
    assert (mine.in_progress, theirs.in_progress) == (False, True)
    assert gradebook.close_overdue(course, late) == 1  # staff's gradebook closes the rest
    assert theirs.in_progress is False


def test_the_csv_has_a_header_one_row_per_trainee_and_no_live_formulas(db_session, klass):
    course, _assessments, _people = klass
    lines = list(gradebook.csv_lines(course, Filters(), T0))
    assert all(line.endswith("\r\n") for line in lines)
    rows = list(csv.reader(io.StringIO("".join(lines))))
    assert rows[0] == ["name", "email", "country", "Unit A", "'+SUM(1,2)", "Practice", "course_grade", "result"]
    assert [r[0] for r in rows[1:]] == ["Ann Lee", "Ben Ito", "Cat Wong", "Dan Kim", "Eve Sato"]
    assert rows[1][1:] == ["'=cmd|' /c calc'!a0@example.org", "JP", "80.00", "70.00", "10.00", "76.67", "pass"]
    assert rows[4][3:] == ["40.00", "", "", "26.67", "incomplete"]
    passed_only = list(csv.reader(io.StringIO("".join(gradebook.csv_lines(course, Filters(result="pass"), T0)))))
    assert [r[0] for r in passed_only] == ["name", "Ann Lee"]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe(value):
    assert next(csv.reader(io.StringIO(csv_line([value, "ok"])))) == ["'" + value, "ok"]


# --- Query count ---------------------------------------------------------------------------------------


def class_of(session, size: int):
    course = af.course(session)
    quizzes = [af.assessment(course, [af.question(course, "true_false")], title=f"Q{n}") for n in range(2)]
    users = users_in_bulk(session, size, prefix=f"Size{size}")
    cf.enrolments_in_bulk(session, users, course)
    rows = []
    for i, user in enumerate(users):
        for quiz in quizzes:
            rows.append(
                Attempt(
                    assessment_id=quiz.id,
                    user_id=user.id,
                    number=1,
                    status="graded",
                    started_at=T0,
                    max_score=Decimal(1),
                    score=Decimal(i % 2),
                    percent=Decimal(100 * (i % 2)),
                    passed=bool(i % 2),
                )
            )
        if i % 3 == 0:
            rows.append(
                Attempt(
                    assessment_id=quizzes[0].id,
                    user_id=user.id,
                    number=2,
                    status="awaiting_grading",
                    started_at=T0,
                    max_score=Decimal(1),
                )
            )
    session.add_all(rows)
    session.flush()
    return course


def test_the_gradebook_takes_as_many_queries_for_500_trainees_as_for_10(db_session, count_queries):
    counts = {}
    for size in (10, 500):
        course = class_of(db_session, size)
        db_session.expire_all()
        with count_queries() as built:
            book = gradebook.build(course, Filters(sort="-grade"), per_page=size)
        with count_queries() as paged:
            gradebook.build(course, Filters(), per_page=50)
        with count_queries() as exported:
            csv_rows = sum(1 for _ in gradebook.csv_lines(course, Filters(), T0)) - 1
        assert book.total == csv_rows == size
        assert sum(1 for row in book.rows if row.result == "pass") == size // 2
        counts[size] = (len(built), len(paged), len(exported))
    assert counts[10] == counts[500], counts
    assert counts[500][0] <= 4, counts  # assessments, trainees, their attempts (one query per 500 trainees)


def test_the_gradebook_page_takes_as_many_queries_for_500_trainees_as_for_10(client, db_session, count_queries):
    from tests.helpers import fast_user

    client.login(fast_user(db_session, roles=("admin",)))
    counts = {}
    for size in (10, 500):
        course = class_of(db_session, size)
        db_session.commit()
        client.get(f"/courses/{course.slug}/gradebook")  # warm: the session's first request loads the user
        for query in ("", "?sort=-grade"):
            with count_queries() as page:
                response = client.get(f"/courses/{course.slug}/gradebook{query}")
            assert response.status_code == 200
            counts[(size, query)] = len(page)
    assert counts[(10, "")] == counts[(500, "")] and counts[(10, "?sort=-grade")] == counts[(500, "?sort=-grade")], (
        counts
    )
