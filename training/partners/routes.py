"""Partner portal pages: an institution's courses in figures, its staff, and co-hosting requests."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training import policy
from training.admin.forms import ROLE_LABELS
from training.auth.models import User
from training.courses.forms import ActionForm
from training.courses.models import CohostRequest, Course
from training.extensions import db
from training.institutions.models import Institution
from training.pagination import paginate
from training.partners import portal, services
from training.partners.forms import CohostRequestForm, InviteForm, RoleForm
from training.partners.mails import send_staff_invitation

bp = Blueprint("partners", __name__, url_prefix="/partner")


def _load_institution(institution_id: int) -> Institution:
    return policy.load_or_404(Institution, institution_id, "institution.portal")


def _load_member(institution: Institution, user_id: int) -> User:
    """One of the institution's users; anyone else is a 404, like a missing one."""
    user = db.session.get(User, user_id)
    if user is None or user.institution_id != institution.id:
        abort(404)
    return user


def _load_request(institution: Institution, request_id: int) -> CohostRequest:
    """A request for one of the courses this institution hosts."""
    cohost_request = db.session.get(CohostRequest, request_id)
    if (
        cohost_request is None
        or not services.is_host(institution.id, cohost_request.course)
        or not policy.can("cohost.decide", cohost_request)
    ):
        abort(404)
    return cohost_request


@bp.route("/")
@login_required
def index():
    """A partner admin goes to their institution's portal; an administrator picks an institution."""
    policy.require("institution.list_managed")
    if not policy.is_admin(current_user):
        return redirect(url_for("partners.courses", institution_id=current_user.institution_id))
    page = paginate(select(Institution).order_by(Institution.name))
    return render_template("partners/index.html", page=page)


@bp.route("/<int:institution_id>")
@login_required
def courses(institution_id: int):
    institution = _load_institution(institution_id)
    figures = portal.course_figures(institution.id)
    # As the "course.certify" rule, from the figures' certifier rather than a course loaded per row.
    approvable = {
        c.id for c in figures if policy.is_admin(current_user) or c.certifier_id == current_user.institution_id
    }
    return render_template(
        "partners/courses.html",
        institution=institution,
        courses=figures,
        approvable=approvable,
        totals=portal.totals(figures),
        incoming_count=services.incoming_count(institution),
    )


def _staff_page(institution: Institution, form: InviteForm, status: int = 200):
    q = request.args.get("q", "")[:100]
    role = request.args.get("role", "")
    role = role if role in ROLE_LABELS else ""
    page = paginate(services.staff_query(institution, q, role), per_page=50)
    return render_template(
        "partners/staff.html",
        institution=institution,
        page=page,
        q=q,
        role=role,
        form=form,
        role_form=RoleForm(),
        role_labels=ROLE_LABELS,
        staff_roles=services.STAFF_ROLES,
        partner_admins=services.active_partner_admins(institution.id),
        incoming_count=services.incoming_count(institution),
    ), status


@bp.route("/<int:institution_id>/staff")
@login_required
def staff(institution_id: int):
    return _staff_page(_load_institution(institution_id), InviteForm())


@bp.route("/<int:institution_id>/staff/invite", methods=["POST"])
@login_required
def invite(institution_id: int):
    institution = _load_institution(institution_id)
    form = InviteForm()
    if not form.validate_on_submit():
        return _staff_page(institution, form, 400)
    try:
        invitation = services.invite(
            current_user,
            institution,
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            locale=str(get_locale() or "en"),
        )
    except services.PartnerError as error:
        db.session.rollback()
        form.email.errors = [str(error)]
        return _staff_page(institution, form, 400)
    db.session.commit()
    user, label = invitation.user, ROLE_LABELS[form.role.data]
    if invitation.created:
        send_staff_invitation(user, invitation.token, institution, label)
        flash(_("%(email)s has been invited as %(role)s.", email=user.email, role=label), "success")
    elif invitation.granted:
        flash(_("%(name)s is now %(role)s.", name=user.name, role=label), "success")
    else:
        flash(_("%(name)s already has this role.", name=user.name), "info")
    return redirect(url_for("partners.staff", institution_id=institution.id))


@bp.route("/<int:institution_id>/staff/<int:user_id>/roles", methods=["POST"])
@login_required
def change_role(institution_id: int, user_id: int):
    institution = _load_institution(institution_id)
    user = _load_member(institution, user_id)
    form = RoleForm()
    back = redirect(url_for("partners.staff", institution_id=institution.id))
    if not form.validate_on_submit():
        flash(_("Choose a role to give or take away."), "error")
        return back
    grant = form.change.data == "grant"
    try:
        changed = services.change_role(current_user, institution, user, form.role.data, grant)
    except services.PartnerError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    db.session.commit()
    label = ROLE_LABELS[form.role.data]
    if not changed:
        flash(_("Nothing to change."), "info")
    elif grant:
        flash(_("%(name)s is now %(role)s.", name=user.name, role=label), "success")
    else:
        flash(_("%(name)s is no longer %(role)s.", name=user.name, role=label), "success")
    return back


def _cohosting_page(institution: Institution, form: CohostRequestForm, status: int = 200):
    return render_template(
        "partners/cohosting.html",
        institution=institution,
        form=form,
        incoming=services.incoming_requests(institution),
        outgoing=services.outgoing_requests(institution),
        decision_form=ActionForm(),
    ), status


@bp.route("/<int:institution_id>/cohosting", methods=["GET", "POST"])
@login_required
def cohosting(institution_id: int):
    institution = _load_institution(institution_id)
    form = CohostRequestForm(courses=services.requestable_courses(institution))
    if not form.is_submitted():
        return _cohosting_page(institution, form)
    if not form.validate():
        return _cohosting_page(institution, form, 400)
    course = db.session.get(Course, form.course_id.data)
    try:
        services.request_cohosting(current_user, institution, course, form.message.data)
    except services.PartnerError as error:
        db.session.rollback()
        form.course_id.errors = [str(error)]
        return _cohosting_page(institution, form, 400)
    db.session.commit()
    flash(_("Your request to co-host “%(course)s” has been sent to its host.", course=course.title), "success")
    return redirect(url_for("partners.cohosting", institution_id=institution.id))


@bp.route("/<int:institution_id>/cohosting/<int:request_id>/accept", methods=["POST"])
@login_required
def accept(institution_id: int, request_id: int):
    return _decide(institution_id, request_id, accept=True)


@bp.route("/<int:institution_id>/cohosting/<int:request_id>/decline", methods=["POST"])
@login_required
def decline(institution_id: int, request_id: int):
    return _decide(institution_id, request_id, accept=False)


def _decide(institution_id: int, request_id: int, *, accept: bool):
    institution = _load_institution(institution_id)
    cohost_request = _load_request(institution, request_id)
    back = redirect(url_for("partners.cohosting", institution_id=institution.id))
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.decide(current_user, cohost_request, accept)
    except services.PartnerError as error:
        db.session.rollback()
        flash(str(error), "error")
        return back
    db.session.commit()
    values = {"institution": cohost_request.institution.name, "course": cohost_request.course.title}
    if accept:
        flash(_("%(institution)s now co-hosts “%(course)s”.", **values), "success")
    else:
        flash(_("The request of %(institution)s to co-host “%(course)s” has been declined.", **values), "success")
    return back
