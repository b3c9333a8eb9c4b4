"""Authoring views: courses, modules, attachments, status, staff and partner institutions."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from training import policy
from training.auth.services import find_user
from training.courses import services
from training.courses.forms import (
    ROLE_LABELS,
    ActionForm,
    AttachmentForm,
    CourseForm,
    InstitutionLinkForm,
    InstructorForm,
    ModuleForm,
    PreviewForm,
    StatusForm,
)
from training.courses.models import Course, CourseInstitution, course_instructors
from training.courses.routes import bp, load_course, load_module
from training.extensions import db
from training.forms import uploaded_bytes
from training.institutions.models import Institution
from training.institutions.services import discard_file
from training.markdown import render as render_markdown
from training.objectives.services import top_level
from training.pagination import paginate
from training.uploads import UploadError

ERRORS = {
    "slug taken": ("slug", lambda: _("Another course already uses this web address.")),
    "key required": ("enrolment_key", lambda: _("Set an enrolment key for key enrolment.")),
    "unknown objective code": ("objectives", lambda: _("Choose objectives from the list.")),
}


@bp.route("/manage")
@login_required
def manage():
    policy.require("course.list_managed")
    stmt = (
        select(Course)
        .order_by(Course.created_at.desc(), Course.id.desc())
        .options(selectinload(Course.institution_links), selectinload(Course.instructors))
    )
    if not policy.is_admin(current_user):
        mine = select(course_instructors.c.course_id).where(course_instructors.c.user_id == current_user.id)
        partner = select(CourseInstitution.course_id).where(
            CourseInstitution.institution_id == current_user.institution_id
        )
        conditions = [Course.id.in_(mine)]
        if current_user.has_role("partner_admin") and current_user.institution_id:
            conditions.append(Course.id.in_(partner))
        stmt = stmt.where(or_(*conditions))
    return render_template("courses/manage.html", page=paginate(stmt))


def _save_course(form: CourseForm, course: Course | None):
    slug = form.slug.data or services.unique_slug(
        services.slugify(form.title.data), None if course is None else course.id
    )
    try:
        saved, old_cover = services.save_course(
            current_user,
            course,
            title=form.title.data,
            slug=slug,
            summary=form.summary.data,
            description=form.description.data or "",
            language=form.language.data,
            level=form.level.data,
            estimated_hours=form.estimated_hours.data,
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            enrolment_mode=form.enrolment_mode.data,
            enrolment_key=form.enrolment_key.data or None,
            capacity=form.capacity.data,
            objective_codes=form.objectives.data,
            cover=uploaded_bytes(form.cover),
            certificate_mode=form.certificate_mode.data,
            certificate_min_grade=form.certificate_min_grade.data,
            certificate_valid_months=form.certificate_valid_months.data,
        )
    except UploadError as exc:
        db.session.rollback()
        form.cover.errors = [str(exc)]
        return None
    except services.CourseError as exc:
        db.session.rollback()
        reason = str(exc)
        field, message = ERRORS.get(reason, ("title", lambda: reason))
        getattr(form, field).errors = [message()]
        return None
    db.session.commit()
    discard_file(old_cover)
    return saved


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    policy.require("course.create")
    form = CourseForm(objectives=top_level())
    if form.validate_on_submit() and (course := _save_course(form, None)):
        flash(_("The course has been created as a draft. Add its modules, then publish it."), "success")
        return redirect(url_for("courses.edit", slug=course.slug))
    status = 400 if form.is_submitted() else 200
    return render_template("courses/form.html", form=form, course=None), status


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    course = load_course(slug, "course.manage")
    form = CourseForm(obj=course, objectives=top_level())
    if request.method == "GET":
        form.objectives.data = [o.code for o in course.objectives]
    if form.validate_on_submit() and _save_course(form, course):
        flash(_("The course has been saved."), "success")
        return redirect(url_for("courses.edit", slug=course.slug))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "courses/form.html",
        form=form,
        course=course,
        status_form=StatusForm(),
        action_form=ActionForm(),
        problems=services.publish_problems(course),
    ), status


@bp.route("/<slug>/status", methods=["POST"])
@login_required
def change_status(slug: str):
    course = load_course(slug, "course.manage")
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_status(current_user, course, form.status.data)
    except services.CourseError as exc:
        db.session.rollback()
        flash(_("The course cannot change to that status: %(why)s", why=str(exc)), "error")
    else:
        db.session.commit()
        flash(
            {
                "published": _("The course is published and listed in the catalog."),
                "archived": _("The course is archived: enrolled trainees can still read it."),
                "draft": _("The course is back to draft and hidden from the catalog."),
            }[course.status],
            "success",
        )
    return redirect(url_for("courses.edit", slug=course.slug))


@bp.route("/preview", methods=["POST"])
@login_required
def preview():
    policy.require("course.create")
    form = PreviewForm()
    if not form.validate_on_submit():
        return jsonify(error=_("The preview could not be made.")), 400
    return jsonify(html=str(render_markdown(form.text.data)))


@bp.route("/<slug>/modules/new", methods=["GET", "POST"])
@bp.route("/<slug>/modules/<int:module_id>/edit", methods=["GET", "POST"])
@login_required
def module_form(slug: str, module_id: int | None = None):
    course = load_course(slug, "course.manage")
    module = load_module(course, module_id) if module_id else None
    form = ModuleForm(obj=module, objectives=top_level())
    if request.method == "GET" and module is not None:
        form.objectives.data = [o.code for o in module.objectives]
    if form.validate_on_submit():
        try:
            saved = services.save_module(
                current_user,
                course,
                module,
                title=form.title.data,
                body=form.body.data or "",
                required=form.required.data,
                estimated_minutes=form.estimated_minutes.data,
                objective_codes=form.objectives.data,
            )
        except services.CourseError:
            db.session.rollback()
            form.objectives.errors = [_("Choose objectives from the list.")]
        else:
            db.session.commit()
            flash(_("The module “%(title)s” has been saved.", title=saved.title), "success")
            return redirect(url_for("courses.module_form", slug=course.slug, module_id=saved.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "courses/module_form.html",
        form=form,
        course=course,
        module=module,
        attachment_form=AttachmentForm(),
        action_form=ActionForm(),
        preview=render_markdown(form.body.data),
    ), status


@bp.route("/<slug>/modules/<int:module_id>/move/<direction>", methods=["POST"])
@login_required
def move_module(slug: str, module_id: int, direction: str):
    course = load_course(slug, "course.manage")
    module = load_module(course, module_id)
    if direction not in {"up", "down"} or not ActionForm().validate_on_submit():
        abort(400)
    services.move_module(current_user, course, module, -1 if direction == "up" else 1)
    db.session.commit()
    return redirect(url_for("courses.edit", slug=course.slug) + "#modules")


@bp.route("/<slug>/modules/<int:module_id>/delete", methods=["POST"])
@login_required
def delete_module(slug: str, module_id: int):
    course = load_course(slug, "course.manage")
    module = load_module(course, module_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    keys = services.delete_module(current_user, course, module)
    db.session.commit()
    for key in keys:
        discard_file(key)
    flash(_("The module has been deleted."), "success")
    return redirect(url_for("courses.edit", slug=course.slug) + "#modules")


@bp.route("/<slug>/modules/<int:module_id>/attachments", methods=["POST"])
@login_required
def add_attachment(slug: str, module_id: int):
    course = load_course(slug, "course.manage")
    module = load_module(course, module_id)
    form = AttachmentForm()
    data = uploaded_bytes(form.file) if form.validate_on_submit() else None
    if not data:
        flash(_("Choose a file to attach."), "error")
        return redirect(url_for("courses.module_form", slug=slug, module_id=module.id)), 303
    try:
        services.add_attachment(current_user, module, filename=form.file.data.filename, data=data)
    except UploadError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The file has been attached."), "success")
    return redirect(url_for("courses.module_form", slug=slug, module_id=module.id))


@bp.route("/<slug>/modules/<int:module_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(slug: str, module_id: int, attachment_id: int):
    course = load_course(slug, "course.manage")
    module = load_module(course, module_id)
    attachment = next((a for a in module.attachments if a.id == attachment_id), None) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    key = services.delete_attachment(current_user, attachment)
    db.session.commit()
    discard_file(key)
    flash(_("The attachment has been removed."), "success")
    return redirect(url_for("courses.module_form", slug=slug, module_id=module.id))


@bp.route("/<slug>/staff", methods=["GET", "POST"])
@login_required
def staff(slug: str):
    course = load_course(slug, "course.manage")
    institutions = db.session.scalars(select(Institution).order_by(Institution.name)).all()
    instructor_form = InstructorForm(prefix="instructor")
    link_form = InstitutionLinkForm(prefix="link", institutions=institutions)
    status = 200
    if request.method == "POST":
        status = 400
        if "instructor-email" in request.form and instructor_form.validate_on_submit():
            try:
                services.add_instructor(current_user, course, find_user(instructor_form.email.data))
            except services.CourseError:
                db.session.rollback()
                instructor_form.email.errors = [_("No instructor account uses this email address.")]
            else:
                db.session.commit()
                flash(_("The instructor has been added."), "success")
                return redirect(url_for("courses.staff", slug=slug))
        elif "link-institution_id" in request.form and link_form.validate_on_submit():
            institution = db.session.get(Institution, link_form.institution_id.data) or abort(400)
            services.link_institution(current_user, course, institution, link_form.role.data)
            db.session.commit()
            flash(_("%(name)s is now linked to the course.", name=institution.name), "success")
            return redirect(url_for("courses.staff", slug=slug))
    return render_template(
        "courses/staff.html",
        course=course,
        instructor_form=instructor_form,
        link_form=link_form,
        action_form=ActionForm(),
        role_labels=ROLE_LABELS,
    ), status


@bp.route("/<slug>/staff/instructors/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_instructor(slug: str, user_id: int):
    course = load_course(slug, "course.manage")
    user = next((u for u in course.instructors if u.id == user_id), None) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.remove_instructor(current_user, course, user)
    except services.CourseError:
        db.session.rollback()
        flash(_("A course needs at least one instructor."), "error")
    else:
        db.session.commit()
        flash(_("The instructor has been removed."), "success")
    return redirect(url_for("courses.staff", slug=slug))


@bp.route("/<slug>/staff/institutions/<int:institution_id>/<role>/remove", methods=["POST"])
@login_required
def unlink_institution(slug: str, institution_id: int, role: str):
    course = load_course(slug, "course.manage")
    if role not in ROLE_LABELS or not ActionForm().validate_on_submit():
        abort(400)
    services.unlink_institution(current_user, course, institution_id, role)
    db.session.commit()
    flash(_("The institution has been unlinked."), "success")
    return redirect(url_for("courses.staff", slug=slug))
