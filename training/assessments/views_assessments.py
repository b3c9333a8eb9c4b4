"""Assessment views: the course's list, settings, questions and draws, publishing, rubrics."""

from __future__ import annotations

from datetime import UTC

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from training import policy
from training.assessments import attempts as attempt_rules
from training.assessments import bank, builder
from training.assessments.forms import (
    LATE_LABELS,
    METHOD_LABELS,
    REVIEW_LABELS,
    STATUS_LABELS,
    TYPE_LABELS,
    AddDrawForm,
    AddQuestionForm,
    AssessmentForm,
    RubricForm,
)
from training.assessments.models import AssessmentItem, Question, QuestionCategory
from training.assessments.routes import bp, load_assessment, load_rubric
from training.courses.forms import ActionForm, StatusForm
from training.courses.routes import load_course
from training.db import utcnow
from training.extensions import db


@bp.route("/<slug>/assessments")
@login_required
def assessment_list(slug: str):
    course = load_course(slug, "course.study")
    manage = policy.can("course.manage", course)
    assessments = builder.course_assessments(course, published_only=not manage)
    mine = {} if manage else attempt_rules.attempts_by_assessment(assessments, current_user)
    return render_template(
        "assessments/list.html",
        course=course,
        assessments=assessments,
        manage=manage,
        mine=mine,
        status_labels=STATUS_LABELS,
    )


def _settings(form: AssessmentForm) -> builder.Settings:
    def aware(value):
        return value.replace(tzinfo=UTC) if value is not None else None

    return builder.Settings(
        title=form.title.data,
        instructions=form.instructions.data or "",
        module_id=form.module_id.data or None,
        shuffle_questions=form.shuffle_questions.data,
        shuffle_options=form.shuffle_options.data,
        passing_score=form.passing_score.data,
        max_attempts=form.max_attempts.data,
        time_limit_minutes=form.time_limit_minutes.data,
        opens_at=aware(form.opens_at.data),
        closes_at=aware(form.closes_at.data),
        late_policy=form.late_policy.data,
        late_penalty=form.late_penalty.data,
        grading_method=form.grading_method.data,
        review_policy=form.review_policy.data,
        weight=form.weight.data,
        required=form.required.data,
    )


@bp.route("/<slug>/assessments/new", methods=["GET", "POST"])
@bp.route("/<slug>/assessments/<int:assessment_id>/settings", methods=["GET", "POST"])
@login_required
def assessment_form(slug: str, assessment_id: int | None = None):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id) if assessment_id else None
    form = AssessmentForm(obj=assessment)
    form.module_id.choices = [(0, _("The whole course"))] + [(m.id, m.title) for m in course.modules]
    if request.method == "GET" and assessment is not None:
        form.module_id.data = assessment.module_id or 0
        form.opens_at.data = assessment.opens_at.replace(tzinfo=None) if assessment.opens_at else None
        form.closes_at.data = assessment.closes_at.replace(tzinfo=None) if assessment.closes_at else None
    if form.validate_on_submit():
        try:
            saved = builder.save_assessment(current_user, course, assessment, _settings(form))
        except builder.BuildError as error:
            db.session.rollback()
            getattr(form, error.field or "title").errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The assessment “%(title)s” has been saved.", title=saved.title), "success")
            return redirect(url_for("assessments.assessment_edit", slug=slug, assessment_id=saved.id))
    status = 400 if form.is_submitted() else 200
    return render_template("assessments/settings.html", course=course, assessment=assessment, form=form), status


def _item_forms(course):
    questions = db.session.scalars(
        select(Question).where(Question.course_id == course.id, Question.archived.is_(False)).order_by(Question.name)
    ).all()
    rubric_choices = [(0, _("No rubric: a single score"))] + [(r.id, r.title) for r in builder.rubrics(course)]
    add_form = AddQuestionForm(prefix="q")
    add_form.question_id.choices = [(q.id, f"{q.name} · {TYPE_LABELS[q.type]}") for q in questions]
    add_form.rubric_id.choices = rubric_choices
    draw_form = AddDrawForm(prefix="d")
    counts = bank.category_counts(course)
    draw_form.category_id.choices = [
        (c.id, f"{c.name} ({counts.get(c.id, 0)})") for c in bank.categories(course) if counts.get(c.id)
    ]
    draw_form.rubric_id.choices = rubric_choices
    return add_form, draw_form


