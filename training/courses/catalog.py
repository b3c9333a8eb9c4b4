"""The public catalog: search, combinable filters, facet counts. A fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

from flask import has_request_context, request, url_for
from sqlalchemy import distinct, func, or_, select, union
from sqlalchemy.orm import selectinload

from training.courses.models import (
    COURSE_LANGUAGES,
    LEVELS,
    Course,
    CourseInstitution,
    CourseStatus,
    Module,
    course_objectives,
    module_objectives,
)
from training.extensions import db
from training.institutions.models import SECTOR_VALUES, Institution
from training.objectives.models import Objective

FACETS = ("objective", "institution", "sector", "language", "level")
# The characters werkzeug leaves unquoted in a query string (werkzeug.urls._urlencode, used by url_for).
_QUERY_SAFE = "!$'()*,/:;?@"


def catalog_url(**args) -> str:
    """``url_for("courses.catalog_page", **args)``, with the route built once per request (kept on the request).

    The catalog links to itself with filters some 60 times a page (facet values, objective chips of 12 cards);
    building each address through the URL map and quoting each value again cost more than the rest of those lines.
    Same output as url_for: None values are left out, the others encoded as werkzeug does
    (tests/test_catalog_links.py compares them).
    """
    if not has_request_context():  # an e-mail or a CLI command: absolute addresses, rarely
        return url_for("courses.catalog_page", **args)
    base = getattr(request, "catalog_base_url", None)
    if base is None:
        base = request.catalog_base_url = url_for("courses.catalog_page")
    query = "&".join(_query_pair(key, value) for key, value in args.items() if value is not None)
    return f"{base}?{query}" if query else base


@lru_cache(maxsize=2048, typed=True)
def _query_pair(key: str, value) -> str:
    """``key=value`` encoded as werkzeug encodes it; the same few dozen pairs come back on every catalog page."""
    return urlencode([(key, value)], safe=_QUERY_SAFE)


@dataclass
class Filters:
    q: str = ""
    objective: str = ""
    institution: int | None = None
    sector: str = ""
    language: str = ""
    level: str = ""
    problems: list[str] = field(default_factory=list)

    def active(self) -> dict:
        values = {
            "q": self.q,
            "objective": self.objective,
            "institution": self.institution,
            "sector": self.sector,
            "language": self.language,
            "level": self.level,
        }
        return {k: v for k, v in values.items() if v}


def parse_filters(args) -> Filters:
    """Read the query string; an unknown value becomes a message, never an error page."""
    from flask_babel import gettext as _

    # PostgreSQL refuses a NUL in a query, and no title, summary or code holds one.
    f = Filters(q=(args.get("q") or "").replace("\x00", "").strip()[:100])
    code = (args.get("objective") or "").strip()
    if code:
        if "\x00" in code or db.session.scalar(select(Objective.id).where(Objective.code == code)) is None:
            f.problems.append(_("There is no CAI objective with the code “%(code)s”.", code=code[:40]))
        else:
            f.objective = code
    institution = (args.get("institution") or "").strip()
    if institution:
        if institution.isascii() and institution.isdigit() and int(institution) < 2**31:
            f.institution = int(institution)
        else:
            f.problems.append(_("Unknown institution."))
    for name, allowed in (("sector", SECTOR_VALUES), ("language", COURSE_LANGUAGES), ("level", LEVELS)):
        value = (args.get(name) or "").strip()
        if value and value not in allowed:
            f.problems.append(_("Unknown filter value: %(value)s", value=value[:40]))
        elif value:
            setattr(f, name, value)
    return f


def course_objective_pairs():
    """(course_id, top-level objective_id) for the course's own tags and its modules' tags."""
    top = func.coalesce(Objective.parent_id, Objective.id)
    own = select(course_objectives.c.course_id.label("course_id"), top.label("objective_id")).join(
        Objective, Objective.id == course_objectives.c.objective_id
    )
    via_modules = (
        select(Module.course_id.label("course_id"), top.label("objective_id"))
        .join(module_objectives, module_objectives.c.module_id == Module.id)
        .join(Objective, Objective.id == module_objectives.c.objective_id)
    )
    return union(own, via_modules).subquery("course_objective_pairs")


def _conditions(f: Filters, skip: str | None = None) -> list:
    """The WHERE clauses on ``courses`` for these filters (leaving out the facet ``skip``)."""
    conditions = [Course.status == CourseStatus.PUBLISHED.value]
    if f.q:
        # autoescape: a % or _ typed by the user is searched for, not used as a wildcard.
        needle = f.q.lower()
        conditions.append(
            or_(
                func.lower(Course.title).contains(needle, autoescape=True),
                func.lower(Course.summary).contains(needle, autoescape=True),
            )
        )
    if f.objective and skip != "objective":
        pairs = course_objective_pairs()
        objective_id = select(Objective.id).where(Objective.code == f.objective).scalar_subquery()
        conditions.append(Course.id.in_(select(pairs.c.course_id).where(pairs.c.objective_id == objective_id)))
    if f.institution and skip != "institution":
        conditions.append(
            Course.id.in_(select(CourseInstitution.course_id).where(CourseInstitution.institution_id == f.institution))
        )
    if f.sector and skip != "sector":
        conditions.append(
            Course.id.in_(select(CourseInstitution.course_id).join(Institution).where(Institution.sector == f.sector))
        )
    if f.language and skip != "language":
        conditions.append(Course.language == f.language)
    if f.level and skip != "level":
        conditions.append(Course.level == f.level)
    return conditions


def _filtered_ids(f: Filters, skip: str | None = None):
    return select(Course.id).where(*_conditions(f, skip))


def search(f: Filters):
    """A select of the matching courses, newest first, with what the result cards show loaded in batch."""
    return (
        # Conditions on the outer query, so the newest-first page can walk ix_courses_status_published_at.
        select(Course)
        .where(*_conditions(f))
        .order_by(Course.published_at.desc(), Course.id.desc())
        .options(selectinload(Course.institution_links))  # the hosts; the objectives: card_objectives
    )


def card_objectives(courses) -> dict[int, list[Objective]]:
    """Each course's own and its modules' objectives in taxonomy order (``course_objective_union``), for a page of
    result cards in two light queries: the (course, objective) pairs, then the taxonomy (a few dozen rows, so an
    objective's parent is at hand for its colour). Loading each course's objectives, modules and modules'
    objectives instead took three queries, ~50 Module objects and ~100 objective rows for 12 cards."""
    ids = [course.id for course in courses]
    if not ids:
        return {}
    own = select(course_objectives.c.course_id, course_objectives.c.objective_id).where(
        course_objectives.c.course_id.in_(ids)
    )
    via_modules = (
        select(Module.course_id, module_objectives.c.objective_id)
        .join(module_objectives, module_objectives.c.module_id == Module.id)
        .where(Module.course_id.in_(ids))
    )
    taxonomy = {objective.id: objective for objective in db.session.scalars(select(Objective))}
    chips: dict[int, list[Objective]] = {course_id: [] for course_id in ids}
    for course_id, objective_id in db.session.execute(union(own, via_modules)):
        chips[course_id].append(taxonomy[objective_id])
    for objectives in chips.values():
        objectives.sort(key=lambda o: (o.position, o.code))
    return chips


def facet_counts(f: Filters) -> dict[str, dict]:
    """For each facet, how many courses each value holds given the other filters (five queries)."""
    counts: dict[str, dict] = {}
    pairs = course_objective_pairs()
    ids = _filtered_ids(f, skip="objective").subquery()
    # The pairs are a UNION (distinct), so each course appears once per objective: count(*), not count(DISTINCT
    # course_id), which sorted the ~3,000 pairs of 500 courses again after the UNION had hashed them.
    counts["objective"] = dict(
        db.session.execute(
            select(pairs.c.objective_id, func.count())
            .where(pairs.c.course_id.in_(select(ids.c.id)))
            .group_by(pairs.c.objective_id)
        ).all()
    )
    ids = _filtered_ids(f, skip="institution").subquery()
    counts["institution"] = dict(
        db.session.execute(
            select(CourseInstitution.institution_id, func.count(distinct(CourseInstitution.course_id)))
            .where(CourseInstitution.course_id.in_(select(ids.c.id)))
            .group_by(CourseInstitution.institution_id)
        ).all()
    )
    ids = _filtered_ids(f, skip="sector").subquery()
    counts["sector"] = dict(
        db.session.execute(
            select(Institution.sector, func.count(distinct(CourseInstitution.course_id)))
            .join(CourseInstitution, CourseInstitution.institution_id == Institution.id)
            .where(CourseInstitution.course_id.in_(select(ids.c.id)))
            .group_by(Institution.sector)
        ).all()
    )
    for name, column in (("language", Course.language), ("level", Course.level)):
        ids = _filtered_ids(f, skip=name).subquery()
        counts[name] = dict(
            db.session.execute(
                select(column, func.count()).where(Course.id.in_(select(ids.c.id))).group_by(column)
            ).all()
        )
    return counts
