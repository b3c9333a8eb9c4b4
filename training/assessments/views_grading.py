"""Grading views: the queue of essays, grading one answer with a rubric, and the gradebook (page and CSV)."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from training import policy
from training.assessments import gradebook, marking
from training.assessments.forms import STATUS_LABELS, grade_form_for
from training.assessments.models import Attempt, AttemptAnswer
from training.assessments.routes import bp, int_arg, load_rubric
from training.courses.routes import load_course
from training.db import utcnow
from training.extensions import db
from training.markdown import render as render_markdown
from training.pagination import paginate


@bp.route("/<slug>/grading")
@login_required
def grading_queue(slug: str):
    course = load_course(slug, "course.grade")
    if gradebook.close_overdue(course, utcnow()):
        db.session.commit()
    page = paginate(marking.waiting_answers(course), per_page=50)
    return render_template("assessments/queue.html", course=course, page=page)


def _load_answer(course, answer_id: int) -> AttemptAnswer:
    answer = db.session.scalar(
        select(AttemptAnswer)
        .where(AttemptAnswer.id == answer_id)
        .options(
            selectinload(AttemptAnswer.attempt).selectinload(Attempt.assessment), selectinload(AttemptAnswer.question)
        )
    )
    if answer is None or answer.attempt.assessment.course_id != course.id:
        abort(404)
    return answer


def _rubric_for(course, answer: AttemptAnswer):
    """The rubric already used for this answer, else its assessment slot's rubric."""
    if answer.rubric_id:
        return load_rubric(course, answer.rubric_id)
    if answer.item_id:
        item = next((i for i in answer.attempt.assessment.items if i.id == answer.item_id), None)
        if item is not None and item.rubric_id:
            return item.rubric
    return None


@bp.route("/<slug>/grading/<int:answer_id>", methods=["GET", "POST"])
@login_required
def grade_answer(slug: str, answer_id: int):
    course = load_course(slug, "course.grade")
    answer = _load_answer(course, answer_id)
    if answer.attempt.in_progress or answer.question.type == "description":
        abort(404)
    rubric = _rubric_for(course, answer)
    form = grade_form_for(rubric, answer, formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        choices = {c["id"]: getattr(form, f"criterion_{c['id']}").data for c in (rubric.criteria if rubric else [])}
        try:
            marking.grade_answer(
                current_user,
                answer,
                feedback=form.feedback.data or "",
                rubric=rubric,
                choices=choices,
                score=form.score.data,
            )
        except marking.MarkingError as error:
            db.session.rollback()
            form.score.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("Grade saved for %(name)s.", name=answer.attempt.user.name), "success")
            following = marking.queue(course, limit=1)
            if following and request.form.get("next"):
                return redirect(url_for("assessments.grade_answer", slug=slug, answer_id=following[0].id))
            return redirect(url_for("assessments.grading_queue", slug=slug))
    return render_template(
        "assessments/grade.html",
        course=course,
        answer=answer,
        attempt=answer.attempt,
        rubric=rubric,
        form=form,
        waiting=marking.queue_size(course),
        prompt=render_markdown(answer.question.prompt) if answer.question.prompt_format == "markdown" else None,
    ), (400 if request.method == "POST" else 200)


@bp.route("/<slug>/gradebook")
@login_required
def gradebook_page(slug: str):
    course = load_course(slug, "course.view")
    now = utcnow()
    staff = policy.can("course.gradebook", course)
    if not staff and not policy.can("course.study", course):
        abort(404)
    # A trainee's page closes only their own overdue attempts; the CSV closes them itself (gradebook.csv_lines).
    if request.args.get("format") != "csv" and gradebook.close_overdue(course, now, None if staff else current_user):
        db.session.commit()  # before reading: a commit afterwards would expire everything the page shows
    if not staff:
        # A trainee sees only their own grades and feedback.
        assessments, row = gradebook.own_row(course, current_user)
        mine = db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == current_user.id, Attempt.assessment_id.in_([a.id for a in assessments]))
            .order_by(Attempt.assessment_id, Attempt.number)
        ).all()
        return render_template(
            "assessments/my_grades.html",
            course=course,
            assessments=assessments,
            row=row,
            attempts=mine,
            status_labels=STATUS_LABELS,
        )
    filters = gradebook.Filters.from_args(request.args)
    if request.args.get("format") == "csv":
        lines = gradebook.csv_lines(course, filters, now)
        return Response(
            stream_with_context(lines),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{course.slug}-gradebook.csv"'},
        )
    page = int_arg("page") if "page" in request.args else 1
    if page is None:
        abort(404)
    per_page = 50
    book = gradebook.build(course, filters, page, per_page)
    pages = max(1, -(-book.total // per_page))
    if page > pages:
        abort(404)
    return render_template(
        "assessments/gradebook.html",
        course=course,
        book=book,
        rows=book.rows,
        page=page,
        pages=pages,
        filters=filters,
    )