@bp.route("/<slug>/assessments/<int:assessment_id>/edit")
@login_required
def assessment_edit(slug: str, assessment_id: int):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id)
    add_form, draw_form = _item_forms(course)
    return render_template(
        "assessments/edit.html",
        course=course,
        assessment=assessment,
        add_form=add_form,
        draw_form=draw_form,
        action_form=ActionForm(),
        status_form=StatusForm(),
        type_labels=TYPE_LABELS,
        total=builder.total_points(assessment),
        problems=builder.publish_problems(assessment),
        has_attempts=builder.has_attempts(assessment),
        labels={"late": LATE_LABELS, "method": METHOD_LABELS, "review": REVIEW_LABELS},
    )


def _rubric_or_none(course, rubric_id: int):
    return load_rubric(course, rubric_id) if rubric_id else None


@bp.route("/<slug>/assessments/<int:assessment_id>/items", methods=["POST"])
@login_required
def item_add(slug: str, assessment_id: int):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id)
    add_form, draw_form = _item_forms(course)
    try:
        if request.form.get("kind") == "draw":
            if not draw_form.validate_on_submit():
                raise builder.BuildError(_("Choose a category, how many questions to draw and their points."))
            cat = db.session.get(QuestionCategory, draw_form.category_id.data)
            if cat is None or cat.course_id != course.id:
                abort(404)
            builder.add_draw(
                current_user,
                assessment,
                cat,
                draw_form.count.data,
                draw_form.points.data,
                _rubric_or_none(course, draw_form.rubric_id.data),
            )
        else:
            if not add_form.validate_on_submit():
                raise builder.BuildError(_("Choose a question from the list."))
            question = db.session.get(Question, add_form.question_id.data)
            if question is None:
                abort(404)
            builder.add_question(
                current_user,
                assessment,
                question,
                add_form.points.data,
                _rubric_or_none(course, add_form.rubric_id.data),
            )
    except builder.BuildError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Added."), "success")
    return redirect(url_for("assessments.assessment_edit", slug=slug, assessment_id=assessment.id))


def _item(assessment, item_id: int) -> AssessmentItem:
    for item in assessment.items:
        if item.id == item_id:
            return item
    abort(404)


@bp.route("/<slug>/assessments/<int:assessment_id>/items/<int:item_id>/<any(up,down,remove):action>", methods=["POST"])
@login_required
def item_change(slug: str, assessment_id: int, item_id: int, action: str):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id)
    item = _item(assessment, item_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if action == "remove":
        builder.remove_item(current_user, assessment, item)
    else:
        builder.move_item(current_user, assessment, item, -1 if action == "up" else 1)
    db.session.commit()
    return redirect(url_for("assessments.assessment_edit", slug=slug, assessment_id=assessment.id))


@bp.route("/<slug>/assessments/<int:assessment_id>/status", methods=["POST"])
@login_required
def assessment_status(slug: str, assessment_id: int):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        builder.set_status(current_user, assessment, form.status.data)
    except builder.BuildError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Published: trainees can take it.") if assessment.published else _("Unpublished."), "success")
    return redirect(url_for("assessments.assessment_edit", slug=slug, assessment_id=assessment.id))


@bp.route("/<slug>/assessments/<int:assessment_id>/delete", methods=["POST"])
@login_required
def assessment_delete(slug: str, assessment_id: int):
    course = load_course(slug, "course.manage")
    assessment = load_assessment(course, assessment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        builder.delete_assessment(current_user, assessment)
    except builder.BuildError:
        db.session.rollback()
        flash(_("Trainees have attempted this assessment; unpublish it instead of deleting it."), "error")
        return redirect(url_for("assessments.assessment_edit", slug=slug, assessment_id=assessment.id))
    db.session.commit()
    flash(_("The assessment has been deleted."), "success")
    return redirect(url_for("assessments.assessment_list", slug=slug))


@bp.route("/<slug>/rubrics")
@login_required
def rubric_list(slug: str):
    course = load_course(slug, "course.manage")
    return render_template("assessments/rubrics.html", course=course, rubrics=builder.rubrics(course))


@bp.route("/<slug>/rubrics/new", methods=["GET", "POST"])
@bp.route("/<slug>/rubrics/<int:rubric_id>/edit", methods=["GET", "POST"])
@login_required
def rubric_form(slug: str, rubric_id: int | None = None):
    course = load_course(slug, "course.manage")
    rubric = load_rubric(course, rubric_id) if rubric_id else None
    form = RubricForm(
        data={"title": rubric.title, "criteria": builder.rubric_text(rubric)}
        if rubric and request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            builder.save_rubric(current_user, course, rubric, form.title.data, form.criteria.data)
        except builder.BuildError as error:
            db.session.rollback()
            form.criteria.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("The rubric has been saved."), "success")
            return redirect(url_for("assessments.rubric_list", slug=slug))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "assessments/rubric_form.html", course=course, rubric=rubric, form=form, now=utcnow()
    ), status
