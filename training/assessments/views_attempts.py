"""Taking an assessment: the intro page, start or resume, answer (saved as you go), submit, review."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training import policy
from training.assessments import attempts as rules
from training.assessments import builder, grading, marking
from training.assessments.forms import LATE_LABELS, METHOD_LABELS, REVIEW_LABELS, STATUS_LABELS
from training.assessments.routes import bp, load_assessment, load_attempt
from training.courses.forms import ActionForm
from training.courses.routes import load_course
from training.db import utcnow
from training.extensions import db


@bp.route("/<slug>/assessments/<int:assessment_id>")
@login_required
def assessment_show(slug: str, assessment_id: int):
    course = load_course(slug, "course.study")
    assessment = load_assessment(course, assessment_id)
    manage = policy.can("course.manage", course)
    if not assessment.published and not manage:
        abort(404)
    now = utcnow()
    attempts = rules.attempts_of(assessment, current_user)
    closed = [a for a in attempts if rules.close_if_expired(a, now)]
    if closed:
        db.session.commit()
        flash(_("Time ran out on your attempt; it was submitted with the answers you had saved."), "info")
    can_take = policy.can("assessment.take", assessment)
    return render_template(
        "assessments/show.html",
        course=course,
        assessment=assessment,
        attempts=attempts,
        availability=rules.availability(assessment, attempts, now) if can_take else None,
        counted=marking.counted(assessment, [a for a in attempts if a.status == "graded"]),
        manage=manage,
        total=builder.total_points(assessment),
        question_count=sum(item.draw_count or 1 for item in assessment.items),
        action_form=ActionForm(),
        now=now,
        status_labels=STATUS_LABELS,
        labels={"late": LATE_LABELS, "method": METHOD_LABELS, "review": REVIEW_LABELS},
    )


@bp.route("/<slug>/assessments/<int:assessment_id>/start", methods=["POST"])
@login_required
def attempt_start(slug: str, assessment_id: int):
    course = load_course(slug, "course.study")
    assessment = load_assessment(course, assessment_id)
    if not policy.can("assessment.take", assessment):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = rules.start(assessment, current_user, utcnow())
    except rules.AttemptError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("assessments.assessment_show", slug=slug, assessment_id=assessment.id))
    db.session.commit()
    return redirect(url_for("assessments.attempt_take", slug=slug, attempt_id=attempt.id))


def responses_from_form(attempt, form) -> dict[int, dict | None]:
    """Read the take page's fields (``q<position>``, ``q<position>-<pair id>``) into stored responses."""
    responses: dict[int, dict | None] = {}
    for answer in attempt.answers:
        name = f"q{answer.position}"
        qtype = answer.question.type
        if qtype == "description":
            continue
        if qtype == "matching":
            matches = {
                pair["id"]: form.get(f"{name}-{pair['id']}", "")
                for pair in answer.question.spec.get("pairs", [])
                if pair.get("left")
            }
            if any(f"{name}-" in key for key in form):
                responses[answer.position] = {"matches": matches}
            continue
        if qtype == "multiple_choice":
            if f"{name}-present" in form or name in form:
                responses[answer.position] = {"choices": form.getlist(name)}
            continue
        if name not in form:
            continue
        value = form.get(name, "")
        if qtype == "single_choice":
            responses[answer.position] = {"choice": value} if value else None
        elif qtype == "true_false":
            responses[answer.position] = {"value": value == "true"} if value in ("true", "false") else None
        elif qtype == "numeric":
            responses[answer.position] = {"value": value}
        else:
            responses[answer.position] = {"text": value}
    return responses


