"""The report's numbers, computed in SQL with GROUP BY: a fixed number of queries whatever the data.

Definitions (the page states them too):

- **enrolled**: distinct people whose enrolment was accepted (status active, completed, or withdrawn
  afterwards) and *requested* in the period; pending, waitlisted and rejected requests do not count.
- **completed**: distinct people with an enrolment completed (status completed) in the period, dated by
  ``completed_at``.
- **certified**: distinct people with a certificate *issued* in the period, dated by ``issued_at``; a
  certificate since re-issued (status replaced) still counts at its first issue, revoked and pending ones
  do not.
- Every count is of distinct people within its bucket. A person in a course tagged with two objectives
  counts in both objectives' rows (and once in the total); someone enrolled in March and in May counts in
  both months. Country and sector are properties of the person, so those rows add up to the total.
- **objective**: the top-level CAI objectives of the course's own tags (``course_objectives``; a sub-theme
  counts for its top-level objective). With an objective filter, only the courses tagged with it (or with
  a sub-theme below it) count, and only for that objective.
- **country** is the trainee's profile country; **sector** that of the trainee's institution; people with
  neither are in the ``none`` bucket.
- **month**: ``YYYY-MM`` in UTC of the date that defines each count (requested, completed, issued); the
  ``from``/``to`` filter applies to those same dates.
- **completion rate**: of the enrolments counted as enrolled in the bucket, the share whose status is now
  completed (a cohort rate, so it never exceeds 100 %).
- **average course grade** and **pass rate**: over the enrolments studying the course (active or
  completed) requested in the period, each graded as in the gradebook (the weighted mean of the published
  assessments, a missing result counting as 0; passed when every weighted assessment is passed, failed
  when one is failed and none awaits grading). The average covers enrolments with at least one graded
  result; the pass rate is passed ÷ (passed + failed), enrolments not finished being left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import String, and_, case, distinct, false, func, literal_column, or_, select, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from training.assessments.course_results import course_results
from training.auth.models import Role, User
from training.certificates.models import Certificate, CertificateStatus
from training.courses.models import (
    SEAT_HOLDING,
    Course,
    Enrolment,
    EnrolmentStatus,
    course_instructors,
)
from training.courses.models import course_objectives as tags
from training.extensions import db
from training.institutions.models import SECTOR_VALUES, Institution
from training.objectives.models import Objective
from training.partners.services import linked_course_ids
from training.reports.filters import NONE, Criteria
from training.spreadsheet import csv_line

ENROLLED_STATUSES = (EnrolmentStatus.ACTIVE.value, EnrolmentStatus.COMPLETED.value, EnrolmentStatus.WITHDRAWN.value)
CERTIFIED_STATUSES = (CertificateStatus.ISSUED.value, CertificateStatus.REPLACED.value)
CSV_HEADER = (
    "breakdown",
    "objective",
    "country",
    "sector",
    "month",
    "enrolled",
    "completed",
    "certified",
    "completion_rate",
    "pass_rate",
    "average_grade",
)
TENTH = Decimal("0.1")


# --- Month buckets: one expression, two dialects ------------------------------------------------------


class month_of(FunctionElement):  # noqa: N801 - used like a SQL function
    """``'YYYY-MM'`` of a timestamp, in UTC."""

    type = String()
    name = "month_of"
    inherit_cache = True


@compiles(month_of, "sqlite")
def _month_sqlite(element, compiler, **kw):
    # SQLite keeps UTC timestamps as text ("2025-03-04 05:06:07.000000").
    return f"strftime('%Y-%m', {compiler.process(element.clauses, **kw)})"


@compiles(month_of)
def _month_postgresql(element, compiler, **kw):
    # timestamptz -> UTC wall time first: to_char would otherwise use the session's time zone.
    return f"to_char(timezone('UTC', {compiler.process(element.clauses, **kw)}), 'YYYY-MM')"


# --- The taxonomy, read once per report -----------------------------------------------------------------


class Taxonomy:
    """Every objective (one query), with the tree walked in Python: it has tens of rows, not thousands."""

    def __init__(self, objectives: list[Objective], locale: str):
        self.locale = locale
        self._by_id = {o.id: o for o in objectives}
        self._by_code = {o.code: o for o in objectives}
        self._children: dict[int | None, list[Objective]] = {}
        for o in objectives:
            self._children.setdefault(o.parent_id if o.parent_id in self._by_id else None, []).append(o)

    def by_code(self, code: str) -> Objective | None:
        return self._by_code.get(code)

    def roots(self) -> list[Objective]:
        return list(self._children.get(None, []))

    def _walk(self, parent_id: int | None, depth: int = 0) -> Iterator[tuple[Objective, int]]:
        for o in self._children.get(parent_id, []):
            yield o, depth
            yield from self._walk(o.id, depth + 1)

    def subtree(self, code: str) -> set[int]:
        top = self._by_code[code]
        return {top.id} | {o.id for o, _ in self._walk(top.id)}

    def root_of(self, code: str) -> Objective:
        o = self._by_code[code]
        while o.parent_id in self._by_id:
            o = self._by_id[o.parent_id]
        return o

    def title(self, o: Objective) -> str:
        return o.localized("title", self.locale)

    def choices(self) -> list[tuple[Objective, str]]:
        return [(o, self.title(o)) for o, _depth in self._walk(None)]


def load_taxonomy(locale: str) -> Taxonomy:
    return Taxonomy(list(db.session.scalars(select(Objective).order_by(Objective.position, Objective.id))), locale)


# --- Who sees which courses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The courses a report covers: all (admins), or those linked to an institution and/or taught by a user."""

    everything: bool = False
    institution_id: int | None = None
    instructor_id: int | None = None

    def condition(self, course_id):
        if self.everything:
            return None
        parts = []
        if self.institution_id is not None:
            parts.append(course_id.in_(linked_course_ids(self.institution_id)))
        if self.instructor_id is not None:
            taught = select(course_instructors.c.course_id).where(course_instructors.c.user_id == self.instructor_id)
            parts.append(course_id.in_(taught))
        return or_(*parts) if parts else false()


