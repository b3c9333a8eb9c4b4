"""Authorisation in one place: may this user do this to this object?

Views call :func:`can` (and templates too, as the ``can`` global) and load
objects through :func:`load_or_404` so that what a user may not see is a 404.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_login import current_user

from training.auth.models import Role
from training.extensions import db

Rule = Callable[..., bool]
_RULES: dict[str, Rule] = {}


def rule(action: str):
    def register(fn: Rule) -> Rule:
        _RULES[action] = fn
        return fn

    return register


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user) -> bool:
    return _authenticated(user) and user.has_role(Role.ADMIN)


@rule("admin.users")
def _manage_users(user, obj=None) -> bool:
    return is_admin(user)


@rule("institution.create")
def _create_institution(user, obj=None) -> bool:
    return is_admin(user)


@rule("institution.manage")
def _manage_institution(user, institution=None) -> bool:
    if is_admin(user):
        return True
    return (
        _authenticated(user)
        and institution is not None
        and user.has_role(Role.PARTNER_ADMIN)
        and user.institution_id == institution.id
    )


@rule("institution.list_managed")
def _list_institutions(user, obj=None) -> bool:
    return is_admin(user) or (_authenticated(user) and user.has_role(Role.PARTNER_ADMIN) and user.institution_id)


def can(action: str, obj=None, user=None) -> bool:
    user = current_user if user is None else user
    try:
        check = _RULES[action]
    except KeyError as exc:  # a typo in an action name must fail loudly, not deny silently
        raise LookupError(f"unknown policy action {action!r}") from exc
    return bool(check(user, obj))


def require(action: str, obj=None) -> None:
    """Abort with 404 when the user may not act: the object's existence is not revealed."""
    if not can(action, obj):
        abort(404)


def load_or_404(model, ident, action: str):
    obj = db.session.get(model, ident)
    if obj is None or not can(action, obj):
        abort(404)
    return obj


# --- Courses -----------------------------------------------------------------------------------------


def _is_instructor_of(user, course) -> bool:
    return _authenticated(user) and any(i.id == user.id for i in course.instructors)


def _is_partner_of(user, course) -> bool:
    return (
        _authenticated(user)
        and user.has_role(Role.PARTNER_ADMIN)
        and user.institution_id is not None
        and any(link.institution_id == user.institution_id for link in course.institution_links)
    )


def _enrolment_status(user, course) -> str | None:
    if not _authenticated(user) or course.id is None:
        return None
    from sqlalchemy import select

    from training.courses.models import Enrolment

    return db.session.scalar(
        select(Enrolment.status).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
    )


@rule("course.create")
def _create_course(user, obj=None) -> bool:
    return _authenticated(user) and user.has_role(Role.INSTRUCTOR, Role.ADMIN)


@rule("course.manage")
def _manage_course(user, course) -> bool:
    """Edit content and settings, manage enrolments."""
    return is_admin(user) or _is_instructor_of(user, course)


@rule("course.oversee")
def _oversee_course(user, course) -> bool:
    """Read the management views (enrolments, progress) without editing: staff and partner admins."""
    return _manage_course(user, course) or _is_partner_of(user, course)


@rule("course.view")
def _view_course(user, course) -> bool:
    if course.status == "published":
        return True
    if _oversee_course(user, course):
        return True
    # An archived course stays readable to the people enrolled in it; a draft to its staff only.
    return course.status == "archived" and _enrolment_status(user, course) in {"active", "completed"}


@rule("course.study")
def _study_course(user, course) -> bool:
    if _manage_course(user, course):
        return True
    return course.status != "draft" and _enrolment_status(user, course) in {"active", "completed"}


@rule("course.enrol")
def _enrol(user, course) -> bool:
    return _authenticated(user) and course.status == "published"


@rule("course.list_managed")
def _list_managed_courses(user, obj=None) -> bool:
    return _authenticated(user) and user.has_role(Role.INSTRUCTOR, Role.ADMIN, Role.PARTNER_ADMIN)


# --- Assessments -------------------------------------------------------------------------------------


