"""The partner portal's rules: an institution's staff roles and invitations, and co-hosting requests.

No request or template in here; callers commit, then send the mail this returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from training.audit.services import record
from training.auth.models import Role, User, UserRole
from training.auth.services import create_user, find_user, issue_token, normalise_email
from training.courses.models import CohostRequest, Course, CourseInstitution, CourseStatus, InstitutionRole
from training.db import utcnow
from training.extensions import db
from training.institutions.models import Institution

# The roles a partner institution gives and takes away itself; administrators are made by administrators.
STAFF_ROLES = (Role.INSTRUCTOR.value, Role.PARTNER_ADMIN.value)
PENDING, ACCEPTED, DECLINED = "pending", "accepted", "declined"


class PartnerError(ValueError):
    """A refused change; the message is safe to show."""


# --- Staff ----------------------------------------------------------------------------------------------


def staff_query(institution: Institution, q: str = "", role: str = ""):
    """The institution's users, by name; optionally those whose name or email contains ``q``, or with ``role``."""
    stmt = select(User).where(User.institution_id == institution.id).order_by(func.lower(User.name), User.id)
    # Control characters never match (and PostgreSQL refuses NUL in a query parameter).
    needle = "".join(ch for ch in (q or "") if ch >= " " and ch != "\x7f").strip().lower()[:100]
    if needle:
        stmt = stmt.where(
            func.lower(User.name).contains(needle, autoescape=True) | User.email.contains(needle, autoescape=True)
        )
    if role:
        stmt = stmt.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return stmt


def active_partner_admins(institution_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(
            User.institution_id == institution_id,
            User.active.is_(True),
            UserRole.role == Role.PARTNER_ADMIN.value,
        )
    )


def change_role(actor, institution: Institution, user: User, role: str, grant: bool) -> bool:
    """Give or take away a staff role of one of the institution's users. Returns whether anything changed.

    Callers have checked that ``user`` belongs to ``institution`` (else it is a 404 to them).
    """
    if user.institution_id != institution.id:
        raise PartnerError(_l("This person is not part of your institution."))
    if role not in STAFF_ROLES:
        raise PartnerError(_l("Only the instructor and partner administrator roles can be changed here."))
    if user.has_role(Role.ADMIN) and not actor.has_role(Role.ADMIN):
        raise PartnerError(_l("An administrator's roles are changed by administrators."))
    if grant == user.has_role(role):
        return False
    if not grant and role == Role.PARTNER_ADMIN.value and user.active and active_partner_admins(institution.id) <= 1:
        raise PartnerError(
            _l("%(name)s is the last partner administrator of the institution and keeps the role.", name=user.name)
        )
    before = sorted(user.roles)
    user.set_roles(user.roles | {role} if grant else user.roles - {role})
    record(
        actor,
        "staff.role_granted" if grant else "staff.role_removed",
        user,
        institution_id=institution.id,
        role=role,
        before=before,
        after=sorted(user.roles),
    )
    return True


@dataclass
class Invitation:
    user: User
    created: bool  # a new account, to be sent the link that sets its password
    token: str | None = None
    granted: bool = False  # the role was new to the person


def invite(actor, institution: Institution, *, email: str, name: str, role: str, locale: str = "en") -> Invitation:
    """Give ``role`` to the person with this address: a new account of the institution when there is none.

    An account that belongs to another institution, or to none, is not taken over: an administrator moves it.
    """
    if role not in STAFF_ROLES:
        raise PartnerError(_l("Choose the instructor or partner administrator role."))
    email = normalise_email(email)
    user = find_user(email)
    if user is None:
        user = create_user(
            email=email,
            name=name,
            password=None,
            institution_id=institution.id,
            roles={Role.TRAINEE.value, role},
            confirmed=True,  # the invitation link proves the mailbox, as for bulk enrolment
            locale=locale,
            actor=actor,
        )
        record(actor, "staff.invited", user, institution_id=institution.id, role=role)
        return Invitation(user, True, issue_token(user, "invite"), True)
    if user.institution_id != institution.id:
        raise PartnerError(
            _l(
                "This address already has an account that is not part of your institution. "
                "An administrator can move it to your institution."
            )
        )
    return Invitation(user, False, None, change_role(actor, institution, user, role, True))