def scope_for(user) -> Scope:
    """Admins: every course. Partner admins: the courses their institution is linked to, in any role.
    Instructors: the courses they teach. Someone with both roles sees both sets."""
    if user.has_role(Role.ADMIN):
        return Scope(everything=True)
    return Scope(
        institution_id=user.institution_id if user.has_role(Role.PARTNER_ADMIN) else None,
        instructor_id=user.id if user.has_role(Role.INSTRUCTOR) else None,
    )


def _course_conditions(scope: Scope, criteria: Criteria, course_id) -> list:
    conditions = []
    in_scope = scope.condition(course_id)
    if in_scope is not None:
        conditions.append(in_scope)
    if criteria.objective_ids:
        tagged = select(tags.c.course_id).where(tags.c.objective_id.in_(sorted(criteria.objective_ids)))
        conditions.append(course_id.in_(tagged))
    return conditions


def _people_conditions(criteria: Criteria) -> list:
    """On ``users`` joined (outer) to the trainee's ``institutions``."""
    conditions = []
    if criteria.country == NONE:
        conditions.append(or_(User.country.is_(None), User.country == ""))
    elif criteria.country:
        conditions.append(User.country == criteria.country)
    if criteria.sector == NONE:
        conditions.append(Institution.id.is_(None))
    elif criteria.sector:
        conditions.append(Institution.sector == criteria.sector)
    return conditions


def _in_period(criteria: Criteria, column) -> list:
    conditions = []
    if criteria.start is not None:
        conditions.append(column >= criteria.start)
    if criteria.end is not None:
        conditions.append(column < criteria.end)
    return conditions


def courses_in_scope(scope: Scope, criteria: Criteria) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Course).where(*_course_conditions(scope, criteria, Course.id))
    )


# --- Counts of people ---------------------------------------------------------------------------------------


def _events(scope: Scope, criteria: Criteria):
    """One row per enrolment requested, enrolment completed and certificate issued, in scope and in the period:
    ``(user_id, course_id, kind, at, status)``. Each date filter sits on its own indexed column."""
    e = Enrolment

    def kind(name: str):
        return literal_column(f"'{name}'", String).label("kind")

    enrolled = select(
        e.user_id.label("user_id"),
        e.course_id.label("course_id"),
        kind("enrolled"),
        e.requested_at.label("at"),
        e.status.label("status"),
    ).where(
        e.status.in_(ENROLLED_STATUSES),
        *_in_period(criteria, e.requested_at),
        *_course_conditions(scope, criteria, e.course_id),
    )
    completed = select(e.user_id, e.course_id, kind("completed"), e.completed_at, e.status).where(
        e.status == EnrolmentStatus.COMPLETED.value,
        e.completed_at.is_not(None),
        *_in_period(criteria, e.completed_at),
        *_course_conditions(scope, criteria, e.course_id),
    )
    c = Certificate
    certified = select(c.user_id, c.course_id, kind("certified"), c.issued_at, c.status).where(
        c.status.in_(CERTIFIED_STATUSES),
        c.issued_at.is_not(None),
        *_in_period(criteria, c.issued_at),
        *_course_conditions(scope, criteria, c.course_id),
    )
    return union_all(enrolled, completed, certified).subquery("events")


