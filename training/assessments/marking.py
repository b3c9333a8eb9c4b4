"""Marking: automatic grading on submit, essays with rubrics, regrades, and which score counts.

Every grade change leaves an audit record with who made it, the old value and the new one. Callers commit.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from training.assessments import grading
from training.assessments.models import (
    Assessment,
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    GradingMethod,
    Question,
    ReviewPolicy,
    Rubric,
)
from training.audit.services import record
from training.db import utcnow
from training.extensions import db

CENT = Decimal("0.01")


class MarkingError(ValueError):
    """The grade cannot be recorded; the message is safe to show."""


def _points(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _auto_score(answer: AttemptAnswer) -> Decimal | None:
    """Points for an automatically graded answer; None when a person must grade it."""
    question = answer.question
    if question.type == "description":
        return Decimal(0)
    if question.type == "essay":
        # An empty essay needs no grader: it earns nothing.
        return None if grading.is_answered("essay", answer.response) else Decimal(0)
    outcome = grading.grade(question.type, question.spec, answer.response)
    return _points(Decimal(str(outcome.fraction or 0)) * answer.points)


def grade_submitted(attempt: Attempt) -> None:
    """Grade every automatic answer of a just-submitted attempt; essays join the grading queue."""
    for answer in attempt.answers:
        score = _auto_score(answer)
        answer.needs_grading = score is None
        answer.score = score
    finalise(attempt)
    _certificates_check(attempt)
    record(
        None,
        "attempt.submit",
        attempt,
        score=_str(attempt.score),
        status=attempt.status,
        by_timer=attempt.closed_by_timer,
        late=attempt.late,
    )


def finalise(attempt: Attempt) -> None:
    """Total the attempt once nothing waits for a grader; else mark it as awaiting grading."""
    if any(answer.needs_grading for answer in attempt.answers):
        attempt.status = AttemptStatus.AWAITING_GRADING.value
        attempt.score = attempt.percent = attempt.passed = None
        return
    assessment = attempt.assessment
    raw = sum((answer.score or Decimal(0) for answer in attempt.answers), Decimal(0))
    if attempt.late and assessment.late_penalty:
        raw = raw * (Decimal(100) - assessment.late_penalty) / Decimal(100)
    attempt.score = _points(raw)
    attempt.max_score = sum((answer.points for answer in attempt.answers), Decimal(0))
    attempt.percent = _points(attempt.score * 100 / attempt.max_score) if attempt.max_score else Decimal(100)
    attempt.passed = attempt.percent >= assessment.passing_score
    attempt.status = AttemptStatus.GRADED.value
    attempt.graded_at = utcnow()


def rubric_score(rubric: Rubric, choices: dict, points: Decimal) -> Decimal:
    """Points for the chosen level of every criterion, scaled to the question's points."""
    total = Decimal(0)
    for criterion in rubric.criteria:
        level_id = choices.get(criterion["id"])
        level = next((lv for lv in criterion["levels"] if lv["id"] == level_id), None)
        if level is None:
            raise MarkingError(_l("Choose a level for “%(title)s”.", title=criterion["title"]))
        total += Decimal(str(level["points"]))
    maximum = rubric.max_points
    return _points(total * points / maximum) if maximum else Decimal(0)


def grade_answer(
    grader,
    answer: AttemptAnswer,
    *,
    feedback: str,
    rubric: Rubric | None = None,
    choices: dict | None = None,
    score: Decimal | None = None,
) -> None:
    """Record a person's grade for one answer (an essay, or an override of an automatic grade)."""
    if answer.attempt.in_progress:
        raise MarkingError(_l("This attempt is still in progress."))
    if rubric is not None:
        score = rubric_score(rubric, choices or {}, answer.points)
    if score is None:
        raise MarkingError(_l("Give a score."))
    score = _points(score)
    if score < 0 or score > answer.points:
        raise MarkingError(_l("The score must be between 0 and %(points)s.", points=answer.points))
    old = answer.score
    answer.score = score
    answer.feedback = feedback.strip()
    answer.rubric_id = rubric.id if rubric is not None else None
    answer.rubric_choices = dict(choices) if rubric is not None else None
    answer.graded_by_id = grader.id
    answer.graded_at = utcnow()
    answer.needs_grading = False
    record(
        grader,
        "answer.grade",
        answer,
        attempt_id=answer.attempt_id,
        old=_str(old),
        new=_str(score),
        rubric_id=answer.rubric_id,
    )
    _refinalise(grader, answer.attempt)


