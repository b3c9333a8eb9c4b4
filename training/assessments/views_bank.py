"""Question-bank views: browse, write and edit questions, categories, GIFT import and export, regrade."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training.assessments import bank, editing, grading, marking
from training.assessments.forms import (
    TYPE_LABELS,
    CategoryForm,
    GiftConfirmForm,
    GiftUploadForm,
    QuestionForm,
    RegradeForm,
)
from training.assessments.models import QUESTION_TYPES, Question, QuestionCategory
from training.assessments.routes import bp, int_arg, load_question
from training.courses.forms import ActionForm, objective_choices
from training.courses.routes import load_course
from training.courses.services import CourseError, objectives_by_code
from training.extensions import db
from training.forms import confirmed_upload, uploaded_bytes
from training.objectives.services import top_level
from training.pagination import paginate
from training.storage import stage_upload, storage

MAX_GIFT_BYTES = 1024 * 1024


@bp.route("/<slug>/questions")
@login_required
def bank_page(slug: str):
    course = load_course(slug, "course.manage")
    stmt = (
        select(Question)
        .where(Question.course_id == course.id, Question.archived.is_(False))
        .options(selectinload(Question.category), selectinload(Question.objectives))
        .order_by(Question.category_id, Question.id)
    )
    category_id = int_arg("category")
    qtype = request.args.get("type", "")
    if category_id:
        stmt = stmt.where(Question.category_id == category_id)
    if qtype in QUESTION_TYPES:
        stmt = stmt.where(Question.type == qtype)
    categories = bank.categories(course)
    return render_template(
        "assessments/bank.html",
        course=course,
        page=paginate(stmt, per_page=30),
        categories=categories,
        parents={c.name.rsplit("/", 1)[0] for c in categories if "/" in c.name},
        counts=bank.category_counts(course),
        category_id=category_id,
        qtype=qtype,
        type_labels=TYPE_LABELS,
        category_form=CategoryForm(),
        action_form=ActionForm(),
    )


def _question_form(course, question: Question | None, qtype: str) -> QuestionForm:
    data = None
    if request.method == "GET":
        if question is not None:
            spec = question.spec or {}
            data = {
                "name": question.name,
                "category": question.category.name,
                "prompt": question.prompt,
                "prompt_format": question.prompt_format,
                "points": question.points,
                "module_id": question.module_id or 0,
                "objectives": [o.code for o in question.objectives],
                "answers": editing.rows_from_spec(qtype, spec),
                "truth": "true" if spec.get("answer", True) else "false",
                "feedback_true": spec.get("feedback_true", ""),
                "feedback_false": spec.get("feedback_false", ""),
                "case_sensitive": spec.get("case_sensitive", False),
                "shuffle": spec.get("shuffle", True),
                "general_feedback": question.general_feedback,
            }
        else:
            data = {"answers": editing.starter_rows(qtype), "category": request.args.get("category", "")}
    form = QuestionForm(data=data)
    form.objectives.choices = objective_choices(top_level())
    form.module_id.choices = [(0, _("No module"))] + [(m.id, m.title) for m in course.modules]
    return form


@bp.route("/<slug>/questions/new", methods=["GET", "POST"])
@bp.route("/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def question_form(slug: str, question_id: int | None = None):
    course = load_course(slug, "course.manage")
    question = load_question(course, question_id) if question_id else None
    qtype = question.type if question else request.args.get("type", "single_choice")
    if qtype not in QUESTION_TYPES:
        abort(404)
    form = _question_form(course, question, qtype)
    problems: list[str] = []
    if form.validate_on_submit():
        spec = editing.spec_from_rows(
            qtype,
            [row.data for row in form.answers],
            truth=form.truth.data == "true",
            feedback_true=form.feedback_true.data or "",
            feedback_false=form.feedback_false.data or "",
            case_sensitive=form.case_sensitive.data,
            shuffle=form.shuffle.data,
        )
        fields = bank.QuestionFields(
            type=qtype,
            name=form.name.data or "",
            prompt=form.prompt.data,
            prompt_format=form.prompt_format.data,
            general_feedback=form.general_feedback.data or "",
            spec=spec,
            points=form.points.data,
            id_number=question.id_number if question else "",
            tags=list(question.tags or []) if question else [],
        )
        problems = bank.problems(fields)
        if not problems:
            try:
                objectives = objectives_by_code(form.objectives.data)
            except CourseError:
                form.objectives.errors = [_("Choose objectives from the list.")]
            else:
                regrade = question is not None and bank.key_changed(question, qtype, spec)
                module = next((m for m in course.modules if m.id == form.module_id.data), None)
                saved = bank.save_question(
                    current_user,
                    course,
                    question,
                    fields,
                    category_name=form.category.data,
                    module=module,
                    objectives=objectives,
                )
                db.session.commit()
                flash(_("The question “%(name)s” has been saved.", name=saved.name), "success")
                if regrade and bank.answered_attempt_count(saved):
                    return redirect(url_for("assessments.regrade", slug=slug, question_id=saved.id))
                return redirect(url_for("assessments.bank_page", slug=slug, category=saved.category_id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "assessments/question_form.html",
        course=course,
        question=question,
        qtype=qtype,
        form=form,
        problems=problems,
        type_labels=TYPE_LABELS,
    ), status


@bp.route("/<slug>/questions/<int:question_id>")
@login_required
def question_preview(slug: str, question_id: int):
    course = load_course(slug, "course.manage")
    question = load_question(course, question_id)
    return render_template(
        "assessments/question_preview.html",
        course=course,
        question=question,
        key=grading.correct_answer_text(question.type, question.spec or {}),
        type_labels=TYPE_LABELS,
        action_form=ActionForm(),
    )


@bp.route("/<slug>/questions/<int:question_id>/delete", methods=["POST"])
@login_required
def question_delete(slug: str, question_id: int):
    course = load_course(slug, "course.manage")
    question = load_question(course, question_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    outcome = bank.retire_question(current_user, question)
    db.session.commit()
    if outcome == "archived":
        flash(_("The question was used in assessments, so it was archived: past attempts keep it."), "info")
    else:
        flash(_("The question has been deleted."), "success")
    return redirect(url_for("assessments.bank_page", slug=slug))


@bp.route("/<slug>/questions/<int:question_id>/regrade", methods=["GET", "POST"])
@login_required
def regrade(slug: str, question_id: int):
    course = load_course(slug, "course.grade")
    question = load_question(course, question_id)
    form = RegradeForm()
    if form.validate_on_submit():
        changed = marking.regrade_question(current_user, question)
        db.session.commit()
        flash(_("Regraded: %(n)d answer(s) changed.", n=changed), "success")
        return redirect(url_for("assessments.bank_page", slug=slug, category=question.category_id))
    return render_template(
        "assessments/regrade.html",
        course=course,
        question=question,
        form=form,
        attempts=bank.answered_attempt_count(question),
    )


@bp.route("/<slug>/questions/categories", methods=["POST"])
@login_required
def category_add(slug: str):
    course = load_course(slug, "course.manage")
    form = CategoryForm()
    if not form.validate_on_submit():
        flash(_("Give the category a name (at most 255 characters)."), "error")
        return redirect(url_for("assessments.bank_page", slug=slug))
    created = bank.category(course, form.name.data)
    db.session.commit()
    return redirect(url_for("assessments.bank_page", slug=slug, category=created.id))


@bp.route("/<slug>/questions/categories/<int:category_id>/delete", methods=["POST"])
@login_required
def category_delete(slug: str, category_id: int):
    course = load_course(slug, "course.manage")
    cat = db.session.get(QuestionCategory, category_id)
    if cat is None or cat.course_id != course.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        bank.delete_category(current_user, cat)
    except bank.BankError:
        db.session.rollback()
        flash(_("Only an empty category that no assessment draws from can be deleted."), "error")
    else:
        db.session.commit()
        flash(_("The category has been deleted."), "success")
    return redirect(url_for("assessments.bank_page", slug=slug))


@bp.route("/<slug>/questions/import", methods=["GET", "POST"])
@login_required
def gift_import(slug: str):
    course = load_course(slug, "course.manage")
    form = GiftUploadForm()
    if form.validate_on_submit():
        data = uploaded_bytes(form.file)
        if not data:
            form.file.errors = [_("Choose a GIFT file.")]
        elif len(data) > MAX_GIFT_BYTES:
            form.file.errors = [_("The file is larger than 1 MB; split it into smaller files.")]
        else:
            plan = bank.plan_import(data, form.category.data)
            token = stage_upload(data, f"gift{course.id}", "gift") if plan.ok else ""
            return render_template(
                "assessments/import_preview.html",
                course=course,
                plan=plan,
                type_labels=TYPE_LABELS,
                confirm_form=GiftConfirmForm(token=token, category=form.category.data),
            ), (200 if plan.ok else 400)
    status = 400 if form.is_submitted() else 200
    return render_template("assessments/import.html", course=course, form=form), status


@bp.route("/<slug>/questions/import/confirm", methods=["POST"])
@login_required
def gift_import_confirm(slug: str):
    course = load_course(slug, "course.manage")
    form = GiftConfirmForm()
    data = confirmed_upload(form, f"gift{course.id}")
    if data is None:
        return redirect(url_for("assessments.gift_import", slug=slug))
    plan = bank.plan_import(data, form.category.data)
    if not plan.ok:
        flash(_("The file no longer imports cleanly; upload it again."), "error")
        return redirect(url_for("assessments.gift_import", slug=slug))
    created = bank.apply_import(current_user, course, plan)
    db.session.commit()
    storage().delete(form.token.data)
    flash(_("%(n)d question(s) imported.", n=len(created)), "success")
    return redirect(url_for("assessments.bank_page", slug=slug))


@bp.route("/<slug>/questions/export")
@login_required
def gift_export(slug: str):
    course = load_course(slug, "course.manage")
    category_id = int_arg("category")
    text = bank.export_gift(course, {category_id} if category_id else None)
    return Response(
        text,
        mimetype="text/plain",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}-questions.gift.txt"'},
    )