def _course_roots(criteria: Criteria):
    """``(course_id, root_id)``: each course with the top-level objectives of its tags, once each."""
    roots = (
        select(Objective.id.label("id"), Objective.id.label("root_id"))
        .where(Objective.parent_id.is_(None))
        .cte("objective_roots", recursive=True)
    )
    child = aliased(Objective)
    roots = roots.union_all(select(child.id, roots.c.root_id).where(child.parent_id == roots.c.id))
    stmt = (
        select(tags.c.course_id.label("course_id"), roots.c.root_id.label("root_id"))
        .join(roots, roots.c.id == tags.c.objective_id)
        .distinct()
    )
    if criteria.objective_ids:
        stmt = stmt.where(tags.c.objective_id.in_(sorted(criteria.objective_ids)))
    return stmt.subquery("course_roots")


def _people_query(events, criteria: Criteria, keys: list, course_roots=None):
    def people(name: str):
        return func.count(distinct(case((events.c.kind == name, events.c.user_id))))

    requested = events.c.kind == "enrolled"
    stmt = select(
        *keys,
        people("enrolled").label("enrolled"),
        people("completed").label("completed"),
        people("certified").label("certified"),
        func.sum(case((requested, 1), else_=0)).label("enrolments"),
        func.sum(case((and_(requested, events.c.status == EnrolmentStatus.COMPLETED.value), 1), else_=0)).label(
            "enrolments_completed"
        ),
    ).select_from(events)
    if course_roots is not None:
        stmt = stmt.join(course_roots, course_roots.c.course_id == events.c.course_id)
    stmt = (
        stmt.join(User, User.id == events.c.user_id)
        .outerjoin(Institution, Institution.id == User.institution_id)
        .where(*_people_conditions(criteria))
    )
    return stmt.group_by(*keys) if keys else stmt


# --- Grades and pass rates -------------------------------------------------------------------------------------


def _enrolment_results(scope: Scope, criteria: Criteria):
    """One row per studying enrolment of the period in a course with weighted assessments: its course grade
    (as the gradebook computes it) and how many weighted assessments are counted, passed, failed, waiting."""
    e = Enrolment
    cohort = (
        select(e.id.label("enrolment_id"), e.user_id.label("user_id"), e.course_id.label("course_id"))
        .join(User, User.id == e.user_id)
        .outerjoin(Institution, Institution.id == User.institution_id)
        .where(
            e.status.in_(SEAT_HOLDING),
            *_in_period(criteria, e.requested_at),
            *_course_conditions(scope, criteria, e.course_id),
            *_people_conditions(criteria),
        )
        .subquery("cohort")
    )
    return course_results(cohort)


def _grades_query(results, course_roots=None):
    has_grade = results.c.counted > 0
    passed = results.c.passed == results.c.weighted
    failed = and_(results.c.failed > 0, results.c.waiting == 0)
    columns = [
        func.sum(case((has_grade, 1), else_=0)).label("graded"),
        func.avg(case((has_grade, results.c.grade))).label("average_grade"),
        func.sum(case((passed, 1), else_=0)).label("passed"),
        func.sum(case((or_(passed, failed), 1), else_=0)).label("decided"),
    ]
    if course_roots is None:
        return select(*columns).select_from(results)
    return (
        select(course_roots.c.root_id, *columns)
        .select_from(results)
        .join(course_roots, course_roots.c.course_id == results.c.course_id)
        .group_by(course_roots.c.root_id)
    )


# --- The report ----------------------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Row:
    """One bucket: ``key`` is an objective code, a country code, a sector, a ``YYYY-MM`` month or ``none``."""

    key: str
    enrolled: int = 0
    completed: int = 0
    certified: int = 0
    enrolments: int = 0
    enrolments_completed: int = 0
    graded: int = 0
    average_grade: Decimal | None = None
    passed: int = 0
    decided: int = 0

    def count(self, measure: str) -> int:
        return getattr(self, measure)

    @property
    def completion_rate(self) -> Decimal | None:
        return _percent(self.enrolments_completed, self.enrolments)

    @property
    def pass_rate(self) -> Decimal | None:
        return _percent(self.passed, self.decided)

    def add_people(self, result) -> None:
        for name in ("enrolled", "completed", "certified", "enrolments", "enrolments_completed"):
            setattr(self, name, getattr(self, name) + int(getattr(result, name) or 0))

    def set_grades(self, result) -> None:
        self.graded = int(result.graded or 0)
        self.passed = int(result.passed or 0)
        self.decided = int(result.decided or 0)
        if result.average_grade is not None and self.graded:
            self.average_grade = Decimal(str(result.average_grade)).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Report:
    total: Row
    objectives: list[Row]
    countries: list[Row]
    sectors: list[Row]
    months: list[Row]
    cross: dict[tuple[str, str], Row] = field(default_factory=dict)

    def cell(self, objective: str, country: str) -> Row:
        return self.cross.get((objective, country)) or Row(key=f"{objective}/{country}")


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def _months(rows: dict[str, Row]) -> list[Row]:
    """Every month from the first to the last with data, empty ones included (a time axis has no gaps)."""
    if not rows:
        return []
    keys = sorted(rows)
    filled, month = [], keys[0]
    while month <= keys[-1] and len(filled) < 1200:
        filled.append(rows.get(month) or Row(key=month))
        month = _next_month(month)
    return filled


