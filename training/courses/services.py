"""Course authoring rules: courses, modules, attachments, status, staff and partners. Callers commit."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from training.audit.services import record
from training.courses.models import (
    Course,
    CourseInstitution,
    CourseStatus,
    EnrolmentMode,
    Module,
    ModuleAttachment,
)
from training.extensions import db
from training.objectives.models import Objective
from training.storage import storage
from training.uploads import check_attachment, check_image

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TRANSITIONS = {
    CourseStatus.DRAFT.value: {CourseStatus.PUBLISHED.value},
    CourseStatus.PUBLISHED.value: {CourseStatus.ARCHIVED.value, CourseStatus.DRAFT.value},
    CourseStatus.ARCHIVED.value: {CourseStatus.PUBLISHED.value},
}


class CourseError(ValueError):
    """A rule was broken; the message is safe to show."""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].strip("-") or "course"


def unique_slug(base: str, exclude_id: int | None = None) -> str:
    slug, n = base, 2
    while True:
        if not slug_taken(slug, exclude_id):
            return slug
        slug, n = f"{base[:55]}-{n}", n + 1


# Paths under /courses/ that are pages, not courses.
RESERVED_SLUGS = {"new", "manage", "preview"}


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    if slug in RESERVED_SLUGS:
        return True
    stmt = select(Course.id).where(Course.slug == slug)
    if exclude_id is not None:
        stmt = stmt.where(Course.id != exclude_id)
    return db.session.scalar(stmt) is not None


def objectives_by_code(codes) -> list[Objective]:
    codes = list(dict.fromkeys(codes or []))
    if not codes:
        return []
    found = db.session.scalars(select(Objective).where(Objective.code.in_(codes))).all()
    if len(found) != len(codes):
        raise CourseError("unknown objective code")
    return sorted(found, key=lambda o: o.position)


def save_course(
    actor,
    course: Course | None,
    *,
    title: str,
    slug: str,
    summary: str,
    description: str,
    language: str,
    level: str,
    estimated_hours: Decimal,
    starts_on,
    ends_on,
    enrolment_mode: str,
    enrolment_key: str | None,
    capacity: int | None,
    objective_codes,
    cover: bytes | None = None,
    certificate_mode: str = "auto",
    certificate_min_grade: Decimal | None = None,
    certificate_valid_months: int | None = None,
):
    """Create or update a course; returns (course, replaced cover key or None)."""
    creating = course is None
    if slug_taken(slug, None if creating else course.id):
        raise CourseError("slug taken")
    if enrolment_mode == EnrolmentMode.KEY.value and not enrolment_key and (creating or not course.enrolment_key_hash):
        raise CourseError("key required")
    objectives = objectives_by_code(objective_codes)
    new_cover = None
    if cover:
        image = check_image(cover, current_app.config["UPLOAD_IMAGE_MAX_BYTES"])
        new_cover = (storage().put(image.data, prefix="cover", extension=image.extension), image.content_type)
    if creating:
        course = Course(created_by_id=getattr(actor, "id", None), status=CourseStatus.DRAFT.value)
        db.session.add(course)
        course.instructors.append(actor)
    old_capacity = course.capacity
    course.title, course.slug, course.summary, course.description = title, slug, summary, description
    course.language, course.level, course.estimated_hours = language, level, estimated_hours
    course.starts_on, course.ends_on = starts_on, ends_on
    course.enrolment_mode, course.capacity = enrolment_mode, capacity
    course.certificate_mode = certificate_mode
    course.certificate_min_grade, course.certificate_valid_months = certificate_min_grade, certificate_valid_months
    if enrolment_mode == EnrolmentMode.KEY.value and enrolment_key:
        course.enrolment_key_hash = generate_password_hash(enrolment_key)
    elif enrolment_mode != EnrolmentMode.KEY.value:
        course.enrolment_key_hash = None
    course.objectives = objectives
    old_cover = None
    if new_cover:
        old_cover = course.cover_key
        course.cover_key, course.cover_content_type = new_cover
    db.session.flush()
    record(actor, "course.created" if creating else "course.updated", course, slug=slug)
    if not creating and (capacity is None or (old_capacity is not None and capacity > old_capacity)):
        from training.courses.enrolment import promote_waitlist

        promote_waitlist(actor, course)
    return course, old_cover


def change_status(actor, course: Course, new_status: str) -> None:
    if new_status not in TRANSITIONS.get(course.status, set()):
        from flask_babel import gettext as _

        raise CourseError(_("transition not allowed"))
    if new_status == CourseStatus.PUBLISHED.value:
        problems = publish_problems(course)
        if problems:
            raise CourseError("; ".join(problems))
        if course.published_at is None:
            from training.db import utcnow

            course.published_at = utcnow()
    record(actor, "course.status_changed", course, before=course.status, after=new_status)
    course.status = new_status


def publish_problems(course: Course) -> list[str]:
    """What stops a course from being published, in words for its author."""
    from flask_babel import gettext as _

    problems = []
    if not course.modules:
        problems.append(_("Add at least one module."))
    if not course.objectives:
        problems.append(_("Tag the course to at least one CAI objective."))
    untagged = [m.title for m in course.modules if not m.objectives]
    if untagged:
        problems.append(_("Tag every module to a CAI objective (missing: %(titles)s).", titles=", ".join(untagged)))
    return problems


def course_objective_union(course: Course) -> list[Objective]:
    """The course's own tags and its modules' tags, in taxonomy order."""
    seen = {o.id: o for o in course.objectives}
    for module in course.modules:
        for objective in module.objectives:
            seen.setdefault(objective.id, objective)
    return sorted(seen.values(), key=lambda o: (o.position, o.code))


def save_module(
    actor,
    course: Course,
    module: Module | None,
    *,
    title: str,
    body: str,
    required: bool,
    estimated_minutes: int,
    objective_codes,
) -> Module:
    objectives = objectives_by_code(objective_codes) or list(course.objectives)
    if module is None:
        last = db.session.scalar(select(func.max(Module.position)).where(Module.course_id == course.id))
        module = Module(course=course, position=0 if last is None else last + 1)
        db.session.add(module)
    module.title, module.body, module.required, module.estimated_minutes = title, body, required, estimated_minutes
    module.objectives = objectives
    db.session.flush()
    record(actor, "module.saved", module, course_id=course.id, title=title)
    return module


def move_module(actor, course: Course, module: Module, direction: int) -> None:
    modules = list(course.modules)
    index = modules.index(module)
    target = index + direction
    if not 0 <= target < len(modules):
        return
    modules[index], modules[target] = modules[target], modules[index]
    for position, item in enumerate(modules):
        item.position = position
    db.session.flush()
    record(actor, "module.moved", module, course_id=course.id, position=module.position)


def delete_module(actor, course: Course, module: Module) -> list[str]:
    keys = [a.storage_key for a in module.attachments]
    record(actor, "module.deleted", module, course_id=course.id, title=module.title)
    course.modules.remove(module)
    db.session.flush()
    for position, item in enumerate(course.modules):
        item.position = position
    return keys


def add_attachment(actor, module: Module, *, filename: str, data: bytes) -> ModuleAttachment:
    checked = check_attachment(data, current_app.config["UPLOAD_ATTACHMENT_MAX_BYTES"], allow_pdf=True)
    key = storage().put(checked.data, prefix="attachment", extension=checked.extension)
    safe_name = re.sub(r"[^\w .()-]+", "_", filename).strip()[:150] or f"attachment.{checked.extension}"
    attachment = ModuleAttachment(
        module=module, filename=safe_name, storage_key=key, content_type=checked.content_type, size=len(checked.data)
    )
    db.session.add(attachment)
    db.session.flush()
    record(actor, "attachment.added", attachment, module_id=module.id, filename=safe_name)
    return attachment


def delete_attachment(actor, attachment: ModuleAttachment) -> str:
    record(actor, "attachment.deleted", attachment, module_id=attachment.module_id, filename=attachment.filename)
    db.session.delete(attachment)
    return attachment.storage_key


def add_instructor(actor, course: Course, user) -> None:
    if user is None or not user.has_role("instructor", "admin"):
        raise CourseError("not an instructor")
    if user not in course.instructors:
        course.instructors.append(user)
        record(actor, "course.instructor_added", course, user_id=user.id)


def remove_instructor(actor, course: Course, user) -> None:
    if user in course.instructors:
        if len(course.instructors) == 1:
            raise CourseError("last instructor")
        course.instructors.remove(user)
        record(actor, "course.instructor_removed", course, user_id=user.id)


def link_institution(actor, course: Course, institution, role: str) -> None:
    exists = any(k.institution_id == institution.id and k.role == role for k in course.institution_links)
    if not exists:
        course.institution_links.append(CourseInstitution(institution=institution, role=role))
        record(actor, "course.institution_linked", course, institution_id=institution.id, role=role)


def unlink_institution(actor, course: Course, institution_id: int, role: str) -> None:
    for link in list(course.institution_links):
        if link.institution_id == institution_id and link.role == role:
            course.institution_links.remove(link)
            record(actor, "course.institution_unlinked", course, institution_id=institution_id, role=role)
