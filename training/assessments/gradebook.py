"""The gradebook: trainees × assessments, the weighted course grade, pass or fail.

A fixed number of queries whatever the number of trainees: the assessments,
the enrolled trainees, and the graded attempts of one batch of trainees.
The CSV export walks the trainees in batches and yields lines as it goes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from training.assessments import attempts as attempt_rules
from training.assessments.builder import course_assessments
from training.assessments.marking import counted
from training.assessments.models import Assessment, Attempt, AttemptStatus
from training.auth.models import User
from training.courses.models import SEAT_HOLDING, Enrolment
from training.extensions import db
from training.spreadsheet import csv_line

BATCH = 500
SORTS = ("name", "-name", "grade", "-grade")
RESULTS = ("pass", "fail", "incomplete")


@dataclass(slots=True)  # one per trainee and assessment: tens of thousands for a sort by grade
class Cell:
    percent: Decimal | None = None  # what counts, by the assessment's grading method
    attempts: int = 0
    pending: bool = False  # an attempt awaits grading
    passed: bool | None = None


@dataclass
class Row:
    user: User
    cells: dict[int, Cell] = field(default_factory=dict)
    grade: Decimal | None = None  # weighted course grade, percent
    result: str = "incomplete"  # pass, fail or incomplete


@dataclass
class Filters:
    q: str = ""
    result: str = ""
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> Filters:
        result = args.get("result", "")
        sort = args.get("sort", "name")
        return cls(
            q=args.get("q", "").replace("\x00", "").strip()[:100],  # PostgreSQL refuses NUL in text
            result=result if result in RESULTS else "",
            sort=sort if sort in SORTS else "name",
        )


def course_grade(assessments: list[Assessment], cells: dict[int, Cell]) -> tuple[Decimal | None, str]:
    """Weighted mean of the counted percents (missing counts as 0) and the result.

    The trainee passes when every weighted assessment is passed; fails when one
    is failed and no attempt is left pending; otherwise it is incomplete.
    """
    weighted = [a for a in assessments if a.weight > 0]
    if not weighted:
        return None, "incomplete"
    total_weight = sum((a.weight for a in weighted), Decimal(0))
    grade = sum(((cells[a.id].percent or Decimal(0)) * a.weight for a in weighted), Decimal(0)) / total_weight
    grade = grade.quantize(Decimal("0.01"))
    if all(cells[a.id].passed for a in weighted):
        return grade, "pass"
    if any(cells[a.id].passed is False for a in weighted) and not any(cells[a.id].pending for a in weighted):
        return grade, "fail"
    return grade, "incomplete"


def _trainees(course, filters: Filters, descending: bool = False):
    order = (func.lower(User.name).desc(), User.id.desc()) if descending else (func.lower(User.name), User.id)
    stmt = (
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.course_id == course.id, Enrolment.status.in_(SEAT_HOLDING))
        .order_by(*order)
        .options(lazyload(User.role_rows))  # roles play no part here
    )
    if filters.q:
        # autoescape: a % or _ typed by the user is searched for, not used as a wildcard.
        needle = filters.q.lower()
        stmt = stmt.where(
            func.lower(User.name).contains(needle, autoescape=True)
            | func.lower(User.email).contains(needle, autoescape=True)
        )
    return stmt


def _rows(assessments: list[Assessment], users: list[User]) -> list[Row]:
    rows = {u.id: Row(user=u, cells={a.id: Cell() for a in assessments}) for u in users}
    by_id = {a.id: a for a in assessments}
    graded: dict[tuple[int, int], list] = defaultdict(list)  # rows with .number and .percent, as counted() reads
    user_ids = list(rows) if assessments else []
    awaiting = AttemptStatus.AWAITING_GRADING.value
    for start in range(0, len(user_ids), BATCH):  # one query per BATCH trainees: bounded IN lists
        # The five columns the grades need, not Attempt objects: a cohort's attempts are tens of thousands of rows.
        submitted = db.session.execute(
            select(Attempt.user_id, Attempt.assessment_id, Attempt.status, Attempt.number, Attempt.percent).where(
                Attempt.assessment_id.in_(by_id),
                Attempt.user_id.in_(user_ids[start : start + BATCH]),
                Attempt.status != AttemptStatus.IN_PROGRESS.value,
            )
        )
        for attempt in submitted:
            user_id, assessment_id, status = attempt[0], attempt[1], attempt[2]  # by position: faster than by name
            cell = rows[user_id].cells[assessment_id]
            cell.attempts += 1
            if status == awaiting:
                cell.pending = True
            else:
                graded[(user_id, assessment_id)].append(attempt)
    for (user_id, assessment_id), attempts in graded.items():
        cell = rows[user_id].cells[assessment_id]
        assessment = by_id[assessment_id]
        cell.percent = counted(assessment, attempts)
        cell.passed = None if cell.percent is None else cell.percent >= assessment.passing_score
    for row in rows.values():
        row.grade, row.result = course_grade(assessments, row.cells)
    return list(rows.values())


@dataclass
class Gradebook:
    assessments: list[Assessment]
    rows: list[Row]
    total: int


def close_overdue(course, now: datetime, user=None, assessments=None) -> int:
    """Close the course's attempts (only ``user``'s, if given) whose time is up; callers commit before reading
    the gradebook. ``assessments``: the course's published assessments, when the caller has them already."""
    if assessments is None:
        assessments = course_assessments(course, published_only=True)
    return attempt_rules.close_expired(now, [a.id for a in assessments], getattr(user, "id", None))