def _objective_order(taxonomy: Taxonomy, criteria: Criteria) -> list[Objective]:
    if criteria.objective_code:
        return [taxonomy.root_of(criteria.objective_code)]
    return taxonomy.roots()


def people_counts(scope: Scope, criteria: Criteria, taxonomy: Taxonomy) -> Report:
    """Every breakdown of the page: eight queries, whatever the number of courses, people and enrolments."""
    events = _events(scope, criteria)
    roots = _course_roots(criteria)
    code_of = {o.id: o.code for o in taxonomy.roots()}

    def grouped(keys: list, key_of, course_roots=None) -> dict:
        rows: dict = {}  # one result row per key: the grouping is SQL's
        for result in db.session.execute(_people_query(events, criteria, keys, course_roots)):
            key = key_of(result)
            rows.setdefault(key, Row(key=key if isinstance(key, str) else "/".join(key))).add_people(result)
        return rows

    # The "none" buckets are made in SQL too, with no bound parameter: PostgreSQL then sees one GROUP BY expression.
    none = literal_column(f"'{NONE}'")
    country = func.coalesce(func.nullif(User.country, literal_column("''")), none).label("country")
    sector = func.coalesce(Institution.sector, none).label("sector")
    total = grouped([], lambda r: "total").get("total") or Row(key="total")
    by_objective = grouped([roots.c.root_id], lambda r: code_of.get(r.root_id, ""), roots)
    countries = grouped([country], lambda r: r.country)
    sectors = grouped([sector], lambda r: r.sector)
    months = grouped([month_of(events.c.at).label("month")], lambda r: r.month)
    cross = grouped([roots.c.root_id, country], lambda r: (code_of.get(r.root_id, ""), r.country), roots)

    grades = _enrolment_results(scope, criteria)
    for result in db.session.execute(_grades_query(grades)):
        total.set_grades(result)
    for result in db.session.execute(_grades_query(grades, roots)):
        code = code_of.get(result.root_id)
        if code:
            by_objective.setdefault(code, Row(key=code)).set_grades(result)

    objectives = [by_objective.get(o.code) or Row(key=o.code) for o in _objective_order(taxonomy, criteria)]
    country_rows = sorted(countries.values(), key=lambda r: (r.key == NONE, -r.enrolled, r.key))
    sector_rows = [sectors.get(s) or Row(key=s) for s in SECTOR_VALUES if criteria.sector in ("", s)]
    if NONE in sectors:
        sector_rows.append(sectors[NONE])
    return Report(total, objectives, country_rows, sector_rows, _months(months), cross)


# --- CSV -------------------------------------------------------------------------------------------------------


def _csv_row(breakdown: str, row: Row, *, objective="", country="", sector="", month="", grades=False) -> str:
    return csv_line(
        [
            breakdown,
            objective,
            country,
            sector,
            month,
            row.enrolled,
            row.completed,
            row.certified,
            row.completion_rate,
            row.pass_rate if grades else None,
            row.average_grade if grades else None,
        ]
    )


def csv_lines(scope: Scope, criteria: Criteria, taxonomy: Taxonomy) -> Iterator[str]:
    """The report in long format, one line per bucket (see ``CSV_HEADER``); the header goes out first."""
    yield csv_line(CSV_HEADER)
    report = people_counts(scope, criteria, taxonomy)
    yield _csv_row("total", report.total, grades=True)
    for row in report.objectives:
        yield _csv_row("objective", row, objective=row.key, grades=True)
    for row in report.countries:
        yield _csv_row("country", row, country=row.key)
    for row in report.sectors:
        yield _csv_row("sector", row, sector=row.key)
    for row in report.months:
        yield _csv_row("month", row, month=row.key)
    for row in report.objectives:
        for country in report.countries:
            cell = report.cross.get((row.key, country.key))
            if cell is not None:
                yield _csv_row("objective_country", cell, objective=row.key, country=country.key)
