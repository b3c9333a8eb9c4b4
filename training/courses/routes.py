"""Courses blueprint: the catalog and course page here; authoring, enrolment and learning views
live in sibling modules that register on the same blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training import policy
from training.courses import catalog
from training.courses.enrolment import find_enrolment, seats_left
from training.courses.forms import LEVEL_LABELS, ROLE_LABELS, EnrolForm, language_choices
from training.courses.models import Course, Module
from training.courses.services import course_objective_union
from training.extensions import db
from training.institutions.forms import SECTOR_LABELS
from training.institutions.models import Institution
from training.objectives.services import top_level
from training.pagination import paginate
from training.storage import file_response

bp = Blueprint("courses", __name__, url_prefix="/courses")


def load_course(slug: str, action: str = "course.view", related: bool = True) -> Course:
    """The course at this address if the current user may do ``action`` to it; else 404.

    ``related=False``: the course row alone (what a policy rule needs is then loaded when it is read), for a
    request that changes something and redirects without showing the course.
    """
    stmt = select(Course).where(Course.slug == slug)
    if related:
        stmt = stmt.options(
            selectinload(Course.modules).selectinload(Module.objectives),
            selectinload(Course.objectives),
            selectinload(Course.instructors),
            selectinload(Course.institution_links),
        )
    course = db.session.scalar(stmt)
    if course is None or not policy.can(action, course):
        abort(404)
    return course


def load_module(course: Course, module_id: int) -> Module:
    for module in course.modules:
        if module.id == module_id:
            return module
    abort(404)


@bp.route("/")
def catalog_page():
    filters = catalog.parse_filters(request.args)
    page = paginate(catalog.search(filters), per_page=12)
    facets = catalog.facet_counts(filters)
    institution_ids = set(facets["institution"])
    institutions = (
        db.session.scalars(
            select(Institution).where(Institution.id.in_(institution_ids)).order_by(Institution.name)
        ).all()
        if institution_ids
        else []
    )
    return render_template(
        "courses/catalog.html",
        page=page,
        filters=filters,
        facets=facets,
        objectives=top_level(),
        institution_options=[(i.id, i.name) for i in institutions],
        sector_labels=SECTOR_LABELS,
        level_labels=LEVEL_LABELS,
        languages=dict(language_choices()),
        chips=catalog.card_objectives(page.items),
    )


@bp.route("/<slug>")
def show(slug: str):
    course = load_course(slug)
    enrolment = find_enrolment(current_user, course) if current_user.is_authenticated else None
    return render_template(
        "courses/show.html",
        course=course,
        objectives=course_objective_union(course),
        enrolment=enrolment,
        seats_left=seats_left(course),
        enrol_form=EnrolForm(),
        level_labels=LEVEL_LABELS,
        languages=dict(language_choices()),
        role_labels=ROLE_LABELS,
    )


@bp.route("/<slug>/cover")
def cover(slug: str):
    course = load_course(slug)
    return file_response(course.cover_key, course.cover_content_type)


from training.courses import views_authoring, views_enrolment, views_learning  # noqa: E402,F401