@rule("assessment.take")
def _take_assessment(user, assessment) -> bool:
    """Start, answer and submit attempts: a trainee enrolled in the course, on a published assessment."""
    course = assessment.course
    return (
        assessment.published and course.status != "draft" and _enrolment_status(user, course) in {"active", "completed"}
    )


@rule("attempt.view")
def _view_attempt(user, attempt) -> bool:
    """Its owner, and whoever oversees the course; never another trainee."""
    if _authenticated(user) and attempt.user_id == user.id:
        return True
    return _oversee_course(user, attempt.assessment.course)


@rule("attempt.answer")
def _answer_attempt(user, attempt) -> bool:
    return _authenticated(user) and attempt.user_id == user.id


@rule("course.grade")
def _grade_course(user, course) -> bool:
    """Grade essays, regrade, change grades: the course's instructors and administrators only."""
    return _manage_course(user, course)


@rule("course.gradebook")
def _read_gradebook(user, course) -> bool:
    """Everyone's grades: staff and the partner institutions' admins (read only)."""
    return _oversee_course(user, course)


# --- Certificates ------------------------------------------------------------------------------------


def _is_certifier_of(user, course) -> bool:
    """A partner admin of the institution that certifies the course (else of its host)."""
    from training.certificates.services import certifying_institution

    if not (_authenticated(user) and user.has_role(Role.PARTNER_ADMIN) and user.institution_id):
        return False
    institution = certifying_institution(course)
    return institution is not None and institution.id == user.institution_id


@rule("course.certify")
def _certify_course(user, course) -> bool:
    """Issue, approve, revoke and re-issue a course's certificates: its certifying institution and admins."""
    return is_admin(user) or _is_certifier_of(user, course)


@rule("course.certificates")
def _list_certificates(user, course) -> bool:
    """Read a course's certificates: certifiers, and the course's staff and partners (read only)."""
    return _certify_course(user, course) or _oversee_course(user, course)


@rule("certificate.download")
def _download_certificate(user, certificate) -> bool:
    """The PDF and credential: the trainee's own, and whoever may read the course's certificates."""
    if _authenticated(user) and certificate.user_id == user.id:
        return True
    return _list_certificates(user, certificate.course)


@rule("institution.certificate_template")
def _edit_template(user, institution) -> bool:
    return _manage_institution(user, institution)


# --- Partner portal and competence profiles ----------------------------------------------------------


@rule("institution.portal")
def _partner_portal(user, institution) -> bool:
    """An institution's partner portal (its courses' figures, its staff, co-hosting): its partner admins, admins."""
    return _manage_institution(user, institution)


@rule("cohost.decide")
def _decide_cohost(user, cohost_request) -> bool:
    """Accept or decline a request to co-host a course: admins and the partner admins of the course's host."""
    if is_admin(user):
        return True
    if not (_authenticated(user) and user.has_role(Role.PARTNER_ADMIN) and user.institution_id):
        return False
    return any(
        link.role == "host" and link.institution_id == user.institution_id
        for link in cohost_request.course.institution_links
    )


@rule("profile.view_public")
def _view_public_profile(user, owner) -> bool:
    """Anyone, with the link, while the owner (an active account) keeps the profile public."""
    return bool(owner is not None and owner.active and owner.profile_public and owner.profile_token)


@rule("institution.staff_roles")
def _change_staff_roles(user, member) -> bool:
    """Give or take away a staff member's instructor or partner admin role: whoever manages the member's
    institution; an administrator's roles only by administrators."""
    if member is None or member.institution is None or not _manage_institution(user, member.institution):
        return False
    return is_admin(user) or not member.has_role(Role.ADMIN)


# --- Reports -----------------------------------------------------------------------------------------


@rule("reports.view")
def _view_reports(user, obj=None) -> bool:
    """The reports: admins (every course), partner admins of an institution (the courses it is linked to)
    and instructors (the courses they teach). Which courses each sees is training/reports/services.scope_for."""
    if is_admin(user):
        return True
    return _authenticated(user) and (
        user.has_role(Role.INSTRUCTOR) or (user.has_role(Role.PARTNER_ADMIN) and user.institution_id is not None)
    )
