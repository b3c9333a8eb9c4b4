"""Learning views: resume, read a module, mark it complete, download attachments."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.courses.enrolment import find_enrolment
from training.courses.forms import ActionForm
from training.courses.progress import completed_module_ids, mark_complete, resume_module, visit
from training.courses.routes import bp, load_course, load_module
from training.extensions import db
from training.markdown import render as render_markdown
from training.storage import file_response


@bp.route("/<slug>/learn")
@login_required
def learn(slug: str):
    course = load_course(slug, "course.study")
    enrolment = find_enrolment(current_user, course)
    module = resume_module(enrolment, course.modules) if enrolment else (course.modules or [None])[0]
    if module is None:
        flash(_("This course has no modules yet."), "info")
        return redirect(url_for("courses.show", slug=slug))
    return redirect(url_for("courses.module", slug=slug, module_id=module.id))


@bp.route("/<slug>/modules/<int:module_id>")
@login_required
def module(slug: str, module_id: int):
    course = load_course(slug, "course.study")
    current = load_module(course, module_id)
    enrolment = find_enrolment(current_user, course)
    done = completed_module_ids(enrolment) if enrolment else set()
    # Commit only a change: a commit expires everything loaded, and the page would read it all again.
    if enrolment is not None and visit(enrolment, current):
        db.session.commit()
    modules = course.modules
    index = modules.index(current)
    return render_template(
        "courses/module.html",
        course=course,
        module=current,
        modules=modules,
        done=done,
        enrolment=enrolment,
        body=render_markdown(current.body),
        previous=modules[index - 1] if index > 0 else None,
        following=modules[index + 1] if index + 1 < len(modules) else None,
        action_form=ActionForm(),
        percent=round(100 * len(done & {m.id for m in modules}) / len(modules)) if modules else 0,
    )


@bp.route("/<slug>/modules/<int:module_id>/complete", methods=["POST"])
@login_required
def complete_module(slug: str, module_id: int):
    course = load_course(slug, "course.study")
    current = load_module(course, module_id)
    enrolment = find_enrolment(current_user, course)
    if enrolment is None or enrolment.status not in {"active", "completed"}:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    was_completed = enrolment.status == "completed"
    mark_complete(enrolment, current)
    db.session.commit()
    if enrolment.status == "completed" and not was_completed:
        flash(_("Congratulations: you have completed every required module of this course."), "success")
    modules = course.modules
    index = modules.index(current)
    if index + 1 < len(modules):
        return redirect(url_for("courses.module", slug=slug, module_id=modules[index + 1].id))
    return redirect(url_for("courses.module", slug=slug, module_id=current.id))


@bp.route("/<slug>/modules/<int:module_id>/attachments/<int:attachment_id>")
@login_required
def attachment(slug: str, module_id: int, attachment_id: int):
    course = load_course(slug, "course.study")
    current = load_module(course, module_id)
    item = next((a for a in current.attachments if a.id == attachment_id), None) or abort(404)
    return file_response(item.storage_key, item.content_type, download_name=item.filename)