def _refinalise(actor, attempt: Attempt) -> None:
    old = (attempt.status, _str(attempt.score))
    finalise(attempt)
    new = (attempt.status, _str(attempt.score))
    if new != old:
        record(actor, "attempt.grade", attempt, old_status=old[0], old=old[1], new_status=new[0], new=new[1])
        _certificates_check(attempt)


def _certificates_check(attempt: Attempt) -> None:
    """A grade changed: the course's certificate may now be due, or an issued one may need a flag."""
    if attempt.status == AttemptStatus.GRADED.value:
        from training.certificates.services import after_change

        db.session.flush()
        after_change(attempt.user_id, attempt.assessment.course_id)


def regrade_question(actor, question: Question) -> int:
    """Regrade every submitted answer to this question against its current key. Returns answers changed.

    Answers a person graded (essays, overrides) keep their grade.
    """
    answers = db.session.scalars(
        select(AttemptAnswer)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .where(AttemptAnswer.question_id == question.id, Attempt.status != AttemptStatus.IN_PROGRESS.value)
        .options(selectinload(AttemptAnswer.attempt).selectinload(Attempt.answers))
    ).all()
    changed = 0
    for answer in answers:
        if answer.graded_by_id is not None:
            continue
        new = _auto_score(answer)
        if new is None or new == answer.score:
            continue
        record(
            actor,
            "answer.regrade",
            answer,
            attempt_id=answer.attempt_id,
            question_id=question.id,
            old=_str(answer.score),
            new=_str(new),
        )
        answer.score = new
        answer.needs_grading = False
        changed += 1
        _refinalise(actor, answer.attempt)
    return changed


def counted(assessment: Assessment, graded: list[Attempt]) -> Decimal | None:
    """The percent that counts for one trainee, by the assessment's grading method (graded attempts only)."""
    percents = [a.percent for a in sorted(graded, key=lambda a: a.number) if a.percent is not None]
    if not percents:
        return None
    if assessment.grading_method == GradingMethod.LAST.value:
        return percents[-1]
    if assessment.grading_method == GradingMethod.AVERAGE.value:
        return _points(sum(percents, Decimal(0)) / len(percents))
    return max(percents)


def review_shown(assessment: Assessment, attempt: Attempt, now: datetime) -> bool:
    """May the trainee see their answers, the right answers and the feedback now?"""
    if attempt.status != AttemptStatus.GRADED.value:
        return False
    if assessment.review_policy == ReviewPolicy.AFTER_SUBMIT.value:
        return True
    if assessment.review_policy == ReviewPolicy.AFTER_CLOSE.value:
        return assessment.closes_at is not None and now >= assessment.closes_at
    return False


def waiting_answers(course):
    """The statement of the answers waiting for a grader, oldest submission first (the grading queue)."""
    return (
        select(AttemptAnswer)
        .join(Attempt, Attempt.id == AttemptAnswer.attempt_id)
        .join(Assessment, Assessment.id == Attempt.assessment_id)
        .where(Assessment.course_id == course.id, AttemptAnswer.needs_grading.is_(True))
        .order_by(Attempt.submitted_at, Attempt.id, AttemptAnswer.position)
        .options(
            selectinload(AttemptAnswer.attempt).selectinload(Attempt.user),
            selectinload(AttemptAnswer.attempt).selectinload(Attempt.assessment),
            selectinload(AttemptAnswer.question),
        )
    )


def queue(course, limit: int | None = None) -> list[AttemptAnswer]:
    stmt = waiting_answers(course)
    if limit:
        stmt = stmt.limit(limit)
    return list(db.session.scalars(stmt))


def queue_size(course) -> int:
    return db.session.scalar(select(func.count()).select_from(waiting_answers(course).order_by(None).subquery()))


def _str(value) -> str | None:
    return None if value is None else str(value)
