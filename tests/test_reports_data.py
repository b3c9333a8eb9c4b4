"""Random small worlds for the report tests, written to the database, and the report computed from them in Python.

A world is plain data (``World``): institutions, people, courses with objective tags and partner links,
enrolments and certificates, with timestamps taken from a few moments around month boundaries. ``build``
writes it with the session; ``expected`` counts it again in plain Python, following the definitions in
``training/reports/services.py``, for the property tests to compare with what SQL computed.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from hypothesis import strategies as st
from sqlalchemy import select

from tests.helpers import FAST_HASH
from training.auth.models import User
from training.certificates.models import Certificate
from training.certificates.serials import new_serial
from training.courses.models import Course, CourseInstitution, Enrolment
from training.institutions.models import Institution
from training.objectives.models import Objective
from training.reports.filters import NONE, Criteria
from training.reports.services import Scope

SUB_THEME = "rpt-waste-sub"  # a sub-theme of material-cycle, added by the tests
TAGS = ("low-carbon", "material-cycle", "leadership", SUB_THEME)
ROOT = {"low-carbon": "low-carbon", "material-cycle": "material-cycle", "leadership": "leadership"}
ROOT[SUB_THEME] = "material-cycle"
# Around month and year boundaries: the last microsecond of a month and the first of the next.
MOMENTS = (
    datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2025, 1, 15, 12, 30, tzinfo=UTC),
    datetime(2025, 1, 31, 23, 59, 59, tzinfo=UTC),
    datetime(2025, 2, 1, 0, 0, tzinfo=UTC),
    datetime(2025, 3, 10, 8, 0, tzinfo=UTC),
)
FROM_DAYS = (None, date(2025, 1, 1), date(2025, 2, 1))
TO_DAYS = (None, date(2025, 1, 31), date(2025, 12, 31))
ENROLMENT_STATUSES = ("pending", "active", "waitlisted", "completed", "withdrawn", "rejected")
CERTIFICATE_STATUSES = ("issued", "replaced", "revoked", "pending")
COUNTRIES = ("JP", "TH", None, "")
SECTORS = ("government", "industry", "academia")
_seq = itertools.count(1)


@dataclass
class CourseSpec:
    tags: tuple[str, ...]
    links: tuple[tuple[int, str], ...]  # (institution index, role)
    instructor: int | None  # index into the two instructors


@dataclass
class World:
    sectors: list[str]
    people: list[tuple[str | None, int | None]]  # (country, institution index)
    courses: list[CourseSpec]
    enrolments: list[tuple[int, int, str, int, int | None]]  # person, course, status, requested, completed
    certificates: list[tuple[int, int, str, int]]  # person, course, status, issued moment
    ids: dict = field(default_factory=dict)


@st.composite
def worlds(draw) -> World:
    sectors = draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=3))
    institution = st.none() | st.integers(0, len(sectors) - 1)
    people = draw(st.lists(st.tuples(st.sampled_from(COUNTRIES), institution), min_size=2, max_size=6))
    link = st.tuples(st.integers(0, len(sectors) - 1), st.sampled_from(("host", "co-host", "certifying")))
    course = st.builds(
        CourseSpec,
        tags=st.lists(st.sampled_from(TAGS), max_size=2, unique=True).map(tuple),
        links=st.lists(link, max_size=2, unique=True).map(tuple),
        instructor=st.none() | st.integers(0, 1),
    )
    courses = draw(st.lists(course, min_size=2, max_size=4))
    pairs = st.tuples(st.integers(0, len(people) - 1), st.integers(0, len(courses) - 1))
    chosen = draw(st.lists(pairs, min_size=3, max_size=10, unique=True))
    moment = st.integers(0, len(MOMENTS) - 1)
    enrolments = []
    certificates = []
    for person, course_index in chosen:
        status = draw(st.sampled_from(ENROLMENT_STATUSES))
        completed = draw(st.none() | moment) if status == "completed" else None
        enrolments.append((person, course_index, status, draw(moment), completed))
        statuses = draw(st.lists(st.sampled_from(CERTIFICATE_STATUSES), max_size=2))
        if sum(s in ("issued", "pending") for s in statuses) > 1:  # one live certificate per person and course
            statuses = statuses[:1]
        certificates += [(person, course_index, s, draw(moment)) for s in statuses]
    return World(sectors, people, courses, enrolments, certificates)


@st.composite
def scopes(draw, world: World):
    kind = draw(st.sampled_from(("admin", "partner", "instructor", "both")))
    institution = draw(st.integers(0, len(world.sectors) - 1))
    teacher = draw(st.integers(0, 1))
    return kind, institution, teacher


@st.composite
def criteria_specs(draw):
    start = draw(st.sampled_from(FROM_DAYS))
    end = draw(st.sampled_from(TO_DAYS).filter(lambda d: d is None or start is None or d >= start))
    return {
        "objective": draw(st.sampled_from(("", "material-cycle", SUB_THEME, "low-carbon", "leadership"))),
        "country": draw(st.sampled_from(("", "JP", NONE))),
        "sector": draw(st.sampled_from(("", "government", NONE))),
        "from": start,
        "to": end,
        "measure": draw(st.sampled_from(("certified", "completed", "enrolled"))),
    }


def ensure_sub_theme(session) -> None:
    """The sub-theme, made once per test (outside each example's savepoint: it outlives them)."""
    if session.scalar(select(Objective.id).where(Objective.code == SUB_THEME)) is None:
        parent_id = session.scalar(select(Objective.id).where(Objective.code == "material-cycle"))
        session.add(
            Objective(code=SUB_THEME, kind="sub-theme", title="Waste sub-theme", parent_id=parent_id, position=90)
        )
        session.flush()


def build(session, world: World) -> World:
    """Write the world (call ``ensure_sub_theme`` first); ``world.ids`` maps indexes to database ids."""
    objectives = {o.code: o for o in session.scalars(select(Objective).where(Objective.code.in_(TAGS)))}
    n = next(_seq)
    institutions = [
        Institution(name=f"Report Inst {n}-{i}", short_name=f"RI{i}", sector=sector, country="JP")
        for i, sector in enumerate(world.sectors)
    ]
    session.add_all(institutions)
    session.flush()
    teachers = [
        User(
            email=f"rpt-teacher{n}-{i}@example.org",
            name=f"Teacher {i}",
            password_hash=FAST_HASH,
            email_confirmed_at=datetime.now(UTC),  # they log in, in tests/test_reports.py
        )
        for i in range(2)
    ]
    people = [
        User(
            email=f"rpt{n}-{i}@example.org",
            name=f"Person {i}",
            password_hash=FAST_HASH,
            country=country,
            institution_id=institutions[inst].id if inst is not None else None,
        )
        for i, (country, inst) in enumerate(world.people)
    ]
    session.add_all(teachers + people)
    courses = []
    for i, spec in enumerate(world.courses):
        course = Course(slug=f"rpt-{n}-{i}", title=f"Report course {i}", summary="s", status="published")
        course.objectives = [objectives[code] for code in spec.tags]
        course.instructors = [teachers[spec.instructor]] if spec.instructor is not None else []
        course.institution_links = [CourseInstitution(institution=institutions[k], role=r) for k, r in spec.links]
        courses.append(course)
    session.add_all(courses)
    session.flush()
    for person, course, status, requested, completed in world.enrolments:
        session.add(
            Enrolment(
                user_id=people[person].id,
                course_id=courses[course].id,
                status=status,
                requested_at=MOMENTS[requested],
                status_changed_at=MOMENTS[requested],
                completed_at=MOMENTS[completed] if completed is not None else None,
            )
        )
    for person, course, status, issued in world.certificates:
        session.add(
            Certificate(
                serial=new_serial(),
                course_id=courses[course].id,
                user_id=people[person].id,
                institution_id=institutions[0].id,
                status=status,
                issued_at=None if status == "pending" else MOMENTS[issued],
                pdf_sha256=hashlib.sha256(b"pdf").hexdigest(),
                revoked_reason="Test" if status in ("revoked", "replaced") else None,
                snapshot={},
            )
        )
    session.flush()
    world.ids = {
        "institutions": [i.id for i in institutions],
        "teachers": [t.id for t in teachers],
        "courses": [c.id for c in courses],
    }
    return world


def scope_of(world: World, spec) -> Scope:
    kind, institution, teacher = spec
    institution_id = world.ids["institutions"][institution]
    teacher_id = world.ids["teachers"][teacher]
    return {
        "admin": Scope(everything=True),
        "partner": Scope(institution_id=institution_id),
        "instructor": Scope(instructor_id=teacher_id),
        "both": Scope(institution_id=institution_id, instructor_id=teacher_id),
    }[kind]


def criteria_of(spec: dict, taxonomy) -> Criteria:
    code = spec["objective"]
    return Criteria(
        objective_code=code,
        objective_ids=frozenset(taxonomy.subtree(code)) if code else frozenset(),
        country=spec["country"],
        sector=spec["sector"],
        date_from=spec["from"],
        date_to=spec["to"],
        measure=spec["measure"],
    )


# --- The oracle -------------------------------------------------------------------------------------------


def expected(world: World, scope_spec, criteria: dict) -> dict[tuple, tuple[int, int, int, int, int]]:
    """``{(breakdown, key...): (enrolled, completed, certified, enrolments, enrolments_completed)}``; no zero rows."""
    kind, institution, teacher = scope_spec

    def in_scope(c: int) -> bool:
        spec = world.courses[c]
        partner = any(k == institution for k, _ in spec.links)
        teaches = spec.instructor == teacher
        return {"admin": True, "partner": partner, "instructor": teaches, "both": partner or teaches}[kind]

    chosen = criteria["objective"]
    # The chosen objective and what lies below it (the taxonomy here has two levels).
    wanted = {code for code in TAGS if code == chosen or ROOT[code] == chosen}

    def tags_counted(c: int) -> set[str]:
        tags = set(world.courses[c].tags)
        return tags & wanted if chosen else tags

    def course_ok(c: int) -> bool:
        return in_scope(c) and (not chosen or bool(tags_counted(c)))

    def country_of(p: int) -> str:
        return world.people[p][0] or NONE

    def sector_of(p: int) -> str:
        inst = world.people[p][1]
        return NONE if inst is None else world.sectors[inst]

    def person_ok(p: int) -> bool:
        return criteria["country"] in ("", country_of(p)) and criteria["sector"] in ("", sector_of(p))

    start = datetime.combine(criteria["from"], datetime.min.time(), UTC) if criteria["from"] else None
    end = (
        datetime.combine(date.fromordinal(criteria["to"].toordinal() + 1), datetime.min.time(), UTC)
        if criteria["to"]
        else None
    )

    def in_period(moment: datetime) -> bool:
        return (start is None or moment >= start) and (end is None or moment < end)

    events = []  # (kind, person, course, moment, status)
    for person, course, status, requested, completed in world.enrolments:
        if not (course_ok(course) and person_ok(person)):
            continue
        if status in ("active", "completed", "withdrawn") and in_period(MOMENTS[requested]):
            events.append(("enrolled", person, course, MOMENTS[requested], status))
        if status == "completed" and completed is not None and in_period(MOMENTS[completed]):
            events.append(("completed", person, course, MOMENTS[completed], status))
    for person, course, status, issued in world.certificates:
        if status in ("issued", "replaced") and course_ok(course) and person_ok(person) and in_period(MOMENTS[issued]):
            events.append(("certified", person, course, MOMENTS[issued], status))

    people: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    cohort: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for what, person, course, moment, status in events:
        keys = [
            ("total",),
            ("country", country_of(person)),
            ("sector", sector_of(person)),
            ("month", moment.strftime("%Y-%m")),
        ]
        roots = {ROOT[t] for t in tags_counted(course)}
        keys += [("objective", r) for r in roots]
        keys += [("objective_country", r, country_of(person)) for r in roots]
        for key in keys:
            people[key][what].add(person)
            if what == "enrolled":
                cohort[key][0] += 1
                cohort[key][1] += status == "completed"
    return {
        key: (len(sets["enrolled"]), len(sets["completed"]), len(sets["certified"]), *cohort[key])
        for key, sets in people.items()
    }


def actual(report) -> dict[tuple, tuple[int, int, int, int, int]]:
    """The report in the oracle's shape, zero rows left out."""

    def numbers(row):
        return (row.enrolled, row.completed, row.certified, row.enrolments, row.enrolments_completed)

    found = {("total",): numbers(report.total)}
    for name, rows in (
        ("objective", report.objectives),
        ("country", report.countries),
        ("sector", report.sectors),
        ("month", report.months),
    ):
        found.update({(name, row.key): numbers(row) for row in rows})
    found.update({("objective_country", *key): numbers(row) for key, row in report.cross.items()})
    return {key: value for key, value in found.items() if any(value)}
