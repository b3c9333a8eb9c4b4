"""Property tests: the report's numbers agree with the rows they come from, on SQLite and on PostgreSQL.

Hypothesis writes small random worlds (tests/test_reports_data.py) inside a savepoint, the report is
computed in SQL, and the same numbers are counted again in Python; the grades are checked against the
gradebook's own computation, course by course.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests import test_reports_data as data
from training.assessments import gradebook
from training.assessments.models import Assessment, Attempt
from training.auth.models import User
from training.courses.models import Course, Enrolment
from training.objectives.models import Objective
from training.reports import services

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


NO_FILTER = {"objective": "", "country": "", "sector": "", "from": None, "to": None, "measure": "certified"}


@SETTINGS
@given(world=data.worlds(), choice=st.data())
def test_counts_agree_with_the_rows(db_session, world, choice):
    """Everything, as an admin with no filter; then two random scopes and filter sets on the same rows."""
    data.ensure_sub_theme(db_session)
    savepoint = db_session.begin_nested()
    try:
        data.build(db_session, world)
        taxonomy = services.load_taxonomy("en")
        cases = [(("admin", 0, 0), NO_FILTER)]
        cases += [(choice.draw(data.scopes(world)), choice.draw(data.criteria_specs())) for _ in range(2)]
        for scope_spec, criteria_spec in cases:
            scope = data.scope_of(world, scope_spec)
            criteria = data.criteria_of(criteria_spec, taxonomy)
            want = data.expected(world, scope_spec, criteria_spec)
            report = services.people_counts(scope, criteria, taxonomy)
            assert data.actual(report) == want, (scope_spec, criteria_spec)

            # Countries and sectors split people into disjoint groups: their rows add up to the total.
            for rows in (report.countries, report.sectors):
                assert sum(r.enrolled for r in rows) == report.total.enrolled
                assert sum(r.certified for r in rows) == report.total.certified

            # The CSV says the same, line for line.
            assert _csv_numbers(services.csv_lines(scope, criteria, taxonomy)) == {
                key: value[:3] for key, value in want.items() if any(value[:3])
            }
    finally:
        savepoint.rollback()


def _csv_numbers(lines) -> dict[tuple, tuple[int, int, int]]:
    parsed = list(csv.DictReader(io.StringIO("".join(lines))))
    found = {}
    for line in parsed:
        assert list(line) == list(services.CSV_HEADER)
        key = {
            "total": ("total",),
            "objective": ("objective", line["objective"]),
            "country": ("country", line["country"]),
            "sector": ("sector", line["sector"]),
            "month": ("month", line["month"]),
            "objective_country": ("objective_country", line["objective"], line["country"]),
        }[line["breakdown"]]
        assert key not in found, f"{key} twice in the CSV"
        numbers = (int(line["enrolled"]), int(line["completed"]), int(line["certified"]))
        if any(numbers) or key == ("total",):
            found[key] = numbers
    return {key: value for key, value in found.items() if any(value)}


# --- Grades and pass rates, against the gradebook ----------------------------------------------------------

METHODS = ("highest", "last", "average")


@st.composite
def classes(draw):
    """Courses with assessments, trainees enrolled in them, and their attempts."""
    courses = draw(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(data.TAGS), min_size=1, max_size=2, unique=True),
                st.lists(
                    st.tuples(
                        st.sampled_from((1, 2, 1, 0)),  # weight
                        st.sampled_from((50, 60)),  # passing score
                        st.sampled_from(METHODS),
                        st.sampled_from((True, True, True, False)),  # published
                    ),
                    min_size=1,
                    max_size=2,
                ),
            ),
            min_size=1,
            max_size=2,
        )
    )
    trainees = draw(st.integers(1, 4))
    enrolments = []
    for t in range(trainees):
        for c, (_tags, assessments) in enumerate(courses):
            status = draw(st.sampled_from(("active", "completed", "active", "withdrawn", "pending", None)))
            if status is None:
                continue
            attempts = {
                a: draw(
                    st.lists(
                        st.tuples(
                            st.sampled_from(("graded", "graded", "graded", "awaiting_grading", "in_progress")),
                            st.integers(0, 100),
                        ).map(lambda a: a if a[0] == "graded" else (a[0], None)),
                        max_size=3,
                    )
                )
                for a in range(len(assessments))
            }
            enrolments.append((t, c, status, attempts))
    objective = draw(st.sampled_from(("", "material-cycle", data.SUB_THEME, "low-carbon")))
    return courses, trainees, enrolments, objective


def _build_classes(session, spec):
    courses_spec, trainees, enrolments, _objective = spec
    objectives = {o.code: o for o in session.scalars(select(Objective).where(Objective.code.in_(data.TAGS)))}
    n = next(data._seq)
    users = [User(email=f"grade{n}-{t}@example.org", name=f"Trainee {t}", password_hash="x") for t in range(trainees)]
    session.add_all(users)
    courses, assessments = [], []
    for c, (tags, quiz_specs) in enumerate(courses_spec):
        course = Course(slug=f"grades-{n}-{c}", title=f"Graded {c}", summary="s", status="published")
        course.objectives = [objectives[code] for code in tags]
        session.add(course)
        session.flush()
        courses.append(course)
        assessments.append(
            [
                Assessment(
                    course_id=course.id,
                    title=f"Quiz {a}",
                    weight=Decimal(weight),
                    passing_score=Decimal(passing),
                    grading_method=method,
                    status="published" if published else "draft",
                    position=a,
                )
                for a, (weight, passing, method, published) in enumerate(quiz_specs)
            ]
        )
        session.add_all(assessments[-1])
    session.flush()
    for t, c, status, attempts in enrolments:
        session.add(Enrolment(user_id=users[t].id, course_id=courses[c].id, status=status))
        for a, tries in attempts.items():
            for number, (state, percent) in enumerate(tries, start=1):
                session.add(
                    Attempt(
                        assessment_id=assessments[c][a].id,
                        user_id=users[t].id,
                        number=number,
                        status=state,
                        max_score=Decimal(100),
                        score=None if percent is None else Decimal(percent),
                        percent=None if percent is None else Decimal(percent),
                        passed=None if percent is None else percent >= assessments[c][a].passing_score,
                    )
                )
    session.flush()
    return courses


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@SETTINGS
@given(spec=classes())
def test_grades_and_pass_rates_agree_with_the_gradebook(db_session, spec):
    """With no filter, and with the drawn objective filter."""
    data.ensure_sub_theme(db_session)
    savepoint = db_session.begin_nested()
    try:
        courses = _build_classes(db_session, spec)
        taxonomy = services.load_taxonomy("en")
        books = {course.id: gradebook.build(course, gradebook.Filters(), per_page=100) for course in courses}
        for objective in dict.fromkeys(("", spec[3])):
            criteria = data.criteria_of(dict(NO_FILTER, objective=objective), taxonomy)
            report = services.people_counts(services.Scope(everything=True), criteria, taxonomy)
            grades, results = _from_gradebooks(courses, books, objective)
            for row, key in [(report.total, "total")] + [(row, row.key) for row in report.objectives]:
                marks, outcomes = grades.get(key, []), results.get(key, [])
                assert row.graded == len(marks), key
                if marks:
                    mean = sum(marks, Decimal(0)) / len(marks)
                    assert abs(row.average_grade - _tenth(mean)) <= Decimal("0.1"), (key, row.average_grade, mean)
                else:
                    assert row.average_grade is None, key
                assert row.passed == outcomes.count("pass"), key
                assert row.decided == outcomes.count("pass") + outcomes.count("fail"), key
    finally:
        savepoint.rollback()


def _from_gradebooks(courses, books, objective: str):
    """The gradebook is the reference: each studying trainee's course grade and result, by objective."""
    wanted = {code for code in data.TAGS if not objective or code == objective or data.ROOT[code] == objective}
    grades: dict[str, list[Decimal]] = defaultdict(list)
    results: dict[str, list[str]] = defaultdict(list)
    for course in courses:
        roots = {data.ROOT[o.code] for o in course.objectives if o.code in wanted}
        if not roots:
            continue
        book = books[course.id]
        for row in book.rows:
            # Averaged: the trainees with at least one counted result on a weighted assessment.
            graded = any(a.weight > 0 and row.cells[a.id].percent is not None for a in book.assessments)
            for key in roots | {"total"}:
                if graded:
                    grades[key].append(row.grade)
                results[key].append(row.result)
    return grades, results