def build(course, filters: Filters, page: int = 1, per_page: int = 50) -> Gradebook:
    """One page of the filtered, sorted gradebook, and the number of trainees it holds.

    Sorted by name with no result filter, the page is cut in SQL and only its trainees are graded; sorting
    by grade or filtering by result needs every trainee's grade, so those grade the whole cohort.
    """
    assessments = course_assessments(course, published_only=True)
    if not filters.result and filters.sort in ("name", "-name"):
        stmt = _trainees(course, filters, descending=filters.sort == "-name")
        total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        users = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)))
        return Gradebook(assessments, _rows(assessments, users), total)
    rows = _rows(assessments, list(db.session.scalars(_trainees(course, filters))))
    if filters.result:
        rows = [r for r in rows if r.result == filters.result]
    if filters.sort.lstrip("-") == "grade":
        sign = -1 if filters.sort.startswith("-") else 1
        rows.sort(key=lambda r: (r.grade is None, sign * (r.grade or 0)))  # no grade last either way
    elif filters.sort == "-name":
        rows.reverse()
    return Gradebook(assessments, rows[(page - 1) * per_page : page * per_page], len(rows))


def own_row(course, user) -> tuple[list[Assessment], Row]:
    assessments = course_assessments(course, published_only=True)
    return assessments, _rows(assessments, [user])[0]


def csv_lines(course, filters: Filters, now: datetime) -> Iterator[str]:
    """The gradebook as CSV, one batch of trainees at a time."""
    assessments = course_assessments(course, published_only=True)
    if close_overdue(course, now, assessments=assessments):
        db.session.commit()
    header = ["name", "email", "country"] + [a.title for a in assessments] + ["course_grade", "result"]
    yield csv_line(header)
    offset = 0
    while True:
        users = list(db.session.scalars(_trainees(course, filters).limit(BATCH).offset(offset)))
        if not users:
            return
        for row in _rows(assessments, users):
            if filters.result and row.result != filters.result:
                continue
            cells = ["" if row.cells[a.id].percent is None else str(row.cells[a.id].percent) for a in assessments]
            grade = "" if row.grade is None else str(row.grade)
            yield csv_line([row.user.name, row.user.email, row.user.country or ""] + cells + [grade, row.result])
        offset += BATCH