# --- Co-hosting -----------------------------------------------------------------------------------------


def linked_course_ids(institution_id: int):
    """The ids of the courses an institution is linked to (host, co-host or certifying), as a subquery."""
    return select(CourseInstitution.course_id).where(CourseInstitution.institution_id == institution_id)


def _pending_course_ids(institution_id: int):
    return select(CohostRequest.course_id).where(
        CohostRequest.institution_id == institution_id, CohostRequest.status == PENDING
    )


def requestable_courses(institution: Institution) -> list[tuple[int, str]]:
    """(id, title) of the published courses the institution has no part in and has not asked for yet."""
    return list(
        db.session.execute(
            select(Course.id, Course.title)
            .where(
                Course.status == CourseStatus.PUBLISHED.value,
                Course.id.not_in(linked_course_ids(institution.id)),
                Course.id.not_in(_pending_course_ids(institution.id)),
            )
            .order_by(func.lower(Course.title), Course.id)
        ).tuples()
    )


def request_cohosting(actor, institution: Institution, course: Course, message: str) -> CohostRequest:
    if course.status != CourseStatus.PUBLISHED.value:
        raise PartnerError(_l("Only a published course can be co-hosted."))
    if any(link.institution_id == institution.id for link in course.institution_links):
        raise PartnerError(_l("Your institution already takes part in this course."))
    request = CohostRequest(
        course_id=course.id,
        institution_id=institution.id,
        message=(message or "").strip()[:1000],
        status=PENDING,
        requested_by_id=getattr(actor, "id", None),
    )
    try:
        with db.session.begin_nested():  # a second pending request loses on the unique index
            db.session.add(request)
    except IntegrityError:
        raise PartnerError(_l("Your institution has already asked to co-host this course.")) from None
    record(actor, "cohost.requested", request, course_id=course.id, institution_id=institution.id)
    return request


def is_host(institution_id: int, course: Course) -> bool:
    return any(
        link.role == InstitutionRole.HOST.value and link.institution_id == institution_id
        for link in course.institution_links
    )


def decide(actor, request: CohostRequest, accept: bool) -> None:
    """Accept (the institution becomes a co-host) or decline a pending request."""
    if request.status != PENDING:
        raise PartnerError(_l("This request has already been decided."))
    if accept:
        course = request.course
        already = any(
            link.institution_id == request.institution_id and link.role == InstitutionRole.CO_HOST.value
            for link in course.institution_links
        )
        if not already:
            course.institution_links.append(
                CourseInstitution(institution_id=request.institution_id, role=InstitutionRole.CO_HOST.value)
            )
    request.status = ACCEPTED if accept else DECLINED
    request.decided_by_id = getattr(actor, "id", None)
    request.decided_at = utcnow()
    db.session.flush()
    record(
        actor,
        "cohost.accepted" if accept else "cohost.declined",
        request,
        course_id=request.course_id,
        institution_id=request.institution_id,
    )


def _hosted_course_ids(institution_id: int):
    return select(CourseInstitution.course_id).where(
        CourseInstitution.institution_id == institution_id, CourseInstitution.role == InstitutionRole.HOST.value
    )


def incoming_requests(institution: Institution) -> list[CohostRequest]:
    """Pending requests for the courses this institution hosts, oldest first."""
    return _requests(CohostRequest.course_id.in_(_hosted_course_ids(institution.id)), CohostRequest.status == PENDING)


def incoming_count(institution: Institution) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(CohostRequest)
        .where(CohostRequest.course_id.in_(_hosted_course_ids(institution.id)), CohostRequest.status == PENDING)
    )


def outgoing_requests(institution: Institution, limit: int = 50) -> list[CohostRequest]:
    """The institution's own requests, newest first."""
    return _requests(CohostRequest.institution_id == institution.id, newest_first=True, limit=limit)


def _requests(*conditions, newest_first: bool = False, limit: int | None = None) -> list[CohostRequest]:
    order = (
        (CohostRequest.created_at.desc(), CohostRequest.id.desc())
        if newest_first
        else (CohostRequest.created_at, CohostRequest.id)
    )
    stmt = (
        select(CohostRequest)
        .where(*conditions)
        .options(joinedload(CohostRequest.course), joinedload(CohostRequest.institution))
        .order_by(*order)
    )
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))