@bp.route("/<slug>/attempts/<int:attempt_id>")
@login_required
def attempt_take(slug: str, attempt_id: int):
    attempt = load_attempt(slug, attempt_id, "attempt.answer")
    now = utcnow()
    if rules.close_if_expired(attempt, now):
        db.session.commit()
        flash(_("Time ran out on your attempt; it was submitted with the answers you had saved."), "info")
    if not attempt.in_progress:
        return redirect(url_for("assessments.attempt_review", slug=slug, attempt_id=attempt.id))
    return render_template(
        "assessments/take.html",
        course=attempt.assessment.course,
        attempt=attempt,
        assessment=attempt.assessment,
        remaining=None if attempt.deadline is None else max(0, int((attempt.deadline - now).total_seconds())),
        action_form=ActionForm(),
        answered={a.position: grading.is_answered(a.question.type, a.response) for a in attempt.answers},
    )


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/<slug>/attempts/<int:attempt_id>/save", methods=["POST"])
@login_required
def attempt_save(slug: str, attempt_id: int):
    attempt = load_attempt(slug, attempt_id, "attempt.answer")
    if not ActionForm().validate_on_submit():
        if _wants_json():
            return jsonify(error=_("Your session expired. Reload the page; your saved answers are kept.")), 400
        abort(400)
    now = utcnow()
    try:
        rules.save(attempt, responses_from_form(attempt, request.form), now)
    except rules.AttemptError as error:
        db.session.commit()  # the attempt may just have been closed by the timer
        if _wants_json():
            return jsonify(
                error=str(error),
                closed=True,
                review=url_for("assessments.attempt_review", slug=slug, attempt_id=attempt.id),
            ), 409
        flash(str(error), "error")
        return redirect(url_for("assessments.attempt_review", slug=slug, attempt_id=attempt.id))
    db.session.commit()
    remaining = None if attempt.deadline is None else max(0, int((attempt.deadline - now).total_seconds()))
    if _wants_json():
        return jsonify(
            saved_at=now.isoformat(),
            remaining=remaining,
            answered=[a.position for a in attempt.answers if grading.is_answered(a.question.type, a.response)],
        )
    flash(_("Your answers have been saved."), "success")
    return redirect(url_for("assessments.attempt_take", slug=slug, attempt_id=attempt.id))


@bp.route("/<slug>/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def attempt_submit(slug: str, attempt_id: int):
    attempt = load_attempt(slug, attempt_id, "attempt.answer", related=False)
    if not ActionForm().validate_on_submit():
        abort(400)
    now = utcnow()
    message = None
    try:
        if attempt.in_progress:
            rules.save(attempt, responses_from_form(attempt, request.form), now)
        submitted = rules.submit(attempt, now) if attempt.in_progress else False
    except rules.AttemptError as error:
        message = (str(error), "error")
    else:
        if submitted:
            message = (_("Your attempt has been submitted."), "success")
    # The message is translated before the commit, which expires the user and the attempt: nothing is read again.
    db.session.commit()
    if message:
        flash(*message)
    return redirect(url_for("assessments.attempt_review", slug=slug, attempt_id=attempt_id))


@bp.route("/<slug>/attempts/<int:attempt_id>/review")
@login_required
def attempt_review(slug: str, attempt_id: int):
    attempt = load_attempt(slug, attempt_id)
    now = utcnow()
    if rules.close_if_expired(attempt, now):
        db.session.commit()
    assessment = attempt.assessment
    staff = policy.can("course.oversee", assessment.course)
    if attempt.in_progress and not staff:
        return redirect(url_for("assessments.attempt_take", slug=slug, attempt_id=attempt.id))
    return render_template(
        "assessments/review.html",
        course=assessment.course,
        attempt=attempt,
        assessment=assessment,
        staff=staff,
        show_answers=staff or marking.review_shown(assessment, attempt, now),
        outcomes={a.position: grading.grade(a.question.type, a.question.spec, a.response) for a in attempt.answers},
        keys={a.position: grading.correct_answer_text(a.question.type, a.question.spec) for a in attempt.answers},
        answered={a.position: grading.is_answered(a.question.type, a.response) for a in attempt.answers},
        status_labels=STATUS_LABELS,
    )
